CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer,
	`agency_id` integer,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_institution_idx` ON `api_tokens` (`institution_id`);--> statement-breakpoint
CREATE INDEX `api_tokens_agency_idx` ON `api_tokens` (`agency_id`);--> statement-breakpoint
CREATE TABLE `flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`rule_set_version` text NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`dimension` text NOT NULL,
	`evidence` text NOT NULL,
	`status` text NOT NULL,
	`opened_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`closed_reason` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `flags_project_rule_idx` ON `flags` (`project_id`,`rule_id`);--> statement-breakpoint
CREATE INDEX `flags_institution_status_idx` ON `flags` (`institution_id`,`status`,`severity`);--> statement-breakpoint
CREATE INDEX `flags_institution_rule_idx` ON `flags` (`institution_id`,`rule_id`);--> statement-breakpoint
CREATE TABLE `pattern_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`pattern_id` text NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`explanation` text NOT NULL,
	`project_ids` text NOT NULL,
	`evidence` text NOT NULL,
	`status` text NOT NULL,
	`opened_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`closed_reason` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pattern_flags_key_idx` ON `pattern_flags` (`institution_id`,`key`);--> statement-breakpoint
CREATE INDEX `pattern_flags_institution_status_idx` ON `pattern_flags` (`institution_id`,`status`);--> statement-breakpoint
CREATE TABLE `rule_settings_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`version` integer NOT NULL,
	`baseline_version` text NOT NULL,
	`settings` text NOT NULL,
	`digest` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rule_settings_institution_version_idx` ON `rule_settings_versions` (`institution_id`,`version`);--> statement-breakpoint
ALTER TABLE `projects` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `projects_institution_external_idx` ON `projects` (`institution_id`,`external_id`);