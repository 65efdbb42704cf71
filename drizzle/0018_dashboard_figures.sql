-- The reports dashboard fast on 100,000 notifications and 20,000 cases (issue 16, docs/decisions/030).
-- Written by hand: three new tables, four triggers, no table rebuilt.
--
-- 1. Notifications counted per UTC day and breakdown, kept by triggers on `notifications`, so every
--    path that inserts, corrects (supersedes), re-classifies or deletes a notification keeps the
--    counts, whatever code runs it. The dashboard sums a few thousand rows instead of grouping
--    100,000. A current notification (not superseded) counts once, in the day it was received;
--    '' stands for "none" in the key (a primary key cannot hold NULL); the lead LSCB is read from
--    the recorded facts exactly as the dashboard's leadLscbSql did.
CREATE TABLE `dashboard_notification_days` (
	`day` text NOT NULL,
	`incident_type` text NOT NULL,
	`category` text NOT NULL,
	`agency_id` text NOT NULL,
	`lead` text NOT NULL,
	`total` integer NOT NULL,
	PRIMARY KEY(`day`, `incident_type`, `category`, `agency_id`, `lead`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `dashboard_notification_days` (`day`, `incident_type`, `category`, `agency_id`, `lead`, `total`)
	SELECT strftime('%Y-%m-%d', `received_at` / 1000, 'unixepoch'), `incident_type`,
		coalesce(`serious_incident_category`, ''), coalesce(`notifier_agency_id`, ''),
		coalesce(CASE WHEN json_extract(`lead_authority`, '$.lookedAfter')
				AND coalesce(json_extract(`lead_authority`, '$.responsibleAuthority'), '') <> ''
			THEN json_extract(`lead_authority`, '$.responsibleAuthority')
			ELSE json_extract(`lead_authority`, '$.childLivesIn') END, ''),
		count(*)
	FROM `notifications` WHERE `superseded_by_id` IS NULL GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
CREATE TRIGGER `dashboard_notification_days_insert` AFTER INSERT ON `notifications`
WHEN NEW.`superseded_by_id` IS NULL
BEGIN
	INSERT INTO `dashboard_notification_days` (`day`, `incident_type`, `category`, `agency_id`, `lead`, `total`)
	VALUES (strftime('%Y-%m-%d', NEW.`received_at` / 1000, 'unixepoch'), NEW.`incident_type`,
		coalesce(NEW.`serious_incident_category`, ''), coalesce(NEW.`notifier_agency_id`, ''),
		coalesce(CASE WHEN json_extract(NEW.`lead_authority`, '$.lookedAfter')
				AND coalesce(json_extract(NEW.`lead_authority`, '$.responsibleAuthority'), '') <> ''
			THEN json_extract(NEW.`lead_authority`, '$.responsibleAuthority')
			ELSE json_extract(NEW.`lead_authority`, '$.childLivesIn') END, ''),
		1)
	ON CONFLICT (`day`, `incident_type`, `category`, `agency_id`, `lead`)
	DO UPDATE SET `total` = `total` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_notification_days_update` AFTER UPDATE OF `received_at`, `incident_type`,
	`serious_incident_category`, `notifier_agency_id`, `lead_authority`, `superseded_by_id`
	ON `notifications`
BEGIN
	UPDATE `dashboard_notification_days` SET `total` = `total` - 1
	WHERE OLD.`superseded_by_id` IS NULL
		AND `day` = strftime('%Y-%m-%d', OLD.`received_at` / 1000, 'unixepoch')
		AND `incident_type` = OLD.`incident_type`
		AND `category` = coalesce(OLD.`serious_incident_category`, '')
		AND `agency_id` = coalesce(OLD.`notifier_agency_id`, '')
		AND `lead` = coalesce(CASE WHEN json_extract(OLD.`lead_authority`, '$.lookedAfter')
				AND coalesce(json_extract(OLD.`lead_authority`, '$.responsibleAuthority'), '') <> ''
			THEN json_extract(OLD.`lead_authority`, '$.responsibleAuthority')
			ELSE json_extract(OLD.`lead_authority`, '$.childLivesIn') END, '');
	INSERT INTO `dashboard_notification_days` (`day`, `incident_type`, `category`, `agency_id`, `lead`, `total`)
	SELECT strftime('%Y-%m-%d', NEW.`received_at` / 1000, 'unixepoch'), NEW.`incident_type`,
		coalesce(NEW.`serious_incident_category`, ''), coalesce(NEW.`notifier_agency_id`, ''),
		coalesce(CASE WHEN json_extract(NEW.`lead_authority`, '$.lookedAfter')
				AND coalesce(json_extract(NEW.`lead_authority`, '$.responsibleAuthority'), '') <> ''
			THEN json_extract(NEW.`lead_authority`, '$.responsibleAuthority')
			ELSE json_extract(NEW.`lead_authority`, '$.childLivesIn') END, ''),
		1
	WHERE NEW.`superseded_by_id` IS NULL
	ON CONFLICT (`day`, `incident_type`, `category`, `agency_id`, `lead`)
	DO UPDATE SET `total` = `total` + 1;
	DELETE FROM `dashboard_notification_days` WHERE `total` <= 0
		AND `day` = strftime('%Y-%m-%d', OLD.`received_at` / 1000, 'unixepoch')
		AND `incident_type` = OLD.`incident_type`
		AND `category` = coalesce(OLD.`serious_incident_category`, '')
		AND `agency_id` = coalesce(OLD.`notifier_agency_id`, '')
		AND `lead` = coalesce(CASE WHEN json_extract(OLD.`lead_authority`, '$.lookedAfter')
				AND coalesce(json_extract(OLD.`lead_authority`, '$.responsibleAuthority'), '') <> ''
			THEN json_extract(OLD.`lead_authority`, '$.responsibleAuthority')
			ELSE json_extract(OLD.`lead_authority`, '$.childLivesIn') END, '');
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_notification_days_delete` AFTER DELETE ON `notifications`
WHEN OLD.`superseded_by_id` IS NULL
BEGIN
	UPDATE `dashboard_notification_days` SET `total` = `total` - 1
	WHERE `day` = strftime('%Y-%m-%d', OLD.`received_at` / 1000, 'unixepoch')
		AND `incident_type` = OLD.`incident_type`
		AND `category` = coalesce(OLD.`serious_incident_category`, '')
		AND `agency_id` = coalesce(OLD.`notifier_agency_id`, '')
		AND `lead` = coalesce(CASE WHEN json_extract(OLD.`lead_authority`, '$.lookedAfter')
				AND coalesce(json_extract(OLD.`lead_authority`, '$.responsibleAuthority'), '') <> ''
			THEN json_extract(OLD.`lead_authority`, '$.responsibleAuthority')
			ELSE json_extract(OLD.`lead_authority`, '$.childLivesIn') END, '');
	DELETE FROM `dashboard_notification_days` WHERE `total` <= 0
		AND `day` = strftime('%Y-%m-%d', OLD.`received_at` / 1000, 'unixepoch')
		AND `incident_type` = OLD.`incident_type`
		AND `category` = coalesce(OLD.`serious_incident_category`, '')
		AND `agency_id` = coalesce(OLD.`notifier_agency_id`, '')
		AND `lead` = coalesce(CASE WHEN json_extract(OLD.`lead_authority`, '$.lookedAfter')
				AND coalesce(json_extract(OLD.`lead_authority`, '$.responsibleAuthority'), '') <> ''
			THEN json_extract(OLD.`lead_authority`, '$.responsibleAuthority')
			ELSE json_extract(OLD.`lead_authority`, '$.childLivesIn') END, '');
END;
--> statement-breakpoint
-- 2. Each case's clocks as its dates define them (clockSpans in clocks.ts), whatever the day:
--    start, due date, the earliest date that meets it (and how many days late that is, in the
--    clock's unit), the case's closing date. Kept in the same
--    transaction as every change to a case (changeCase, openCase); the dashboard reads them as of
--    a day in SQL. Working days need the bank holiday calendar, which SQL has not: start-up
--    fills the table (clock_figures_meta holds a fingerprint of the preset and the calendar the
--    rows were computed by; none, as after this migration, or a new one refills every case).
CREATE TABLE `clock_figures` (
	`case_id` text NOT NULL,
	`clock_id` text NOT NULL,
	`opened_at` integer NOT NULL,
	`started_on` text NOT NULL,
	`due_on` text NOT NULL,
	`met_on` text,
	`met_days_late` integer,
	`closed_on` text,
	PRIMARY KEY(`case_id`, `clock_id`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
-- In the order the dashboard groups by, holding every column it reads: one pass over the index,
-- no sort, no row read.
CREATE INDEX `clock_figures_tally_idx` ON `clock_figures` (`clock_id`,`due_on`,`met_on`,`met_days_late`,`started_on`,`closed_on`,`opened_at`);
--> statement-breakpoint
CREATE TABLE `clock_figures_meta` (
	`id` integer PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cases_opened_idx` ON `cases` (`opened_at`,`state`);
