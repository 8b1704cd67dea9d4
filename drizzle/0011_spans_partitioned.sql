-- spans becomes PARTITION BY RANGE (start_time) with one partition per UTC day, named
-- spans_pYYYYMMDD, and spans_default for anything outside them (server/partitions keeps the
-- partitions: ahead of time, and for late data it moves out of the default). PostgreSQL wants the
-- partition key in every unique key, so the primary key gains start_time; its index still leads
-- with (project_id, trace_id, span_id) and serves lookups by trace and span. Hand-written: drizzle-kit
-- only generated the primary-key change (its snapshot matches db/schema/traces.ts).
ALTER TABLE "spans" RENAME TO "spans_unpartitioned";--> statement-breakpoint
ALTER TABLE "spans_unpartitioned" DROP CONSTRAINT "spans_project_id_trace_id_span_id_pk";--> statement-breakpoint
ALTER TABLE "spans_unpartitioned" DROP CONSTRAINT "spans_project_id_projects_id_fk";--> statement-breakpoint
DROP INDEX "spans_project_time_idx";--> statement-breakpoint
DROP INDEX "spans_project_stage_time_idx";--> statement-breakpoint
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
	CONSTRAINT "spans_project_id_trace_id_span_id_start_time_pk" PRIMARY KEY("project_id","trace_id","span_id","start_time")
) PARTITION BY RANGE ("start_time");--> statement-breakpoint
ALTER TABLE "spans" ADD CONSTRAINT "spans_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "spans_project_time_idx" ON "spans" USING btree ("project_id","start_time");--> statement-breakpoint
CREATE INDEX "spans_project_stage_time_idx" ON "spans" USING btree ("project_id","stage","start_time");--> statement-breakpoint
CREATE TABLE "spans_default" PARTITION OF "spans" DEFAULT;--> statement-breakpoint
-- a partition for every UTC day that has spans, and for yesterday to two days ahead
DO $$
DECLARE
	d date;
BEGIN
	FOR d IN
		SELECT DISTINCT (start_time AT TIME ZONE 'UTC')::date FROM "spans_unpartitioned"
		UNION
		SELECT generate_series((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 2, interval '1 day')::date
		ORDER BY 1
	LOOP
		EXECUTE format(
			'CREATE TABLE %I PARTITION OF "spans" FOR VALUES FROM (%L) TO (%L)',
			'spans_p' || to_char(d, 'YYYYMMDD'),
			to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00',
			to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00'
		);
	END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "spans" ("project_id", "trace_id", "span_id", "parent_span_id", "name", "kind", "stage", "start_time",
	"end_time", "duration_ms", "ttft_ms", "completion_start_time", "model", "provider", "input_tokens", "output_tokens",
	"cached_tokens", "cost_usd", "status", "error_type", "http_status", "attempt", "retry_of_span_id", "fallback_index",
	"fallback_from_model", "cache_outcome", "cache_similarity", "circuit_state", "input_text", "output_text", "attributes")
SELECT "project_id", "trace_id", "span_id", "parent_span_id", "name", "kind", "stage", "start_time",
	"end_time", "duration_ms", "ttft_ms", "completion_start_time", "model", "provider", "input_tokens", "output_tokens",
	"cached_tokens", "cost_usd", "status", "error_type", "http_status", "attempt", "retry_of_span_id", "fallback_index",
	"fallback_from_model", "cache_outcome", "cache_similarity", "circuit_state", "input_text", "output_text", "attributes"
FROM "spans_unpartitioned";--> statement-breakpoint
DROP TABLE "spans_unpartitioned";
