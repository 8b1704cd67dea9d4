CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scope" text DEFAULT 'ingest' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "spans" (
	"project_id" uuid NOT NULL,
	"trace_id" text NOT NULL,
	"span_id" text NOT NULL,
	"parent_span_id" text,
	"name" text NOT NULL,
	"kind" text DEFAULT 'internal' NOT NULL,
	"stage" text DEFAULT 'other' NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL,
	"duration_ms" double precision NOT NULL,
	"ttft_ms" double precision,
	"completion_start_time" timestamp with time zone,
	"model" text,
	"provider" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"cached_tokens" integer,
	"cost_usd" double precision,
	"status" text DEFAULT 'ok' NOT NULL,
	"error_type" text,
	"http_status" smallint,
	"attempt" smallint DEFAULT 1 NOT NULL,
	"retry_of_span_id" text,
	"fallback_index" smallint DEFAULT 0 NOT NULL,
	"fallback_from_model" text,
	"cache_outcome" text,
	"cache_similarity" double precision,
	"circuit_state" text,
	"input_text" text,
	"output_text" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "spans_project_id_trace_id_span_id_pk" PRIMARY KEY("project_id","trace_id","span_id")
);
--> statement-breakpoint
CREATE TABLE "traces" (
	"project_id" uuid NOT NULL,
	"trace_id" text NOT NULL,
	"name" text,
	"task_type" text,
	"feature" text,
	"user_id" text,
	"session_id" text,
	"environment" text DEFAULT 'production' NOT NULL,
	"release" text,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL,
	"duration_ms" double precision NOT NULL,
	"ttft_ms" double precision,
	"status" text DEFAULT 'ok' NOT NULL,
	"error_type" text,
	"model" text,
	"provider" text,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"cache_outcome" text,
	"attempt_count" smallint DEFAULT 1 NOT NULL,
	"fallback_used" boolean DEFAULT false NOT NULL,
	"span_count" integer DEFAULT 0 NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"explicit_fields" text[] DEFAULT '{}' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "traces_project_id_trace_id_pk" PRIMARY KEY("project_id","trace_id")
);
--> statement-breakpoint
CREATE TABLE "engine_samples" (
	"project_id" uuid NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"host" text NOT NULL,
	"gpu_key" text DEFAULT '' NOT NULL,
	"source" text DEFAULT 'custom' NOT NULL,
	"gpu_index" integer,
	"gpu_uuid" text,
	"gpu_name" text,
	"gpu_util_pct" double precision,
	"mem_used_bytes" bigint,
	"mem_total_bytes" bigint,
	"power_w" double precision,
	"temperature_c" double precision,
	"kv_cache_usage_pct" double precision,
	"requests_running" double precision,
	"requests_waiting" double precision,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "engine_samples_project_id_host_gpu_key_source_time_pk" PRIMARY KEY("project_id","host","gpu_key","source","time")
);
--> statement-breakpoint
CREATE TABLE "model_prices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_prices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"project_id" uuid,
	"provider" text,
	"model_pattern" text NOT NULL,
	"input_usd_per_mtok" double precision NOT NULL,
	"output_usd_per_mtok" double precision NOT NULL,
	"cached_input_usd_per_mtok" double precision,
	"origin" text DEFAULT 'user' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spans" ADD CONSTRAINT "spans_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "traces" ADD CONSTRAINT "traces_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engine_samples" ADD CONSTRAINT "engine_samples_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_project_idx" ON "api_keys" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "spans_project_time_idx" ON "spans" USING btree ("project_id","start_time");--> statement-breakpoint
CREATE INDEX "spans_project_stage_time_idx" ON "spans" USING btree ("project_id","stage","start_time");--> statement-breakpoint
CREATE INDEX "traces_project_time_idx" ON "traces" USING btree ("project_id","start_time" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "traces_project_user_time_idx" ON "traces" USING btree ("project_id","user_id","start_time");--> statement-breakpoint
CREATE INDEX "engine_samples_project_time_idx" ON "engine_samples" USING btree ("project_id","time");--> statement-breakpoint
CREATE INDEX "model_prices_project_idx" ON "model_prices" USING btree ("project_id");