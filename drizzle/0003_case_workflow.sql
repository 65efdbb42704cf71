CREATE TABLE `action_plan_item_revisions` (
	`item_id` text NOT NULL,
	`revision` integer NOT NULL,
	`case_id` text NOT NULL,
	`owner_agency_id` text NOT NULL,
	`action` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text NOT NULL,
	`evidence` text,
	`recorded_at` integer NOT NULL,
	`recorded_by` text,
	PRIMARY KEY(`item_id`, `revision`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_plan_item_revisions_case_idx` ON `action_plan_item_revisions` (`case_id`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`version` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`kind` text NOT NULL,
	`from_state` text,
	`to_state` text,
	`summary` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`version`);--> statement-breakpoint
CREATE TABLE `files_secured_instructions` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`instructed_on` text NOT NULL,
	`acknowledged_on` text,
	`rescinded_on` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_secured_case_agency_unique` ON `files_secured_instructions` (`case_id`,`agency_id`);--> statement-breakpoint
CREATE TABLE `notification_children` (
	`notification_id` text NOT NULL,
	`position` integer NOT NULL,
	`name_key` text,
	`date_of_birth` text,
	PRIMARY KEY(`notification_id`, `position`),
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notification_children_match_idx` ON `notification_children` (`name_key`,`date_of_birth`);--> statement-breakpoint
CREATE TABLE `short_report_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`agency_id` text NOT NULL,
	`requested_on` text NOT NULL,
	`due_on` text NOT NULL,
	`requested_at` integer NOT NULL,
	`requested_by` text,
	`status` text DEFAULT 'requested' NOT NULL,
	`submitted_on` text,
	`withdrawn_at` integer,
	`withdrawn_reason` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `short_report_requests_case_idx` ON `short_report_requests` (`case_id`);--> statement-breakpoint
CREATE INDEX `short_report_requests_agency_idx` ON `short_report_requests` (`agency_id`,`status`);--> statement-breakpoint
ALTER TABLE `cases` ADD `classification` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `dates` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `files_held` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `evaluation_grade` text;--> statement-breakpoint
CREATE INDEX `cases_state_idx` ON `cases` (`state`);--> statement-breakpoint
CREATE INDEX `cases_owner_idx` ON `cases` (`owner_id`);--> statement-breakpoint
ALTER TABLE `notifications` ADD `triage_due_on` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `assignee_id` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `notifications` ADD `pinned` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` ADD `other_children_action` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `other_children_action_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `notifications` ADD `first_child_name` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `child_count` integer;--> statement-breakpoint
ALTER TABLE `notifications` ADD `incident_date` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `return_message` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `returned_at` integer;--> statement-breakpoint
ALTER TABLE `notifications` ADD `superseded_by_id` text;--> statement-breakpoint
CREATE INDEX `notifications_triage_idx` ON `notifications` (`status`,`pinned`,`triage_due_on`);--> statement-breakpoint
CREATE INDEX `notifications_case_idx` ON `notifications` (`case_id`);--> statement-breakpoint
CREATE INDEX `notifications_assignee_idx` ON `notifications` (`assignee_id`);--> statement-breakpoint
CREATE INDEX `notifications_incident_date_idx` ON `notifications` (`incident_date`);--> statement-breakpoint
-- Backfill what SQL can compute exactly. The triage due date (working days need the bank holiday
-- calendar) and notification_children (names are compared case-folded in JavaScript) are filled
-- at start-up by fillTriageColumns in src/lib/server/triage-columns.ts.
UPDATE `notifications` SET
	`pinned` = (`other_children_at_risk` = 'yes' AND `other_children_action_at` IS NULL),
	`first_child_name` = json_extract(`form`, '$.children[0].name'),
	`child_count` = json_array_length(`form`, '$.children'),
	`incident_date` = NULLIF(json_extract(`form`, '$.incidentDate'), '');
