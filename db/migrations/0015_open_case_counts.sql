CREATE TABLE `open_case_counts` (
	`institution_id` integer PRIMARY KEY NOT NULL,
	`open` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `open_case_counts` (`institution_id`, `open`) SELECT `institution_id`, count(*) FROM `cases` WHERE `is_open` = 1 GROUP BY `institution_id`;--> statement-breakpoint
CREATE TRIGGER `open_case_counts_insert` AFTER INSERT ON `cases` WHEN new.`is_open` = 1 BEGIN
	INSERT INTO `open_case_counts` (`institution_id`, `open`) VALUES (new.`institution_id`, 1) ON CONFLICT (`institution_id`) DO UPDATE SET `open` = `open` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `open_case_counts_delete` AFTER DELETE ON `cases` WHEN old.`is_open` = 1 BEGIN
	UPDATE `open_case_counts` SET `open` = `open` - 1 WHERE `institution_id` = old.`institution_id`;
END;--> statement-breakpoint
CREATE TRIGGER `open_case_counts_update` AFTER UPDATE OF `is_open`, `institution_id` ON `cases` WHEN old.`is_open` IS NOT new.`is_open` OR old.`institution_id` IS NOT new.`institution_id` BEGIN
	UPDATE `open_case_counts` SET `open` = `open` - 1 WHERE old.`is_open` = 1 AND `institution_id` = old.`institution_id`;
	INSERT INTO `open_case_counts` (`institution_id`, `open`) SELECT new.`institution_id`, 1 WHERE new.`is_open` = 1 ON CONFLICT (`institution_id`) DO UPDATE SET `open` = `open` + 1;
END;
