import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph, Quote } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type CaseQuestionProps = NudgeProps["case-question"] & NudgeCommon;

export const subject = ({ projectTitle }: CaseQuestionProps) => `Your compliance office has a question about “${shortTitle(projectTitle)}”`;

export default function CaseQuestion({ name, projectTitle, question, officerName, url, preferencesUrl, unsubscribeUrl }: CaseQuestionProps) {
  return (
    <EmailLayout
      preview={`${officerName} asks about “${projectTitle}”.`}
      heading="A question about your project"
      footer={
        <NudgeFooter
          kind="case-question"
          because="your compliance office needs your answer to finish looking at the project"
          preferencesUrl={preferencesUrl}
          unsubscribeUrl={unsubscribeUrl}
        />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        {officerName} from your compliance office has a question about your project “{projectTitle}”:
      </Paragraph>
      <Quote>{question}</Quote>
      <Paragraph>
        Questions like this are a normal part of the office's review. Please answer on the project's page in Upstream; your answer goes
        straight to the office, and you can ask something back there too.
      </Paragraph>
      <ActionButton href={url}>Answer the question</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

CaseQuestion.PreviewProps = {
  name: "Dr Rosa Researcher",
  projectTitle: "Crowd-emotion recognition in public video",
  question:
    "Could you tell us more about the street-camera footage the partner provides?\n\nIn particular: who recorded it, and will the trained models be shared with the partner?",
  officerName: "Oskar Officer",
  url: "http://localhost:3000/projects/2/conversation",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies CaseQuestionProps;
