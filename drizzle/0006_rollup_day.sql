CREATE TABLE "rollup_day" (
	"project_id" uuid NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"stage" text NOT NULL,
	"environment" text NOT NULL,
	"model" text NOT NULL,
	"provider" text NOT NULL,
	"task_type" text NOT NULL,
	"feature" text NOT NULL,
	"status" text NOT NULL,
	"count" bigint NOT NULL,
	"rate_limited" bigint NOT NULL,
	"timeouts" bigint NOT NULL,
	"server_errors" bigint NOT NULL,
	"retries" bigint NOT NULL,
	"attempts" bigint NOT NULL,
	"fallbacks" bigint NOT NULL,
	"circuit_open" bigint NOT NULL,
	"cache_exact" bigint NOT NULL,
	"cache_semantic" bigint NOT NULL,
	"cache_lookups" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cached_tokens" bigint NOT NULL,
	"cost_usd" double precision NOT NULL,
	"duration_sum_ms" double precision NOT NULL,
	"duration_max_ms" double precision,
	"duration_sketch" jsonb NOT NULL,
	"ttft_sketch" jsonb NOT NULL,
	"tpot_sketch" jsonb NOT NULL,
	CONSTRAINT "rollup_day_project_id_minute_stage_environment_model_provider_task_type_feature_status_pk" PRIMARY KEY("project_id","minute","stage","environment","model","provider","task_type","feature","status")
);
--> statement-breakpoint
CREATE TABLE "rollup_dirty_day" (
	"project_id" uuid NOT NULL,
	"day" timestamp with time zone NOT NULL,
	CONSTRAINT "rollup_dirty_day_project_id_day_pk" PRIMARY KEY("project_id","day")
);
--> statement-breakpoint
ALTER TABLE "rollup_day" ADD CONSTRAINT "rollup_day_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rollup_day_project_stage_minute_idx" ON "rollup_day" USING btree ("project_id","stage","minute");