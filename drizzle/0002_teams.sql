CREATE TABLE "team_channels" (
	"workspace_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"team_id" bigint NOT NULL,
	CONSTRAINT "team_channels_workspace_id_channel_id_pk" PRIMARY KEY("workspace_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "teams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"auto_named" boolean DEFAULT false NOT NULL,
	"triage_channel_id" text,
	"needs_info_days" integer DEFAULT 14 NOT NULL,
	"backlog_cap" integer DEFAULT 25 NOT NULL,
	"stale_after_days" integer DEFAULT 30 NOT NULL,
	"digest_channel_id" text,
	"digest_weekday" integer DEFAULT 1 NOT NULL,
	"digest_time" text DEFAULT '09:00' NOT NULL,
	"time_zone" text,
	"skip_quiet_weeks" boolean DEFAULT false NOT NULL,
	"triager_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"digest_notice_sent_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "team_channels" ADD CONSTRAINT "team_channels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "team_channels" ADD CONSTRAINT "team_channels_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "team_channels_team_idx" ON "team_channels" USING btree ("team_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "teams_workspace_name_key" ON "teams" USING btree ("workspace_id",lower("name")) WHERE "teams"."archived_at" is null;
--> statement-breakpoint
CREATE UNIQUE INDEX "teams_workspace_default_key" ON "teams" USING btree ("workspace_id") WHERE "teams"."is_default";
--> statement-breakpoint
ALTER TABLE "bugs" ADD COLUMN "team_id" bigint DEFAULT null;
--> statement-breakpoint
ALTER TABLE "digest_runs" ADD COLUMN "team_id" bigint DEFAULT null;
--> statement-breakpoint
ALTER TABLE "item_history" ADD COLUMN "team_id" bigint;
--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "team_id" bigint DEFAULT null;
--> statement-breakpoint
-- Every existing workspace gets its default team, holding its settings; it is renamed after the workspace
-- when the app learns the workspace's name (auto_named).
INSERT INTO "teams" ("workspace_id", "name", "is_default", "auto_named", "triage_channel_id", "needs_info_days", "backlog_cap", "stale_after_days", "digest_channel_id", "digest_weekday", "digest_time", "time_zone", "skip_quiet_weeks", "digest_notice_sent_at")
SELECT "id", 'Default team', true, true, "triage_channel_id", "needs_info_days", "backlog_cap", "stale_after_days", "digest_channel_id", "digest_weekday", "digest_time", "time_zone", "skip_quiet_weeks", "digest_notice_sent_at" FROM "workspaces"
--> statement-breakpoint
UPDATE "bugs" SET "team_id" = t."id" FROM "teams" t WHERE t."workspace_id" = "bugs"."workspace_id" AND t."is_default"
--> statement-breakpoint
UPDATE "stories" SET "team_id" = t."id" FROM "teams" t WHERE t."workspace_id" = "stories"."workspace_id" AND t."is_default"
--> statement-breakpoint
UPDATE "item_history" SET "team_id" = t."id" FROM "teams" t WHERE t."workspace_id" = "item_history"."workspace_id" AND t."is_default"
--> statement-breakpoint
UPDATE "digest_runs" SET "team_id" = t."id" FROM "teams" t WHERE t."workspace_id" = "digest_runs"."workspace_id" AND t."is_default"
--> statement-breakpoint
ALTER TABLE "bugs" ALTER COLUMN "team_id" SET NOT NULL
--> statement-breakpoint
ALTER TABLE "stories" ALTER COLUMN "team_id" SET NOT NULL
--> statement-breakpoint
ALTER TABLE "digest_runs" ALTER COLUMN "team_id" SET NOT NULL
--> statement-breakpoint
-- A new workspace row comes with its default team, whoever inserts it.
CREATE FUNCTION "shortlist_default_team"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "teams" ("workspace_id", "name", "is_default", "auto_named") VALUES (NEW."id", 'Default team', true, true);
  RETURN NEW;
END $$
--> statement-breakpoint
CREATE TRIGGER "workspaces_default_team" AFTER INSERT ON "workspaces" FOR EACH ROW EXECUTE FUNCTION "shortlist_default_team"()
--> statement-breakpoint
-- A row inserted without a team (an item, a digest claim) is its workspace's default team's.
CREATE FUNCTION "shortlist_default_team_of_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."team_id" IS NULL THEN
    SELECT "id" INTO NEW."team_id" FROM "teams" WHERE "workspace_id" = NEW."workspace_id" AND "is_default";
  END IF;
  RETURN NEW;
END $$
--> statement-breakpoint
CREATE TRIGGER "bugs_team" BEFORE INSERT ON "bugs" FOR EACH ROW EXECUTE FUNCTION "shortlist_default_team_of_row"()
--> statement-breakpoint
CREATE TRIGGER "stories_team" BEFORE INSERT ON "stories" FOR EACH ROW EXECUTE FUNCTION "shortlist_default_team_of_row"()
--> statement-breakpoint
CREATE TRIGGER "digest_runs_team" BEFORE INSERT ON "digest_runs" FOR EACH ROW EXECUTE FUNCTION "shortlist_default_team_of_row"()
--> statement-breakpoint
-- A history row without a team is its item's current team's.
CREATE FUNCTION "shortlist_history_team"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."team_id" IS NULL THEN
    IF NEW."item_type" = 'bug' THEN
      SELECT "team_id" INTO NEW."team_id" FROM "bugs" WHERE "id" = NEW."item_id";
    ELSE
      SELECT "team_id" INTO NEW."team_id" FROM "stories" WHERE "id" = NEW."item_id";
    END IF;
  END IF;
  RETURN NEW;
END $$
--> statement-breakpoint
CREATE TRIGGER "item_history_team" BEFORE INSERT ON "item_history" FOR EACH ROW EXECUTE FUNCTION "shortlist_history_team"()
--> statement-breakpoint
ALTER TABLE "digest_runs" DROP CONSTRAINT "digest_runs_workspace_id_period_key_pk";
--> statement-breakpoint
ALTER TABLE "digest_runs" ADD CONSTRAINT "digest_runs_team_id_period_key_pk" PRIMARY KEY("team_id","period_key");
--> statement-breakpoint
ALTER TABLE "bugs" ADD CONSTRAINT "bugs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "digest_runs" ADD CONSTRAINT "digest_runs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "item_history" ADD CONSTRAINT "item_history_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "bugs_team_status_idx" ON "bugs" USING btree ("team_id","status","created_at");
--> statement-breakpoint
CREATE INDEX "bugs_team_open_ratings_idx" ON "bugs" USING btree ("team_id","probability","impact") WHERE status <> 'resolved';
--> statement-breakpoint
CREATE INDEX "bugs_team_open_updated_idx" ON "bugs" USING btree ("team_id","updated_at") WHERE status <> 'resolved';
--> statement-breakpoint
CREATE INDEX "bugs_team_open_risk_idx" ON "bugs" USING btree ("team_id",("probability" * "impact") desc nulls last) WHERE status <> 'resolved';
--> statement-breakpoint
CREATE INDEX "digest_runs_workspace_idx" ON "digest_runs" USING btree ("workspace_id","period_key");
--> statement-breakpoint
CREATE INDEX "item_history_team_time_idx" ON "item_history" USING btree ("team_id","created_at");
--> statement-breakpoint
CREATE INDEX "stories_team_status_idx" ON "stories" USING btree ("team_id","status");
--> statement-breakpoint
CREATE INDEX "stories_team_open_updated_idx" ON "stories" USING btree ("team_id","updated_at") WHERE status in ('idea', 'ready', 'in_progress');
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "triage_channel_id";
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "needs_info_days";
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "backlog_cap";
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "stale_after_days";
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "digest_channel_id";
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "digest_weekday";
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "digest_time";
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "time_zone";
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "skip_quiet_weeks";
--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "digest_notice_sent_at";
