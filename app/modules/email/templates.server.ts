// The registry of e-mail templates: each renders to a subject, HTML and a plain-text part.
import { plainTextSelectors } from "@react-email/render";
import { compile } from "html-to-text";
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import AccountExists, * as accountExists from "../../../emails/account-exists";
import Invitation, * as invitation from "../../../emails/invitation";
import PasswordReset, * as passwordReset from "../../../emails/password-reset";
import VerifyEmail, * as verifyEmail from "../../../emails/verify-email";
import NudgeAssessmentReminder, * as nudgeAssessmentReminder from "../../../emails/nudge-assessment-reminder";
import NudgeYearlyReassessment, * as nudgeYearlyReassessment from "../../../emails/nudge-yearly-reassessment";
import NudgeReassessmentRequest, * as nudgeReassessmentRequest from "../../../emails/nudge-reassessment-request";
import NudgeCaseQuestion, * as nudgeCaseQuestion from "../../../emails/nudge-case-question";
import NudgeCaseDecision, * as nudgeCaseDecision from "../../../emails/nudge-case-decision";
import NudgeLibraryDigest, * as nudgeLibraryDigest from "../../../emails/nudge-library-digest";
import NudgeCaseNew, * as nudgeCaseNew from "../../../emails/nudge-case-new";
import NudgeCaseSeverityRaised, * as nudgeCaseSeverityRaised from "../../../emails/nudge-case-severity-raised";
import NudgeDeadlineApproaching, * as nudgeDeadlineApproaching from "../../../emails/nudge-deadline-approaching";
import NudgeDeadlineBreached, * as nudgeDeadlineBreached from "../../../emails/nudge-deadline-breached";
import NudgeResearcherAnswer, * as nudgeResearcherAnswer from "../../../emails/nudge-researcher-answer";
import NudgeFourEyesWaiting, * as nudgeFourEyesWaiting from "../../../emails/nudge-four-eyes-waiting";
import NudgeWarningNew, * as nudgeWarningNew from "../../../emails/nudge-warning-new";
import NudgeWarningAnswer, * as nudgeWarningAnswer from "../../../emails/nudge-warning-answer";
import NudgeDigest, * as nudgeDigest from "../../../emails/nudge-digest";
import type { NudgeKind } from "../nudges/kinds";

type Template<P> = { component: ComponentType<P>; subject: (props: P) => string };

function template<P>(component: ComponentType<P>, subject: (props: P) => string): Template<P> {
  return { component, subject };
}

export const templates = {
  "verify-email": template(VerifyEmail, verifyEmail.subject),
  invitation: template(Invitation, invitation.subject),
  "password-reset": template(PasswordReset, passwordReset.subject),
  "account-exists": template(AccountExists, accountExists.subject),
  // One per nudge kind, named by nudgeTemplateName.
  "nudge-assessment-reminder": template(NudgeAssessmentReminder, nudgeAssessmentReminder.subject),
  "nudge-yearly-reassessment": template(NudgeYearlyReassessment, nudgeYearlyReassessment.subject),
  "nudge-reassessment-request": template(NudgeReassessmentRequest, nudgeReassessmentRequest.subject),
  "nudge-case-question": template(NudgeCaseQuestion, nudgeCaseQuestion.subject),
  "nudge-case-decision": template(NudgeCaseDecision, nudgeCaseDecision.subject),
  "nudge-library-digest": template(NudgeLibraryDigest, nudgeLibraryDigest.subject),
  "nudge-case-new": template(NudgeCaseNew, nudgeCaseNew.subject),
  "nudge-case-severity-raised": template(NudgeCaseSeverityRaised, nudgeCaseSeverityRaised.subject),
  "nudge-deadline-approaching": template(NudgeDeadlineApproaching, nudgeDeadlineApproaching.subject),
  "nudge-deadline-breached": template(NudgeDeadlineBreached, nudgeDeadlineBreached.subject),
  "nudge-researcher-answer": template(NudgeResearcherAnswer, nudgeResearcherAnswer.subject),
  "nudge-four-eyes-waiting": template(NudgeFourEyesWaiting, nudgeFourEyesWaiting.subject),
  "nudge-warning-new": template(NudgeWarningNew, nudgeWarningNew.subject),
  "nudge-warning-answer": template(NudgeWarningAnswer, nudgeWarningAnswer.subject),
  "nudge-digest": template(NudgeDigest, nudgeDigest.subject),
};

export type TemplateName = keyof typeof templates;
export type TemplateProps<N extends TemplateName> = (typeof templates)[N] extends Template<infer P> ? P : never;

/** The template that renders a nudge of this kind; every kind has one, or this does not compile. */
export function nudgeTemplateName(kind: NudgeKind): TemplateName {
  return `nudge-${kind}`;
}

export type RenderedEmail = { template: TemplateName; subject: string; html: string; text: string };

export async function renderEmail<N extends TemplateName>(name: N, props: TemplateProps<N>): Promise<RenderedEmail> {
  const { component, subject } = templates[name] as unknown as Template<TemplateProps<N>>;
  const html = emailDocument(createElement(component as ComponentType<object>, props as object));
  return { template: name, subject: subject(props), html, text: toPlainText(html) };
}

/**
 * An e-mail's HTML document: what react-email's `render` gives, without the comments React's
 * streaming renderer leaves between elements, which a mail client ignores. The templates do
 * nothing asynchronous, so React's synchronous renderer makes them, in a sixth of the time.
 * (A test compares the two for every template.)
 */
function emailDocument(element: ReturnType<typeof createElement>): string {
  return `${XHTML_DOCTYPE}${renderToStaticMarkup(element)}`;
}

const XHTML_DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

// The plain-text part comes from the rendered HTML with react-email's own conversion rules, so
// each e-mail is rendered once, and the converter is compiled once rather than for every e-mail.
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

