import { ActionButton, EmailLayout, Paragraph } from "./_components/layout";

export type AccountExistsProps = { name: string; loginUrl: string; resetUrl: string };

export const subject = () => "You already have an Upstream account";

export default function AccountExists({ name, loginUrl, resetUrl }: AccountExistsProps) {
  return (
    <EmailLayout
      preview="Someone tried to sign up with your address."
      heading="You already have an account"
      footer="You receive this because someone tried to sign up to Upstream with this address. If it was not you, no action is needed."
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>Someone, probably you, tried to sign up to Upstream with this address, which already has an account. Sign in instead.</Paragraph>
      <ActionButton href={loginUrl}>Sign in</ActionButton>
      <Paragraph>Forgotten your password? You can choose a new one at {resetUrl}.</Paragraph>
    </EmailLayout>
  );
}

AccountExists.PreviewProps = {
  name: "Dr Ada Example",
  loginUrl: "http://localhost:3000/login",
  resetUrl: "http://localhost:3000/forgot-password",
} satisfies AccountExistsProps;
