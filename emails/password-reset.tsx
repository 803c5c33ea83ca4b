import { ActionButton, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";

export type PasswordResetProps = { name: string; url: string; expiresInMinutes: number };

export const subject = () => "Reset your Upstream password";

export default function PasswordReset({ name, url, expiresInMinutes }: PasswordResetProps) {
  return (
    <EmailLayout
      preview="Choose a new password for Upstream."
      heading="Reset your password"
      footer="You receive this because a password reset was asked for this address. If it was not you, ignore this e-mail: your password stays as it is."
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        Choose a new password with the button below. The link works once and expires in {expiresInMinutes} minutes. Resetting
        your password signs you out on every other device.
      </Paragraph>
      <ActionButton href={url}>Choose a new password</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

PasswordReset.PreviewProps = {
  name: "Dr Ada Example",
  url: "http://localhost:3000/reset-password?token=example",
  expiresInMinutes: 60,
} satisfies PasswordResetProps;
