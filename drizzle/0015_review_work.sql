CREATE TABLE `panel_appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`employer` text,
	`agency_id` text,
	`job_title` text,
	`declared_on` text,
	`recorded_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `panel_appointments_case_idx` ON `panel_appointments` (`case_id`,`role`);--> statement-breakpoint
CREATE TABLE `review_milestones` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`milestone` text NOT NULL,
	`due_on` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_milestones_case_idx` ON `review_milestones` (`case_id`);--> statement-breakpoint
CREATE TABLE `specialist_opinions` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`specialism` text NOT NULL,
	`reason` text NOT NULL,
	`sub_group_chair_name` text NOT NULL,
	`sub_group_chair_agreed_on` text NOT NULL,
	`lscb_chair_name` text NOT NULL,
	`lscb_chair_agreed_on` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `specialist_opinions_case_idx` ON `specialist_opinions` (`case_id`);--> statement-breakpoint
CREATE TABLE `review_meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`held_on` text NOT NULL,
	`attendees` text NOT NULL,
	`agenda` text NOT NULL,
	`decisions` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_meetings_case_idx` ON `review_meetings` (`case_id`,`kind`);--> statement-breakpoint
CREATE TABLE `meeting_short_reports` (
	`meeting_id` text NOT NULL,
	`request_id` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `request_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `review_meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `short_report_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `review_document_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`meeting_id` text DEFAULT '' NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`note` text,
	`saved_at` integer NOT NULL,
	`saved_by` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`saved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_document_versions_unique` ON `review_document_versions` (`case_id`,`kind`,`meeting_id`,`version`);--> statement-breakpoint
CREATE TRIGGER `review_document_versions_no_update` BEFORE UPDATE ON `review_document_versions`
BEGIN SELECT RAISE(ABORT, 'a saved document version is immutable'); END;--> statement-breakpoint
CREATE TRIGGER `review_document_versions_no_delete` BEFORE DELETE ON `review_document_versions`
BEGIN SELECT RAISE(ABORT, 'a saved document version is immutable'); END;--> statement-breakpoint
CREATE TABLE `ofsted_dispatches` (
	`case_id` text PRIMARY KEY NOT NULL,
	`sent_on` text NOT NULL,
	`overview_report_version` integer NOT NULL,
	`executive_summary_version` integer NOT NULL,
	`items_sent` text NOT NULL,
	`registered_post_reference` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
