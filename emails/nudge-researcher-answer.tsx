import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph, Quote } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type ResearcherAnswerProps = NudgeProps["researcher-answer"] & NudgeCommon;

export const subject = ({ caseNumber, researcherName }: ResearcherAnswerProps) => `${shortTitle(researcherName, 30)} answered your question on case #${caseNumber}`;

export default function ResearcherAnswer({ name, projectTitle, caseNumber, researcherName, answer, url, preferencesUrl, unsubscribeUrl }: ResearcherAnswerProps) {
  return (
    <EmailLayout
      preview={`${researcherName} answered on case #${caseNumber}.`}
      heading={`An answer on case #${caseNumber}`}
      footer={
        <NudgeFooter kind="researcher-answer" because="notifications of researchers' answers to your questions are switched on" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        {researcherName} answered your question on case #{caseNumber} about the project “{projectTitle}”:
      </Paragraph>
      <Quote>{answer}</Quote>
      <Paragraph>The case is back in review.</Paragraph>
      <ActionButton href={url}>Open case #{caseNumber}</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

ResearcherAnswer.PreviewProps = {
  name: "Oskar Officer",
  projectTitle: "Crowd-emotion recognition in public video",
  caseNumber: 12,
  researcherName: "Dr Rosa Researcher",
  answer:
    "The partner recorded the footage at public events in Harbin, with the city's permission.\n\nThe trained models stay on our servers; the partner only sees aggregated results.",
  url: "http://localhost:3000/office/cases/12",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies ResearcherAnswerProps;
