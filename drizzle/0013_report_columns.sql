-- Reports (§13.20, docs/decisions/025): the §13.20 category copied out of the form beside the
-- incident type, so the dashboard counts 100,000 notifications by category without reading each
-- form's JSON, and an index for the Chair's decisions counted by date. Checked by hand: one
-- nullable column added and filled from the stored form, no table rebuilt.
ALTER TABLE `notifications` ADD `serious_incident_category` text;--> statement-breakpoint
UPDATE `notifications` SET `serious_incident_category` = json_extract(`form`, '$.seriousIncidentCategory')
	WHERE `incident_type` = 'serious_incident' AND json_extract(`form`, '$.seriousIncidentCategory') <> '';--> statement-breakpoint
CREATE INDEX `case_events_transition_idx` ON `case_events` (`kind`,`from_state`,`at`);
