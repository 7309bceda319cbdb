CREATE TABLE "flag_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"team_id" bigint NOT NULL,
	"provider" text NOT NULL,
	"production_environment" text DEFAULT 'production' NOT NULL,
	"secret_encrypted" text,
	"unsigned" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "flag_events" (
	"connection_id" text NOT NULL,
	"event_id" text NOT NULL,
	"flag_key" text NOT NULL,
	"environment" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flag_events_connection_id_event_id_flag_key_environment_pk" PRIMARY KEY("connection_id","event_id","flag_key","environment")
);
--> statement-breakpoint
CREATE TABLE "flag_states" (
	"workspace_id" text NOT NULL,
	"team_id" bigint NOT NULL,
	"flag_key" text NOT NULL,
	"environment" text NOT NULL,
	"event_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"enabled" boolean,
	"rollout_percent" integer,
	"production" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flag_states_team_id_flag_key_environment_pk" PRIMARY KEY("team_id","flag_key","environment")
);
--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "shipped_by_flag" text;--> statement-breakpoint
ALTER TABLE "flag_connections" ADD CONSTRAINT "flag_connections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag_connections" ADD CONSTRAINT "flag_connections_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag_events" ADD CONSTRAINT "flag_events_connection_id_flag_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."flag_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag_states" ADD CONSTRAINT "flag_states_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag_states" ADD CONSTRAINT "flag_states_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flag_connections_team_idx" ON "flag_connections" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "flag_events_received_idx" ON "flag_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "stories_team_flag_idx" ON "stories" USING btree ("team_id","flag_key");