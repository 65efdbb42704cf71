CREATE TABLE `imr_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`addressed_to` text NOT NULL,
	`letter` text NOT NULL,
	`sent_on` text NOT NULL,
	`due_on` text NOT NULL,
	`sent_at` integer NOT NULL,
	`sent_by` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sent_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imr_requests_case_agency_unique` ON `imr_requests` (`case_id`,`agency_id`);--> statement-breakpoint
CREATE INDEX `imr_requests_agency_idx` ON `imr_requests` (`agency_id`);--> statement-breakpoint
CREATE TABLE `imr_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`version` integer NOT NULL,
	`supersedes_id` text,
	`content` text NOT NULL,
	`signed_off` integer NOT NULL,
	`content_hash` text NOT NULL,
	`submitted_by` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`submitted_on` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `imr_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imr_versions_request_version_unique` ON `imr_versions` (`request_id`,`version`);--> statement-breakpoint
CREATE TABLE `imr_attachments` (
	`version_id` text NOT NULL,
	`attachment_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`version_id`, `attachment_id`),
	FOREIGN KEY (`version_id`) REFERENCES `imr_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `imr_attachments_attachment_idx` ON `imr_attachments` (`attachment_id`);
