CREATE INDEX "bugs_team_created_idx" ON "bugs" USING btree ("team_id","created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX "bugs_workspace_created_idx" ON "bugs" USING btree ("workspace_id","created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX "stories_team_created_idx" ON "stories" USING btree ("team_id","created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX "stories_workspace_created_idx" ON "stories" USING btree ("workspace_id","created_at" desc,"id" desc);