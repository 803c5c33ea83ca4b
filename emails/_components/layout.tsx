// The shared frame of every e-mail: the service name, one message, one clear button, and a
// footer that says why the reader got it.
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

const colours = { ink: "#0b0c0c", muted: "#505a5f", brand: "#1d4f91", line: "#b1b4b6", paper: "#ffffff", page: "#f3f2f1" };

export function EmailLayout({ preview, heading, children, footer }: { preview: string; heading: string; children: ReactNode; footer: string }) {
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
