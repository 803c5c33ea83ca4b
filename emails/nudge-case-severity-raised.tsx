import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type CaseSeverityRaisedProps = NudgeProps["case-severity-raised"] & NudgeCommon;

export const subject = ({ caseNumber, from, to, projectTitle }: CaseSeverityRaisedProps) =>
  `Case #${caseNumber} raised from ${from} to ${to}: “${shortTitle(projectTitle)}”`;

export default function CaseSeverityRaised({ name, projectTitle, caseNumber, from, to, dueOn, url, preferencesUrl, unsubscribeUrl }: CaseSeverityRaisedProps) {
  return (
    <EmailLayout
      preview={`Case #${caseNumber} is now ${to} severity and due on ${dueOn}.`}
      heading={`Case #${caseNumber} is now ${to} severity`}
      footer={
        <NudgeFooter kind="case-severity-raised" because="notifications of raised case severity are switched on for you" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        A new flag raised the severity of case #{caseNumber} (“{projectTitle}”) from {from} to {to}. The case is now due on {dueOn}.
      </Paragraph>
      <Paragraph>The case's timeline shows the new flag.</Paragraph>
      <ActionButton href={url}>Open case #{caseNumber}</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

CaseSeverityRaised.PreviewProps = {
  name: "Oskar Officer",
  projectTitle: "Crowd-emotion recognition in public video",
  caseNumber: 12,
  from: "medium",
  to: "high",
  dueOn: "16 March 2026",
  url: "http://localhost:3000/office/cases/12",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies CaseSeverityRaisedProps;
