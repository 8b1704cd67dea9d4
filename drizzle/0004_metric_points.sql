CREATE TABLE "metric_points" (
	"project_id" uuid NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"host" text NOT NULL,
	"source" text NOT NULL,
	"name" text NOT NULL,
	"series_key" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"kind" text NOT NULL,
	"value" double precision,
	"histogram" jsonb,
	CONSTRAINT "metric_points_project_id_host_series_key_time_pk" PRIMARY KEY("project_id","host","series_key","time")
);
--> statement-breakpoint
ALTER TABLE "metric_points" ADD CONSTRAINT "metric_points_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_points_project_name_time_idx" ON "metric_points" USING btree ("project_id","name","time");