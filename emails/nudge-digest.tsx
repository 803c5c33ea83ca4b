import { Section, Text } from "@react-email/components";
import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, InlineLink, LinkFallback, Paragraph } from "./_components/layout";
import { NudgeFooter, plural } from "./_components/nudge-footer";

export type DigestProps = NudgeProps["digest"] & NudgeCommon;

export const subject = ({ items }: DigestProps) => `Your daily Upstream summary: ${plural(items.length, "update")}`;

export default function Digest({ name, items, url, preferencesUrl, unsubscribeUrl }: DigestProps) {
  return (
    <EmailLayout
      preview={items.map((item) => item.label).join(" · ")}
      heading="Your daily summary"
      footer={
        <NudgeFooter
          kind="digest"
          because="you chose to get some notifications together in one e-mail a day"
          preferencesUrl={preferencesUrl}
          unsubscribeUrl={unsubscribeUrl}
        />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>Here is what happened in Upstream since your last summary:</Paragraph>
      {items.map((item, index) => (
        <Section key={index} style={{ margin: "0 0 16px" }}>
          <Text style={{ fontSize: "16px", lineHeight: "24px", fontWeight: 700, margin: 0 }}>
            <InlineLink href={item.url}>{item.label}</InlineLink>
          </Text>
          <Text style={{ fontSize: "16px", lineHeight: "24px", margin: 0 }}>{item.summary}</Text>
        </Section>
      ))}
      <ActionButton href={url}>Open Upstream</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

Digest.PreviewProps = {
  name: "Oskar Officer",
  items: [
    { label: "New case #14", summary: "“Open corpora of regional dialects”, low severity, due on 20 April 2026.", url: "http://localhost:3000/office/cases/14" },
    { label: "New case #15", summary: "“Knot invariants of three-manifolds”, medium severity, due on 30 March 2026.", url: "http://localhost:3000/office/cases/15" },
    { label: "Case #9 raised to medium", summary: "“Swarm navigation for underwater gliders” is now due on 10 March 2026.", url: "http://localhost:3000/office/cases/9" },
  ],
  url: "http://localhost:3000/",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies DigestProps;
