DROP INDEX `assessments_institution_submitted_idx`;--> statement-breakpoint
CREATE INDEX `assessments_project_status_idx` ON `assessments` (`project_id`,`status`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `assessments_institution_submitted_idx` ON `assessments` (`institution_id`,`status`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `project_events_institution_idx` ON `project_events` (`institution_id`,`at`);--> statement-breakpoint
CREATE INDEX `warning_events_institution_idx` ON `warning_events` (`institution_id`,`at`);