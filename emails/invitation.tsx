import { ActionButton, EmailLayout, LinkFallback, Paragraph } from "./_components/layout";

export type InvitationProps = { name: string; roleLabel: string; organisationName: string; invitedBy: string; url: string; expiresInDays: number };

export const subject = (props: InvitationProps) => `You are invited to Upstream as ${props.roleLabel.toLowerCase()}`;

export default function Invitation({ name, roleLabel, organisationName, invitedBy, url, expiresInDays }: InvitationProps) {
  return (
    <EmailLayout
      preview={`${invitedBy} invited you to Upstream.`}
      heading="You are invited to Upstream"
      footer="You receive this because an Upstream administrator invited this address. If you did not expect it, ignore this e-mail: the invitation expires on its own."
    >
      <Paragraph>Hello {name},</Paragraph>
      <Paragraph>
        {invitedBy} invited you to join Upstream as {roleLabel.toLowerCase()} for {organisationName}. Accept the invitation
        and choose a password to get started. The link works once and expires in {expiresInDays} days.
      </Paragraph>
      <ActionButton href={url}>Accept the invitation</ActionButton>
      <LinkFallback href={url} />
    </EmailLayout>
  );
}

Invitation.PreviewProps = {
  name: "Olu Officer",
  roleLabel: "Compliance officer",
  organisationName: "Demo University",
  invitedBy: "The Upstream administrator",
  url: "http://localhost:3000/invitations/accept?token=example",
  expiresInDays: 7,
} satisfies InvitationProps;
