// The registry of e-mail templates: each renders to a subject, HTML and a plain-text part.
import { render } from "@react-email/render";
import { createElement, type ComponentType } from "react";
import AccountExists, * as accountExists from "../../../emails/account-exists";
import Invitation, * as invitation from "../../../emails/invitation";
import PasswordReset, * as passwordReset from "../../../emails/password-reset";
import VerifyEmail, * as verifyEmail from "../../../emails/verify-email";

type Template<P> = { component: ComponentType<P>; subject: (props: P) => string };

function template<P>(component: ComponentType<P>, subject: (props: P) => string): Template<P> {
  return { component, subject };
}

export const templates = {
  "verify-email": template(VerifyEmail, verifyEmail.subject),
  invitation: template(Invitation, invitation.subject),
  "password-reset": template(PasswordReset, passwordReset.subject),
  "account-exists": template(AccountExists, accountExists.subject),
};

export type TemplateName = keyof typeof templates;
export type TemplateProps<N extends TemplateName> = (typeof templates)[N] extends Template<infer P> ? P : never;

export type RenderedEmail = { template: TemplateName; subject: string; html: string; text: string };

export async function renderEmail<N extends TemplateName>(name: N, props: TemplateProps<N>): Promise<RenderedEmail> {
  const { component, subject } = templates[name] as unknown as Template<TemplateProps<N>>;
  const element = createElement(component as ComponentType<object>, props as object);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { template: name, subject: subject(props), html, text };
}
