import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph, Quote } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type ReassessmentRequestProps = NudgeProps["reassessment-request"] & NudgeCommon;

export const subject = ({ projectTitle }: ReassessmentRequestProps) => `Please assess “${shortTitle(projectTitle)}” again after a change`;

export default function ReassessmentRequest({ name, projectTitle, reason, url, preferencesUrl, unsubscribeUrl }: ReassessmentRequestProps) {
  return (
    <EmailLayout
      preview={`Something changed in “${projectTitle}”; please bring its self-assessment up to date.`}
      heading="Please assess your project again"
      footer={
        <NudgeFooter kind="reassessment-request" because="requests to assess a project again after a change are switched on" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>Something changed in your project “{projectTitle}” since its last self-assessment:</Paragraph>
      <Quote>{reason}</Quote>
      <Paragraph>
        Its answers may no longer describe the project as it is now, so please go through the self-assessment again. This is routine and
        does not mean anything is wrong.
      </Paragraph>
      <ActionButton href={url}>Assess the project again</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

ReassessmentRequest.PreviewProps = {
  name: "Dr Rosa Researcher",
  projectTitle: "Crowd-emotion recognition in public video",
  reason: "A new partner was added: Harbin Inst. of Technology (China).",
  url: "http://localhost:3000/projects/2/assessment",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies ReassessmentRequestProps;
