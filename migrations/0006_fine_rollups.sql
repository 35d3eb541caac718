-- A finer rollup level, 8 steps per bucket (decision 015), for ranges too short for the 64-step one.
CREATE TABLE "metric_fine_rollups" (
	"run_seq" bigint NOT NULL,
	"key_id" integer NOT NULL,
	"bucket" bigint NOT NULL,
	"n" integer NOT NULL,
	"finite_n" integer NOT NULL,
	"finite_sum" double precision NOT NULL,
	"first_step" bigint NOT NULL,
	"first_value" double precision NOT NULL,
	"last_step" bigint NOT NULL,
	"last_value" double precision NOT NULL,
	"min_step" bigint,
	"min_value" double precision,
	"max_step" bigint,
	"max_value" double precision,
	CONSTRAINT "metric_fine_rollups_pkey" PRIMARY KEY("run_seq","key_id","bucket")
);
--> statement-breakpoint
ALTER TABLE "metric_fine_rollups" ADD CONSTRAINT "metric_fine_rollups_run_seq_runs_seq_fk" FOREIGN KEY ("run_seq") REFERENCES "public"."runs"("seq") ON DELETE cascade ON UPDATE no action;