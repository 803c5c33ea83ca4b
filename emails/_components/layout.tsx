// The shared frame of every e-mail: the service name, one message, one clear button, and a
// footer that says why the reader got it.
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { Fragment, type ReactNode } from "react";

export const colours = { ink: "#0b0c0c", muted: "#505a5f", brand: "#1d4f91", line: "#b1b4b6", paper: "#ffffff", page: "#f3f2f1" };

/** `footer` is one short paragraph; it may hold inline links (see nudge-footer.tsx). */
export function EmailLayout({ preview, heading, children, footer }: { preview: string; heading: string; children: ReactNode; footer: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colours.page, fontFamily: "Arial, Helvetica, sans-serif", color: colours.ink, margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: colours.paper, maxWidth: "560px", padding: "24px 32px", borderTop: `6px solid ${colours.brand}` }}>
          <Text style={{ fontSize: "16px", fontWeight: 700, margin: "0 0 16px", color: colours.brand }}>Upstream</Text>
          <Heading as="h1" style={{ fontSize: "24px", lineHeight: "30px", margin: "0 0 16px" }}>
            {heading}
          </Heading>
          {children}
          <Hr style={{ borderColor: colours.line, margin: "24px 0 16px" }} />
          <Text style={{ fontSize: "13px", lineHeight: "20px", color: colours.muted, margin: 0 }}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" }}>{children}</Text>;
}

export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "8px 0 24px" }}>
      <Button
        href={href}
        style={{ backgroundColor: colours.brand, color: "#ffffff", fontSize: "16px", fontWeight: 700, padding: "12px 20px", borderRadius: "4px", textDecoration: "none" }}
      >
        {children}
      </Button>
    </Section>
  );
}

export function LinkFallback({ href }: { href: string }) {
  return (
    <Text style={{ fontSize: "13px", lineHeight: "20px", color: colours.muted, margin: "0 0 8px", wordBreak: "break-all" }}>
      If the button does not work, copy this address into your browser: {href}
    </Text>
  );
}

/**
 * Words someone typed (a question, an answer, a concern), set apart from ours. Their line breaks
 * become <br> so they survive in the plain-text part too; pre-wrap keeps their spacing in HTML.
 */
export function Quote({ children }: { children: string }) {
  const lines = children.split(/\r\n|\r|\n/);
  return (
    <Text
      style={{ fontSize: "16px", lineHeight: "24px", margin: "0 0 16px", padding: "8px 0 8px 16px", borderLeft: `4px solid ${colours.line}`, whiteSpace: "pre-wrap" }}
    >
      {lines.map((line, index) => (
        <Fragment key={index}>
          {index > 0 ? <br /> : null}
          {line}
        </Fragment>
      ))}
    </Text>
  );
}

export function BulletList({ items }: { items: ReactNode[] }) {
  return (
    <ul style={{ fontSize: "16px", lineHeight: "24px", margin: "0 0 16px", paddingLeft: "24px" }}>
      {items.map((item, index) => (
        <li key={index} style={{ margin: "0 0 4px" }}>
          {item}
        </li>
      ))}
    </ul>
  );
}

/** A link inside running text, such as the footer's, that stays readable in the muted colour. */
export function InlineLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} style={{ color: "inherit", textDecoration: "underline" }}>
      {children}
    </Link>
  );
}
