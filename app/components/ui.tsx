// Small shared pieces: page headings, notices, badges, empty states.
import type { ReactNode } from "react";
import { Form, Link } from "react-router";
import { html, type SafeHtml } from "~/lib/html";

export function PageHeader({ title, lead, back }: { title: string; lead?: ReactNode; back?: { to: string; label: string } }) {
  return (
    <>
      {back ? (
        <Link className="back-link" to={back.to}>
          {back.label}
        </Link>
      ) : null}
      <h1>{title}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
    </>
  );
}

export function Notice({ tone = "info", title, children }: { tone?: "info" | "success" | "error"; title?: string; children?: ReactNode }) {
  return (
    <div className={`notice ${tone === "info" ? "" : tone}`} role={tone === "error" ? "alert" : "status"}>
      {title ? <strong>{title}</strong> : null}
      {children}
    </div>
  );
}

export type BadgeTone = "active" | "pending" | "disabled" | "neutral" | "success" | "warning" | "error";

export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`badge ${tone}`}>{children}</span>;
}

/** The same badge as markup, for rows rendered as strings (app/lib/html.ts). */
export function badgeHtml(tone: BadgeTone, text: string): SafeHtml {
  return html`<span class="badge ${tone}">${text}</span>`;
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function formatDateTime(value: Date | string | number) {
  const date = new Date(value);
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The UTC day as YYYY-MM-DD (what `toISOString` starts with, at a fraction of its cost: the queue shows fifty). */
export function formatDate(value: Date | string | number) {
  const date = new Date(value);
  const year = date.getUTCFullYear();
  // Years of other widths, and invalid dates (which throw), go the long way.
  if (!(year >= 1000 && year <= 9999)) return date.toISOString().slice(0, 10);
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${year}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

/**
 * A one-button form that posts an intent with hidden fields, for actions inside tables and
 * lists ("Remove", "Revoke"); `context` names the row for screen-reader users.
 */
export function InlinePostButton({ action, fields, label, context }: { action?: string; fields: Record<string, string | number>; label: string; context: string }) {
  return (
    <Form method="post" action={action} className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="link-button">
        {label}
        <span className="visually-hidden"> {context}</span>
      </button>
    </Form>
  );
}
