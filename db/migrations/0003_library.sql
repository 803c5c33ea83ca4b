CREATE TABLE `library_articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`audience` text NOT NULL,
	`topics` text NOT NULL,
	`body` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `library_articles_slug_unique` ON `library_articles` (`slug`);--> statement-breakpoint
CREATE INDEX `library_articles_institution_idx` ON `library_articles` (`institution_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `library_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`institution_id` integer,
	`slug` text NOT NULL,
	`useful` integer NOT NULL,
	`comment` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `library_feedback_user_slug_idx` ON `library_feedback` (`user_id`,`slug`);--> statement-breakpoint
CREATE INDEX `library_feedback_institution_idx` ON `library_feedback` (`institution_id`,`slug`);--> statement-breakpoint
CREATE TABLE `library_reads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`institution_id` integer,
	`slug` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `library_reads_user_idx` ON `library_reads` (`user_id`,`at`);--> statement-breakpoint
CREATE INDEX `library_reads_institution_idx` ON `library_reads` (`institution_id`,`slug`);