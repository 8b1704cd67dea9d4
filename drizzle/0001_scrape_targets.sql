CREATE TABLE "scrape_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"url" text NOT NULL,
	"interval_s" integer DEFAULT 15 NOT NULL,
	"extra_labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now(),
	"last_scrape_at" timestamp with time zone,
	"last_duration_ms" double precision,
	"last_error" text,
	"last_samples" integer,
	"next_scrape_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "scrape_targets" ADD CONSTRAINT "scrape_targets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scrape_targets_due_idx" ON "scrape_targets" USING btree ("enabled","next_scrape_at");