import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type DeadlineApproachingProps = NudgeProps["deadline-approaching"] & NudgeCommon;

export const subject = ({ caseNumber, dueOn, projectTitle }: DeadlineApproachingProps) => `Case #${caseNumber} is due on ${dueOn}: “${shortTitle(projectTitle)}”`;

export default function DeadlineApproaching({ name, projectTitle, caseNumber, severity, dueOn, url, preferencesUrl, unsubscribeUrl }: DeadlineApproachingProps) {
  return (
    <EmailLayout
      preview={`Case #${caseNumber} (${severity} severity) is due on ${dueOn}.`}
      heading={`Case #${caseNumber} is due soon`}
      footer={
        <NudgeFooter kind="deadline-approaching" because="reminders of near case deadlines are switched on for you" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        Case #{caseNumber} for the project “{projectTitle}” ({severity} severity) is due on {dueOn} and has no decision yet.
      </Paragraph>
      <Paragraph>If it cannot be decided in time, a note in the case saying what it waits for keeps the record clear.</Paragraph>
      <ActionButton href={url}>Open case #{caseNumber}</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

DeadlineApproaching.PreviewProps = {
  name: "Oskar Officer",
  projectTitle: "Swarm navigation for underwater gliders",
  caseNumber: 9,
  severity: "medium",
  dueOn: "10 March 2026",
  url: "http://localhost:3000/office/cases/9",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies DeadlineApproachingProps;
