-- The Unit's cases list pages on the server (keyset, as the triage queue does) and sorts by the
-- next deadline in SQL (docs/decisions/034). Written by hand: two columns the app fills (working
-- days need the bank holiday calendar, so start-up computes them, services/cases/cases-list.ts)
-- and one index per sort and filter, so a page reads its rows in order and stops at the limit.
ALTER TABLE `cases` ADD `next_due_on` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `list_key_valid_until` text;--> statement-breakpoint
CREATE INDEX `cases_list_deadline_idx` ON `cases` (`next_due_on`,"updated_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX `cases_list_state_deadline_idx` ON `cases` (`state`,`next_due_on`,"updated_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX `cases_list_owner_deadline_idx` ON `cases` (`owner_id`,`next_due_on`,"updated_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX `cases_list_updated_idx` ON `cases` ("updated_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX `cases_list_state_updated_idx` ON `cases` (`state`,"updated_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX `cases_list_owner_updated_idx` ON `cases` (`owner_id`,"updated_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX `cases_list_key_valid_idx` ON `cases` (`list_key_valid_until`);--> statement-breakpoint
-- The duplicate finder's newest notifications on an incident date, read in order up to its limit.
CREATE INDEX `notifications_incident_date_newest_idx` ON `notifications` (`incident_date`,"received_at" DESC,"id" DESC);
