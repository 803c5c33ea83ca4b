import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, LinkFallback, Paragraph, Quote } from "./_components/layout";
import { NudgeFooter, shortTitle } from "./_components/nudge-footer";

export type WarningNewProps = NudgeProps["warning-new"] & NudgeCommon;

export const subject = ({ warningId, institutionName, urgency }: WarningNewProps) =>
  `New early warning ${warningId} from ${shortTitle(institutionName)} (${urgency.toLowerCase()})`;

export default function WarningNew({ name, warningId, institutionName, urgency, severity, concern, url, preferencesUrl, unsubscribeUrl }: WarningNewProps) {
  return (
    <EmailLayout
      preview={`${institutionName} sent early warning ${warningId}.`}
      heading={`New early warning ${warningId}`}
      footer={
        <NudgeFooter kind="warning-new" because="notifications of new early warnings for your agency are switched on" preferencesUrl={preferencesUrl} unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        {institutionName} sent your agency early warning {warningId}. Urgency: {urgency.toLowerCase()}; severity: {severity}. Their concern:
      </Paragraph>
      <Quote>{concern}</Quote>
      <Paragraph>You can acknowledge it, or ask the institution for more information, from the warning's page.</Paragraph>
      <ActionButton href={url}>Open warning {warningId}</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

WarningNew.PreviewProps = {
  name: "Ana Analyst",
  warningId: "UPW-7",
  institutionName: "Demo University",
  urgency: "Priority",
  severity: "high",
  concern:
    "A partner abroad co-develops crowd-emotion models from street-camera footage; the partner possibly matches an entry on a screening list.\n\nNo models or code have been shared yet.",
  url: "http://localhost:3000/agency/warnings/7",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies WarningNewProps;
