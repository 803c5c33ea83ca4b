import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph, Quote } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type WarningAnswerProps = NudgeProps["warning-answer"] & NudgeCommon;

export const subject = ({ warningId, institutionName }: WarningAnswerProps) => `${shortTitle(institutionName)} answered on early warning ${warningId}`;

export default function WarningAnswer({ name, warningId, institutionName, answer, url, preferencesUrl, unsubscribeUrl }: WarningAnswerProps) {
  return (
    <EmailLayout
      preview={`${institutionName} answered your question on ${warningId}.`}
      heading={`An answer on warning ${warningId}`}
      footer={
        <NudgeFooter kind="warning-answer" because="notifications of institutions' answers to your questions are switched on" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        {institutionName} answered your question on early warning {warningId}:
      </Paragraph>
      <Quote>{answer}</Quote>
      <ActionButton href={url}>Open warning {warningId}</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

WarningAnswer.PreviewProps = {
  name: "Ana Analyst",
  warningId: "UPW-7",
  institutionName: "Demo University",
  answer: "The visit is planned for May.\nThe partner has not received any code or trained models so far.",
  url: "http://localhost:3000/agency/warnings/7",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies WarningAnswerProps;
