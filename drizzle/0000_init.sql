CREATE TABLE "bugs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bugs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"number" integer NOT NULL,
	"summary" text NOT NULL,
	"steps" text NOT NULL,
	"expected" text NOT NULL,
	"actual" text NOT NULL,
	"environment" text,
	"link" text,
	"source_permalink" text,
	"status" text DEFAULT 'new' NOT NULL,
	"resolution" text,
	"duplicate_of_id" bigint,
	"probability" integer,
	"impact" integer,
	"owner_id" text,
	"reporter_id" text NOT NULL,
	"channel_id" text,
	"thread_channel_id" text,
	"thread_ts" text,
	"triage_channel_id" text,
	"triage_ts" text,
	"needs_info_since" timestamp with time zone,
	"source_view_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "bugs_probability_range" CHECK ("bugs"."probability" between 1 and 5),
	CONSTRAINT "bugs_impact_range" CHECK ("bugs"."impact" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "digest_runs" (
	"workspace_id" text NOT NULL,
	"period_key" text NOT NULL,
	"outcome" text NOT NULL,
	"catch_up" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digest_runs_workspace_id_period_key_pk" PRIMARY KEY("workspace_id","period_key")
);
--> statement-breakpoint
CREATE TABLE "installations" (
	"key" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"enterprise_id" text,
	"is_enterprise_install" boolean DEFAULT false NOT NULL,
	"app_id" text,
	"bot_id" text,
	"bot_user_id" text,
	"bot_scopes" text,
	"bot_token_encrypted" text NOT NULL,
	"bot_refresh_token_encrypted" text,
	"bot_token_expires_at" integer,
	"installer_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "item_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"item_type" text NOT NULL,
	"item_id" bigint NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"state" text PRIMARY KEY NOT NULL,
	"install_options" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"dedupe_key" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stories" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"persona" text NOT NULL,
	"want" text NOT NULL,
	"benefit" text NOT NULL,
	"criteria" text NOT NULL,
	"flag_key" text,
	"status" text DEFAULT 'idea' NOT NULL,
	"reporter_id" text NOT NULL,
	"channel_id" text,
	"thread_channel_id" text,
	"thread_ts" text,
	"source_view_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ready_at" timestamp with time zone,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "watchers" (
	"workspace_id" text NOT NULL,
	"item_type" text NOT NULL,
	"item_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watchers_item_type_item_id_user_id_pk" PRIMARY KEY("item_type","item_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text,
	"bug_seq" integer DEFAULT 0 NOT NULL,
	"story_seq" integer DEFAULT 0 NOT NULL,
	"triage_channel_id" text,
	"needs_info_days" integer DEFAULT 14 NOT NULL,
	"backlog_cap" integer DEFAULT 25 NOT NULL,
	"stale_after_days" integer DEFAULT 30 NOT NULL,
	"digest_channel_id" text,
	"digest_weekday" integer DEFAULT 1 NOT NULL,
	"digest_time" text DEFAULT '09:00' NOT NULL,
	"time_zone" text,
	"skip_quiet_weeks" boolean DEFAULT false NOT NULL,
	"installer_user_id" text,
	"digest_notice_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bugs" ADD CONSTRAINT "bugs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_runs" ADD CONSTRAINT "digest_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_history" ADD CONSTRAINT "item_history_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchers" ADD CONSTRAINT "watchers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bugs_workspace_number_key" ON "bugs" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "bugs_workspace_view_key" ON "bugs" USING btree ("workspace_id","source_view_id");--> statement-breakpoint
CREATE INDEX "bugs_workspace_status_idx" ON "bugs" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "bugs_needs_info_idx" ON "bugs" USING btree ("needs_info_since") WHERE "bugs"."status" = 'needs_info';--> statement-breakpoint
CREATE INDEX "bugs_summary_search_idx" ON "bugs" USING gin (to_tsvector('english', "summary"));--> statement-breakpoint
CREATE INDEX "bugs_text_search_idx" ON "bugs" USING gin (to_tsvector('english', "summary" || ' ' || "steps" || ' ' || "expected" || ' ' || "actual" || ' ' || coalesce("environment", '')));--> statement-breakpoint
CREATE INDEX "bugs_workspace_updated_idx" ON "bugs" USING btree ("workspace_id","updated_at");--> statement-breakpoint
CREATE INDEX "bugs_workspace_reporter_idx" ON "bugs" USING btree ("workspace_id","reporter_id");--> statement-breakpoint
CREATE INDEX "bugs_workspace_owner_idx" ON "bugs" USING btree ("workspace_id","owner_id");--> statement-breakpoint
CREATE INDEX "bugs_open_risk_idx" ON "bugs" USING btree ("workspace_id",("probability" * "impact") desc nulls last) WHERE "bugs"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "item_history_item_idx" ON "item_history" USING btree ("item_type","item_id","created_at");--> statement-breakpoint
CREATE INDEX "item_history_workspace_time_idx" ON "item_history" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_key" ON "outbox" USING btree ("workspace_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "processed_events_created_idx" ON "processed_events" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stories_workspace_number_key" ON "stories" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "stories_workspace_view_key" ON "stories" USING btree ("workspace_id","source_view_id");--> statement-breakpoint
CREATE INDEX "stories_workspace_status_idx" ON "stories" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "stories_workspace_updated_idx" ON "stories" USING btree ("workspace_id","updated_at");--> statement-breakpoint
CREATE INDEX "stories_workspace_reporter_idx" ON "stories" USING btree ("workspace_id","reporter_id");--> statement-breakpoint
CREATE INDEX "stories_text_search_idx" ON "stories" USING gin (to_tsvector('english', "title" || ' ' || "persona" || ' ' || "want" || ' ' || "benefit" || ' ' || "criteria"));