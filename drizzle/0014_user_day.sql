CREATE TABLE "rollup_user_day" (
	"project_id" uuid NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"user_id" text NOT NULL,
	"environment" text NOT NULL,
	"model" text NOT NULL,
	"feature" text NOT NULL,
	"task_type" text NOT NULL,
	"requests" bigint NOT NULL,
	"errors" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_usd" double precision NOT NULL,
	CONSTRAINT "rollup_user_day_project_id_day_user_id_environment_model_feature_task_type_pk" PRIMARY KEY("project_id","day","user_id","environment","model","feature","task_type")
);
--> statement-breakpoint
ALTER TABLE "rollup_user_day" ADD CONSTRAINT "rollup_user_day_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rollup_user_day_project_user_day_idx" ON "rollup_user_day" USING btree ("project_id","user_id","day");--> statement-breakpoint
-- Hand-added: fill from the per-user hours already stored, so an upgrade loses no history. The day
-- is the UTC day whatever the session's TimeZone (date_trunc of a timestamptz would follow it).
-- An hour still pending in the rollup job keeps its day off this table for reads until the job
-- rebuilds the hour, which marks the day for re-merging, which rebuilds the day here.
INSERT INTO "rollup_user_day" ("project_id", "day", "user_id", "environment", "model", "feature", "task_type",
	"requests", "errors", "input_tokens", "output_tokens", "cost_usd")
SELECT "project_id", date_trunc('day', "hour" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "user_id", "environment",
	"model", "feature", "task_type",
	sum("requests"), sum("errors"), sum("input_tokens"), sum("output_tokens"), sum("cost_usd")
FROM "rollup_user_hour"
GROUP BY 1, 2, 3, 4, 5, 6, 7;
