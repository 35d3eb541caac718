ALTER TABLE "notifications" ALTER COLUMN "thread_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "comment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "mention_id" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "excerpt" text;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_mention_key" ON "notifications" USING btree ("user_id","report_id","mention_id");