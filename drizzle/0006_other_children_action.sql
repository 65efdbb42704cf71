-- Other children first (§13.1, docs/procedure.md "Triage"). Written by hand: drizzle-kit saw the
-- `pinned` column change from boolean (DEFAULT false) to a rank (DEFAULT 0) and wanted to rebuild
-- the notifications table, but in SQLite false is 0, so the stored default is already right and
-- the column, its name and the three queue indexes (0005) stay as they are.
-- Whether the Unit made a Chapter 6 referral; null for actions recorded before this migration.
ALTER TABLE `notifications` ADD `other_children_chapter6_referral` integer;--> statement-breakpoint
-- `pinned` becomes the rank in the queue while no action is recorded: 2 "yes" (was 1), 1 "not
-- known" (was 0, never pinned), 0 otherwise or once the action is recorded.
UPDATE `notifications` SET `pinned` = CASE
	WHEN `other_children_action_at` IS NOT NULL THEN 0
	WHEN `other_children_at_risk` = 'yes' THEN 2
	WHEN `other_children_at_risk` = 'not_known' THEN 1
	ELSE 0
END;
