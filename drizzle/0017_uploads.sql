-- Files on their way in over tus, resumable in 1 MB chunks (issue 14, docs/decisions/031).
-- Written by hand: one new table and its index for the sweep of stale uploads.
CREATE TABLE `resumable_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`request_id` text NOT NULL,
	`request_kind` text NOT NULL,
	`case_id` text NOT NULL,
	`file_name` text NOT NULL,
	`declared_type` text NOT NULL,
	`declared_length` integer NOT NULL,
	`declared_sha256` text NOT NULL,
	`offset` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	`attachment_id` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `resumable_uploads_stale_idx` ON `resumable_uploads` (`completed_at`,`created_at`);
