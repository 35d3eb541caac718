CREATE TABLE "metric_rollup_versions" (
	"run_seq" bigint NOT NULL,
	"key_id" integer NOT NULL,
	"run_version" bigint NOT NULL,
	CONSTRAINT "metric_rollup_versions_run_seq_key_id_pk" PRIMARY KEY("run_seq","key_id")
);
--> statement-breakpoint
CREATE TABLE "metric_rollups" (
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
	CONSTRAINT "metric_rollups_pkey" PRIMARY KEY("run_seq","key_id","bucket")
);
--> statement-breakpoint
ALTER TABLE "metric_rollup_versions" ADD CONSTRAINT "metric_rollup_versions_run_seq_runs_seq_fk" FOREIGN KEY ("run_seq") REFERENCES "public"."runs"("seq") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollups" ADD CONSTRAINT "metric_rollups_run_seq_runs_seq_fk" FOREIGN KEY ("run_seq") REFERENCES "public"."runs"("seq") ON DELETE cascade ON UPDATE no action;