CREATE TABLE `assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`questionnaire_version` text NOT NULL,
	`status` text NOT NULL,
	`answers` text NOT NULL,
	`facts` text,
	`profile` text,
	`model_version` text,
	`level_military` text,
	`level_human_rights` text,
	`level_itt` text,
	`level_partner` text,
	`started_by` integer,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assessments_project_idx` ON `assessments` (`project_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `assessments_institution_submitted_idx` ON `assessments` (`institution_id`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `project_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`actor_name` text,
	`action` text NOT NULL,
	`summary` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_events_project_idx` ON `project_events` (`project_id`,`at`);--> statement-breakpoint
CREATE TABLE `project_funders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`name` text NOT NULL,
	`country` text,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_funders_project_idx` ON `project_funders` (`project_id`);--> statement-breakpoint
CREATE TABLE `project_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_members_project_idx` ON `project_members` (`project_id`);--> statement-breakpoint
CREATE TABLE `project_partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`name` text NOT NULL,
	`country` text,
	`kind` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `partner_organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_partners_project_idx` ON `project_partners` (`project_id`);--> statement-breakpoint
CREATE INDEX `project_partners_institution_org_idx` ON `project_partners` (`institution_id`,`organisation_id`);--> statement-breakpoint
CREATE TABLE `project_technology_areas` (
	`project_id` integer NOT NULL,
	`area_id` text NOT NULL,
	PRIMARY KEY(`project_id`, `area_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`owner_id` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`field` text NOT NULL,
	`trl` integer NOT NULL,
	`start_date` text,
	`end_date` text,
	`status` text NOT NULL,
	`reassessment_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `projects_institution_updated_idx` ON `projects` (`institution_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `projects_institution_owner_idx` ON `projects` (`institution_id`,`owner_id`);