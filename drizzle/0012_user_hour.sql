CREATE TABLE "rollup_user_hour" (
	"project_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
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
	CONSTRAINT "rollup_user_hour_project_id_hour_user_id_environment_model_feature_task_type_pk" PRIMARY KEY("project_id","hour","user_id","environment","model","feature","task_type")
);
--> statement-breakpoint
ALTER TABLE "rollup_user_hour" ADD CONSTRAINT "rollup_user_hour_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rollup_user_hour_project_user_hour_idx" ON "rollup_user_hour" USING btree ("project_id","user_id","hour");--> statement-breakpoint
-- Hand-added: fill from the traces already stored, so an upgrade loses no history. The hour is the
-- UTC hour whatever the session's TimeZone (date_trunc of a timestamptz would follow it).
-- From here on the rollup job rebuilds an hour whenever it re-merges that hour of rollup_hour.
INSERT INTO "rollup_user_hour" ("project_id", "hour", "user_id", "environment", "model", "feature", "task_type",
	"requests", "errors", "input_tokens", "output_tokens", "cost_usd")
SELECT "project_id", date_trunc('hour', "start_time" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "user_id", "environment",
	coalesce("model", ''), coalesce("feature", ''), coalesce("task_type", ''),
	count(*), count(*) FILTER (WHERE "status" = 'error'), sum("input_tokens"), sum("output_tokens"), sum("cost_usd")
FROM "traces"
WHERE "user_id" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;
