-- Rollups are now kept current per key by run_metrics.rollup_dirty_from (decision 015); existing keys
-- start dirty from step 0 (the column default), so their rollups are rebuilt once on first use.
DROP TABLE "metric_rollup_versions" CASCADE;--> statement-breakpoint
ALTER TABLE "run_metrics" ADD COLUMN "rollup_dirty_from" bigint DEFAULT 0;--> statement-breakpoint
ALTER TABLE "run_metrics" ADD COLUMN "rollup_gen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "run_metrics_rollup_dirty_idx" ON "run_metrics" USING btree ("run_seq","key_id") WHERE rollup_dirty_from is not null;