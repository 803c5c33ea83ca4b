CREATE TABLE `aggregate_releases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope` text NOT NULL,
	`quarter` text NOT NULL,
	`tables` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `aggregate_releases_scope_quarter_idx` ON `aggregate_releases` (`scope`,`quarter`);--> statement-breakpoint
CREATE INDEX `flags_institution_opened_idx` ON `flags` (`institution_id`,`opened_at`);