CREATE TABLE `case_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`rationale` text NOT NULL,
	`details` text NOT NULL,
	`review_on` text,
	`requested_by` integer NOT NULL,
	`requested_at` integer NOT NULL,
	`confirmed_by` integer,
	`confirmed_at` integer,
	`ended_reason` text,
	`ended_by` integer,
	`ended_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ended_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_decisions_case_idx` ON `case_decisions` (`case_id`,`requested_at`);--> statement-breakpoint
CREATE INDEX `case_decisions_institution_idx` ON `case_decisions` (`institution_id`,`status`,`kind`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`actor_name` text,
	`kind` text NOT NULL,
	`summary` text NOT NULL,
	`body` text,
	`internal` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE INDEX `case_events_institution_idx` ON `case_events` (`institution_id`,`kind`,`at`);--> statement-breakpoint
CREATE TABLE `case_settings` (
	`institution_id` integer PRIMARY KEY NOT NULL,
	`deadlines` text NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`status` text NOT NULL,
	`is_open` integer NOT NULL,
	`severity` text NOT NULL,
	`severity_rank` integer NOT NULL,
	`dimensions` text NOT NULL,
	`assignee_id` integer,
	`opened_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`review_on` text,
	`asked_at` integer,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cases_queue_idx` ON `cases` (`institution_id`,`is_open`,`severity_rank`,`due_at`);--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`institution_id`,`status`,`severity_rank`,`due_at`);--> statement-breakpoint
CREATE INDEX `cases_assignee_idx` ON `cases` (`institution_id`,`assignee_id`,`is_open`);--> statement-breakpoint
CREATE INDEX `cases_due_idx` ON `cases` (`institution_id`,`is_open`,`due_at`);--> statement-breakpoint
CREATE INDEX `cases_closed_idx` ON `cases` (`institution_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `cases_project_idx` ON `cases` (`project_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `cases_review_idx` ON `cases` (`status`,`review_on`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_one_open_per_project_idx` ON `cases` (`project_id`) WHERE is_open = 1;