-- Receipt signing keys, sealed under RECEIPT_KEY_SECRET and kept after they are retired, so keys
-- rotate and old receipts still verify (docs/decisions/018). The plaintext key in server_keys is
-- sealed into this table at start-up and then deleted from server_keys. Safe to run twice.
CREATE TABLE IF NOT EXISTS `signing_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`algorithm` text NOT NULL,
	`public_key_pem` text NOT NULL,
	`private_key_sealed` text NOT NULL,
	`created_at` integer NOT NULL,
	`retired_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS `signing_keys_one_current_idx` ON `signing_keys` (`purpose`) WHERE `retired_at` IS NULL;
