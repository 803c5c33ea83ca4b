import { ActionButton, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";

export type VerifyEmailProps = { name: string; institutionName: string; url: string; expiresInHours: number };

export const subject = () => "Activate your Upstream account";

export default function VerifyEmail({ name, institutionName, url, expiresInHours }: VerifyEmailProps) {
  return (
    <EmailLayout
      preview="Confirm your address to start using Upstream."
      heading="Activate your account"
      footer="You receive this because someone signed up to Upstream with this address. If it was not you, ignore this e-mail: no account is activated without the link."
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        You signed up to Upstream as a researcher at {institutionName}. Confirm that this address is yours to activate your
        account. The link works once and expires in {expiresInHours} hours.
      </Paragraph>
      <ActionButton href={url}>Activate my account</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

VerifyEmail.PreviewProps = {
  name: "Dr Ada Example",
  institutionName: "Demo University",
  url: "http://localhost:3000/verify-email?token=example",
  expiresInHours: 24,
} satisfies VerifyEmailProps;
