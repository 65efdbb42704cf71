-- The dashboard's figures kept in memory per filter set and day, valid while nothing they read has
-- changed (issue 16, docs/decisions/030). Written by hand: one table of one row, 18 triggers.
--
-- `dashboard_data_version` holds a counter that every insert, update and delete of a row the
-- figures read bumps, in the writer's own transaction: the kept notification counts (which the
-- triggers on `notifications` keep), cases, case events, each case's stored clocks, short report
-- requests and agencies (their names label the charts). A view reads the counter (one row by its
-- key) before it reads anything else and serves figures kept under the same counter only, so a
-- figure computed before a change committed can never be served after it, whichever process or
-- path (services, the bench seed's bulk inserts, the start-up refill) wrote it.
CREATE TABLE `dashboard_data_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `dashboard_data_version` (`id`, `version`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_dashboard_notification_days_insert` AFTER INSERT ON `dashboard_notification_days`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_dashboard_notification_days_update` AFTER UPDATE ON `dashboard_notification_days`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_dashboard_notification_days_delete` AFTER DELETE ON `dashboard_notification_days`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_cases_insert` AFTER INSERT ON `cases`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_cases_update` AFTER UPDATE ON `cases`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_cases_delete` AFTER DELETE ON `cases`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_case_events_insert` AFTER INSERT ON `case_events`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_case_events_update` AFTER UPDATE ON `case_events`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_case_events_delete` AFTER DELETE ON `case_events`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_clock_figures_insert` AFTER INSERT ON `clock_figures`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_clock_figures_update` AFTER UPDATE ON `clock_figures`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_clock_figures_delete` AFTER DELETE ON `clock_figures`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_short_report_requests_insert` AFTER INSERT ON `short_report_requests`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_short_report_requests_update` AFTER UPDATE ON `short_report_requests`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_short_report_requests_delete` AFTER DELETE ON `short_report_requests`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_agencies_insert` AFTER INSERT ON `agencies`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_agencies_update` AFTER UPDATE ON `agencies`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dashboard_data_version_agencies_delete` AFTER DELETE ON `agencies`
BEGIN
	UPDATE `dashboard_data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
