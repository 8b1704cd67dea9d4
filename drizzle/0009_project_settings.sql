CREATE TABLE "project_settings" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"redact_email" boolean DEFAULT true NOT NULL,
	"redact_phone" boolean DEFAULT true NOT NULL,
	"redact_credit_card" boolean DEFAULT true NOT NULL,
	"redact_ip" boolean DEFAULT false NOT NULL,
	"redact_secrets" boolean DEFAULT true NOT NULL,
	"custom_patterns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"drop_text" boolean DEFAULT false NOT NULL,
	"max_text_chars" integer DEFAULT 16384 NOT NULL,
	"email_user_ids" text DEFAULT 'hash' NOT NULL,
	"retention_days" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_settings" ADD CONSTRAINT "project_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;