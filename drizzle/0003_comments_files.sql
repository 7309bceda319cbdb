CREATE TABLE "bug_files" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bug_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"bug_id" bigint NOT NULL,
	"slack_file_id" text NOT NULL,
	"name" text NOT NULL,
	"mimetype" text,
	"filetype" text,
	"size" integer,
	"permalink" text,
	"state" text DEFAULT 'available' NOT NULL,
	"shared_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"workspace_id" text NOT NULL,
	"item_type" text NOT NULL,
	"item_id" bigint NOT NULL,
	"channel_id" text NOT NULL,
	"ts" text NOT NULL,
	"thread_ts" text NOT NULL,
	"author_id" text NOT NULL,
	"text" text NOT NULL,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	"edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bugs" ADD COLUMN "source_channel_id" text;--> statement-breakpoint
ALTER TABLE "bugs" ADD COLUMN "source_ts" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "intake_emoji" text DEFAULT 'bug' NOT NULL;--> statement-breakpoint
ALTER TABLE "bug_files" ADD CONSTRAINT "bug_files_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bug_files" ADD CONSTRAINT "bug_files_bug_id_bugs_id_fk" FOREIGN KEY ("bug_id") REFERENCES "public"."bugs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bug_files_file_key" ON "bug_files" USING btree ("bug_id","slack_file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "comments_message_key" ON "comments" USING btree ("workspace_id","channel_id","ts");--> statement-breakpoint
CREATE INDEX "comments_item_idx" ON "comments" USING btree ("item_type","item_id","posted_at");--> statement-breakpoint
CREATE INDEX "comments_workspace_time_idx" ON "comments" USING btree ("workspace_id","posted_at");--> statement-breakpoint
CREATE INDEX "bugs_thread_idx" ON "bugs" USING btree ("thread_channel_id","thread_ts");--> statement-breakpoint
CREATE INDEX "bugs_triage_message_idx" ON "bugs" USING btree ("triage_channel_id","triage_ts");--> statement-breakpoint
CREATE INDEX "bugs_source_message_idx" ON "bugs" USING btree ("workspace_id","source_channel_id","source_ts");--> statement-breakpoint
CREATE INDEX "stories_thread_idx" ON "stories" USING btree ("thread_channel_id","thread_ts");