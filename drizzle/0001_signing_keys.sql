CREATE TABLE `server_keys` (
	`purpose` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`algorithm` text NOT NULL,
	`private_key_pem` text NOT NULL,
	`public_key_pem` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `server_keys_key_id_unique` ON `server_keys` (`key_id`);