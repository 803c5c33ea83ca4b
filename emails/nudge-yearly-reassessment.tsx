import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type YearlyReassessmentProps = NudgeProps["yearly-reassessment"] & NudgeCommon;

export const subject = ({ projectTitle }: YearlyReassessmentProps) => `Time for the yearly self-assessment of “${shortTitle(projectTitle)}”`;

export default function YearlyReassessment({ name, projectTitle, lastAssessedOn, url, preferencesUrl, unsubscribeUrl }: YearlyReassessmentProps) {
  return (
    <EmailLayout
      preview={`“${projectTitle}” was last assessed on ${lastAssessedOn}.`}
      heading="Time for the yearly self-assessment"
      footer={
        <NudgeFooter kind="yearly-reassessment" because="yearly reminders for your active projects are switched on" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        Your project “{projectTitle}” was last assessed on {lastAssessedOn}. Projects change over a year, with new partners, funders or
        directions, so we ask once a year for a fresh self-assessment of every active project.
      </Paragraph>
      <Paragraph>If little has changed, it should not take long.</Paragraph>
      <ActionButton href={url}>Start the self-assessment</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

YearlyReassessment.PreviewProps = {
  name: "Dr Rosa Researcher",
  projectTitle: "Knot invariants of three-manifolds",
  lastAssessedOn: "14 January 2026",
  url: "http://localhost:3000/projects/1/assessment",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies YearlyReassessmentProps;
