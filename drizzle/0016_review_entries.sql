-- The review as work recorded beside the review: notices to other bodies, parallel proceedings,
-- the Executive's go-ahead to publish, the family and media plans, the three-strand meeting
-- (§13.6–§13.19, docs/decisions/028). Written by hand: one new table, append-only by revision.
CREATE TABLE `case_review_entries` (
	`entry_id` text NOT NULL,
	`revision` integer NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`recorded_by` text,
	PRIMARY KEY(`entry_id`, `revision`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_review_entries_case_idx` ON `case_review_entries` (`case_id`,`kind`);
