import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type DeadlineBreachedProps = NudgeProps["deadline-breached"] & NudgeCommon;

export const subject = ({ caseNumber, projectTitle }: DeadlineBreachedProps) => `Case #${caseNumber} is past its deadline: “${shortTitle(projectTitle)}”`;

export default function DeadlineBreached({ name, projectTitle, caseNumber, severity, dueOn, url, preferencesUrl, unsubscribeUrl }: DeadlineBreachedProps) {
  return (
    <EmailLayout
      preview={`Case #${caseNumber} (${severity} severity) was due on ${dueOn}.`}
      heading={`Case #${caseNumber} is past its deadline`}
      footer={
        <NudgeFooter kind="deadline-breached" because="notifications of cases past their deadline are switched on for you" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        Case #{caseNumber} for the project “{projectTitle}” ({severity} severity) was due on {dueOn} and has no decision yet. The queue now
        marks it as past its deadline.
      </Paragraph>
      <Paragraph>Please look at it when you can, or assign it to a colleague who has time.</Paragraph>
      <ActionButton href={url}>Open case #{caseNumber}</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

DeadlineBreached.PreviewProps = {
  name: "Oskar Officer",
  projectTitle: "Swarm navigation for underwater gliders",
  caseNumber: 9,
  severity: "medium",
  dueOn: "10 March 2026",
  url: "http://localhost:3000/office/cases/9",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies DeadlineBreachedProps;
