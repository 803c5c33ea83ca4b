import { Section, Text } from "@react-email/components";
import type { NudgeCommon, NudgeProps } from "../app/modules/nudges/kinds";
import { ActionButton, EmailLayout, InlineLink, LinkFallback, Paragraph, colours } from "./_components/layout";
import { NudgeFooter, plural } from "./_components/nudge-footer";

export type LibraryDigestProps = NudgeProps["library-digest"] & NudgeCommon;

export const subject = ({ period, articles }: LibraryDigestProps) =>
  `${plural(articles.length, "library article")} for your projects this ${period}`;

export default function LibraryDigest({ name, period, articles, url, preferencesUrl, unsubscribeUrl }: LibraryDigestProps) {
  return (
    <EmailLayout
      preview={`New and updated reading for your projects this ${period}.`}
      heading="New in the library for your projects"
      footer={
        <NudgeFooter
          kind="library-digest"
          because={`you get a ${period === "week" ? "weekly" : "monthly"} list of library articles that touch on your projects`}
          preferencesUrl={preferencesUrl}
          unsubscribeUrl={unsubscribeUrl}
        />
      }
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>These articles in the Upstream library were added or updated this {period} and touch on your projects:</Paragraph>
      {articles.map((article, index) => (
        <Section key={index} style={{ margin: "0 0 16px" }}>
          <Text style={{ fontSize: "16px", lineHeight: "24px", fontWeight: 700, margin: 0 }}>
            <InlineLink href={article.url}>{article.title}</InlineLink>
          </Text>
          <Text style={{ fontSize: "16px", lineHeight: "24px", margin: 0 }}>{article.summary}</Text>
          <Text style={{ fontSize: "14px", lineHeight: "20px", color: colours.muted, margin: "4px 0 0" }}>Why you see this: {article.reason}</Text>
        </Section>
      ))}
      <ActionButton href={url}>Open the library</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

LibraryDigest.PreviewProps = {
  name: "Dr Rosa Researcher",
  period: "week",
  articles: [
    {
      title: "Know your partner: due diligence, screening lists, state control and red flags",
      summary: "A practical guide to checking research partners: which screening lists exist, what state control means, and which red flags matter.",
      url: "http://localhost:3000/library/know-your-partner-due-diligence",
      reason: "“Crowd-emotion recognition in public video” has a partner abroad.",
    },
    {
      title: "Travelling with laptops, phones and research data",
      summary: "Why carrying unpublished technical files abroad can count as an export, and how to pack a sensible travel setup.",
      url: "http://localhost:3000/library/travelling-with-laptops-and-research-data",
      reason: "Updated this week; you read it before.",
    },
  ],
  url: "http://localhost:3000/library",
  preferencesUrl: "http://localhost:3000/account/notifications",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=example",
} satisfies LibraryDigestProps;
