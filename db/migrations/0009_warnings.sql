CREATE TABLE `warning_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`warning_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`agency_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`actor_name` text,
	`side` text NOT NULL,
	`kind` text NOT NULL,
	`summary` text NOT NULL,
	`body` text,
	FOREIGN KEY (`warning_id`) REFERENCES `warnings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `warning_events_warning_idx` ON `warning_events` (`warning_id`,`at`);--> statement-breakpoint
CREATE TABLE `warnings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`agency_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`status` text NOT NULL,
	`urgency` text NOT NULL,
	`urgency_rank` integer NOT NULL,
	`packet` text NOT NULL,
	`sent_by` integer NOT NULL,
	`sent_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`acknowledged_at` integer,
	`closed_at` integer,
	`outcome` text,
	`outcome_note` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sent_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `warnings_inbox_idx` ON `warnings` (`agency_id`,`status`,`urgency_rank`,`sent_at`);--> statement-breakpoint
CREATE INDEX `warnings_agency_sent_idx` ON `warnings` (`agency_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `warnings_institution_case_idx` ON `warnings` (`institution_id`,`case_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `warnings_case_agency_idx` ON `warnings` (`case_id`,`agency_id`);