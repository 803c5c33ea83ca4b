CREATE TABLE `partner_organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`name` text NOT NULL,
	`country` text,
	`name_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partner_organisations_key_idx` ON `partner_organisations` (`institution_id`,`name_key`);--> statement-breakpoint
CREATE TABLE `screening_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`list_id` text NOT NULL,
	`entry_id` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text NOT NULL,
	`decided_by` integer NOT NULL,
	`decided_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `partner_organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `screening_decisions_entry_idx` ON `screening_decisions` (`institution_id`,`organisation_id`,`list_id`,`entry_id`);--> statement-breakpoint
CREATE TABLE `screening_entries` (
	`list_id` text NOT NULL,
	`entry_id` text NOT NULL,
	`name` text NOT NULL,
	`aliases` text NOT NULL,
	`country` text,
	`countries` text,
	`type` text,
	`programs` text,
	`source` text,
	`url` text,
	PRIMARY KEY(`list_id`, `entry_id`),
	FOREIGN KEY (`list_id`) REFERENCES `screening_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `screening_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` text NOT NULL,
	`imported_at` integer NOT NULL,
	`imported_by` integer,
	`file_name` text,
	`snapshot_date` text NOT NULL,
	`added` integer NOT NULL,
	`removed` integer NOT NULL,
	`changed` integer NOT NULL,
	`total` integer NOT NULL,
	`new_matches` integer DEFAULT 0 NOT NULL,
	`vanished_matches` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `screening_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `screening_imports_list_idx` ON `screening_imports` (`list_id`,`imported_at`);--> statement-breakpoint
CREATE TABLE `screening_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`publisher` text NOT NULL,
	`source_url` text NOT NULL,
	`licence` text NOT NULL,
	`snapshot_date` text NOT NULL,
	`entry_count` integer NOT NULL,
	`version` integer NOT NULL,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `screening_matches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`list_id` text NOT NULL,
	`entry_id` text NOT NULL,
	`entry_name` text NOT NULL,
	`matched_name` text NOT NULL,
	`score` real NOT NULL,
	`method` text NOT NULL,
	`explanation` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`vanished_at` integer,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `partner_organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `screening_matches_entry_idx` ON `screening_matches` (`organisation_id`,`list_id`,`entry_id`);--> statement-breakpoint
CREATE INDEX `screening_matches_institution_idx` ON `screening_matches` (`institution_id`,`vanished_at`);