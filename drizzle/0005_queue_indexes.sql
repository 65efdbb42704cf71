DROP INDEX `notifications_triage_idx`;--> statement-breakpoint
CREATE INDEX `notifications_queue_deadline_idx` ON `notifications` (`status`,`case_id`,"pinned" DESC,`triage_due_on`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_queue_oldest_idx` ON `notifications` (`status`,`case_id`,"pinned" DESC,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_queue_newest_idx` ON `notifications` (`status`,`case_id`,`pinned`,`received_at`,`id`);