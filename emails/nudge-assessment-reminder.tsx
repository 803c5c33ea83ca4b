import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";
import { NudgeFooter, plural, shortTitle } from "./_components/nudge-footer";

export type AssessmentReminderProps = NudgeProps["assessment-reminder"] & NudgeCommon;

export const subject = ({ projectTitle, reminder }: AssessmentReminderProps) =>
  reminder === 1
    ? `Your self-assessment of “${shortTitle(projectTitle)}” is waiting`
    : `Your self-assessment of “${shortTitle(projectTitle)}” is still open`;

export default function AssessmentReminder({ name, projectTitle, startedOn, daysSince, reminder, url, preferencesUrl, unsubscribeUrl }: AssessmentReminderProps) {
  return (
    <EmailLayout
      preview={`Pick up the self-assessment of “${projectTitle}” where you left off.`}
      heading="Your self-assessment is waiting"
      footer={
        <NudgeFooter kind="assessment-reminder" because="you started a self-assessment and reminders of unfinished ones are switched on" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        You started the self-assessment of “{projectTitle}” on {startedOn}, {plural(daysSince, "day")} ago, and it is not submitted yet. Your
        answers so far are saved, so you can pick up where you left off.
      </Paragraph>
      <Paragraph>
        {reminder === 1
          ? "Submitting it lets your compliance office see whether the project needs anything more from you."
          : "This is the last reminder we send about it."}
      </Paragraph>
      <ActionButton href={url}>Continue the self-assessment</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

AssessmentReminder.PreviewProps = {
  name: "Dr Rosa Researcher",
  projectTitle: "Swarm navigation for underwater gliders",
  startedOn: "2 March 2026",
  daysSince: 3,
  reminder: 1,
  url: "http://localhost:3000/projects/3/assessment",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies AssessmentReminderProps;
