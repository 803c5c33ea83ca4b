import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, BulletList, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type CaseNewProps = NudgeProps["case-new"] & NudgeCommon;

export const subject = ({ caseNumber, severity, projectTitle }: CaseNewProps) => `New case #${caseNumber} (${severity}): “${shortTitle(projectTitle)}”`;

export default function CaseNew({ name, projectTitle, caseNumber, severity, flags, dueOn, url, preferencesUrl, unsubscribeUrl }: CaseNewProps) {
  return (
    <EmailLayout
      preview={`Case #${caseNumber}, ${severity} severity, due on ${dueOn}.`}
      heading={`New case #${caseNumber}`}
      footer={<NudgeFooter kind="case-new" because="notifications of new cases are switched on for you" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />}
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        Triage opened case #{caseNumber} for the project “{projectTitle}”. Its severity is {severity} and it is due on {dueOn}. Nobody has
        taken it yet.
      </Paragraph>
      {flags.length > 0 ? (
        <>
          <Paragraph>{flags.length === 1 ? "The open flag:" : "The open flags:"}</Paragraph>
          <BulletList items={flags} />
        </>
      ) : null}
      <ActionButton href={url}>Open case #{caseNumber}</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

CaseNew.PreviewProps = {
  name: "Oskar Officer",
  projectTitle: "Crowd-emotion recognition in public video",
  caseNumber: 12,
  severity: "high",
  flags: ["A partner possibly matches a screening-list entry", "Surveillance-capable work with a government security end user"],
  dueOn: "16 March 2026",
  url: "http://localhost:3000/office/cases/12",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies CaseNewProps;
