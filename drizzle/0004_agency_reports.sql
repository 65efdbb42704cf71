CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`mime` text NOT NULL,
	`original_name` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`agency_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_agency_sha256_unique` ON `attachments` (`agency_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `short_report_attachments` (
	`report_id` text NOT NULL,
	`attachment_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`report_id`, `attachment_id`),
	FOREIGN KEY (`report_id`) REFERENCES `short_reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `short_report_attachments_attachment_idx` ON `short_report_attachments` (`attachment_id`);--> statement-breakpoint
CREATE TABLE `short_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`version` integer NOT NULL,
	`corrects_id` text,
	`kind` text NOT NULL,
	`content` text NOT NULL,
	`content_hash` text NOT NULL,
	`submitted_by` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`submitted_on` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `short_report_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `short_reports_request_version_unique` ON `short_reports` (`request_id`,`version`);