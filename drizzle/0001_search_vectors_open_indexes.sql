DROP INDEX "bugs_text_search_idx";--> statement-breakpoint
DROP INDEX "bugs_workspace_updated_idx";--> statement-breakpoint
DROP INDEX "stories_workspace_updated_idx";--> statement-breakpoint
DROP INDEX "stories_text_search_idx";--> statement-breakpoint
DROP INDEX "bugs_workspace_status_idx";--> statement-breakpoint
DROP INDEX "bugs_summary_search_idx";--> statement-breakpoint
DROP INDEX "bugs_open_risk_idx";--> statement-breakpoint
ALTER TABLE "bugs" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', summary || ' ' || steps || ' ' || expected || ' ' || actual || ' ' || coalesce(environment, ''))) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || persona || ' ' || want || ' ' || benefit || ' ' || criteria)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "bugs_open_ratings_idx" ON "bugs" USING btree ("workspace_id","probability","impact") WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX "bugs_search_idx" ON "bugs" USING gin ("search_vector") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "bugs_open_updated_idx" ON "bugs" USING btree ("workspace_id","updated_at") WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX "stories_open_updated_idx" ON "stories" USING btree ("workspace_id","updated_at") WHERE status in ('idea', 'ready', 'in_progress');--> statement-breakpoint
CREATE INDEX "stories_search_idx" ON "stories" USING gin ("search_vector") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "bugs_workspace_status_idx" ON "bugs" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE INDEX "bugs_summary_search_idx" ON "bugs" USING gin (to_tsvector('english', "summary")) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "bugs_open_risk_idx" ON "bugs" USING btree ("workspace_id",("probability" * "impact") desc nulls last) WHERE status <> 'resolved';