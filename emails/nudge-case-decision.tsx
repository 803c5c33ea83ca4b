import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, BulletList, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type CaseDecisionProps = NudgeProps["case-decision"] & NudgeCommon;

export const subject = ({ projectTitle }: CaseDecisionProps) => `Your compliance office's decision on “${shortTitle(projectTitle)}”`;

export default function CaseDecision({ name, projectTitle, decision, measures, reviewOn, url, preferencesUrl, unsubscribeUrl }: CaseDecisionProps) {
  return (
    <EmailLayout
      preview={`The decision on “${projectTitle}”: ${decision}.`}
      heading="A decision on your project"
      footer={
        <NudgeFooter
          kind="case-decision"
          because="you need to know the decision and anything it asks of you"
          preferencesUrl={preferencesUrl}
          unsubscribeUrl={unsubscribeUrl}
        />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        Your compliance office has finished looking at your project “{projectTitle}” and recorded its decision: <strong>{decision}</strong>.
      </Paragraph>
      {measures.length > 0 ? (
        <>
          <Paragraph>The measures agreed, and who looks after each:</Paragraph>
          <BulletList items={measures.map(({ measure, owner }) => `${measure} (${owner})`)} />
        </>
      ) : null}
      {reviewOn ? <Paragraph>The office will look at the project again on {reviewOn}.</Paragraph> : null}
      <Paragraph>The project's page shows the decision. If anything in it is unclear, you can ask your compliance office there.</Paragraph>
      <ActionButton href={url}>See the decision</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

CaseDecision.PreviewProps = {
  name: "Dr Rosa Researcher",
  projectTitle: "Crowd-emotion recognition in public video",
  decision: "Mitigations agreed",
  measures: [
    { measure: "Trained models stay on the university's servers; the partner gets results only", owner: "Dr Rosa Researcher" },
    { measure: "Footage is anonymised before it leaves the partner", owner: "Jonas Doktorand" },
  ],
  reviewOn: "1 September 2026",
  url: "http://localhost:3000/projects/2",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies CaseDecisionProps;
