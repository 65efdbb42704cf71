-- Lead authority (§13.3, §13.4) and "CDOP informed" (§13.5), each recorded by the Unit on the
-- notification as JSON (docs/decisions/021). Checked by hand: two nullable columns added, no table
-- rebuilt, so every stored notification keeps its row and reads as "not recorded yet".
ALTER TABLE `notifications` ADD `lead_authority` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `cdop_informed` text;
