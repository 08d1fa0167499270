CREATE TABLE "note_event_horizons" (
	"scope" text PRIMARY KEY NOT NULL,
	"pruned_through" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "note_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"change" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "edited_by" text;--> statement-breakpoint
CREATE INDEX "note_events_scope_idx" ON "note_events" USING btree ("scope","id");--> statement-breakpoint
CREATE INDEX "note_events_created_idx" ON "note_events" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;