import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";
import { NudgeFooter } from "./_components/nudge-footer";

export type FourEyesWaitingProps = NudgeProps["four-eyes-waiting"] & NudgeCommon;

export const subject = ({ caseNumber }: FourEyesWaitingProps) => `A decision on case #${caseNumber} waits for your confirmation`;

export default function FourEyesWaiting({ name, projectTitle, caseNumber, proposerName, decision, url, preferencesUrl, unsubscribeUrl }: FourEyesWaitingProps) {
  return (
    <EmailLayout
      preview={`${proposerName} proposed “${decision}” for case #${caseNumber}.`}
      heading={`Case #${caseNumber} needs a second officer`}
      footer={
        <NudgeFooter kind="four-eyes-waiting" because="notifications of decisions waiting for your confirmation are switched on" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        {proposerName} proposed the decision “{decision}” for case #{caseNumber} (“{projectTitle}”). It takes effect only when
        another officer confirms it.
      </Paragraph>
      <Paragraph>Please review the case, then confirm the decision or decline it with a reason.</Paragraph>
      <ActionButton href={url}>Review the decision</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

FourEyesWaiting.PreviewProps = {
  name: "Petra Peer",
  projectTitle: "Crowd-emotion recognition in public video",
  caseNumber: 12,
  proposerName: "Oskar Officer",
  decision: "Licence required",
  url: "http://localhost:3000/office/cases/12",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies FourEyesWaitingProps;
