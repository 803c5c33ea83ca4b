import { Link, Form, redirect } from "react-router";
import type { Route } from "./+types/account.sessions";
import { Badge, InlinePostButton, PageHeader, formatDateTime } from "~/components/ui";
import { guardLoader, guardAction, originOf, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { roleLabels } from "~/modules/auth/actor";
import { recordAudit } from "~/modules/audit/audit.server";
import { endOwnSession, invalidateUserSessions, listOwnSessions, serializeBlankSessionCookie } from "~/modules/auth/session.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { NotFoundError } from "~/modules/errors";

const everyone = ["researcher", "officer", "analyst", "admin"] as const;

export function meta() {
  return [{ title: "Your account and sessions – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, everyone);
  return { me: { name: actor.name, email: actor.email, role: roleLabels[actor.role], isResearcher: actor.role === "researcher" }, sessions: listOwnSessions(db(), actor) };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, everyone);
  const form = await readForm(request);
  const origin = originOf(request, context);
  if (form.intent === "end-all") {
    invalidateUserSessions(db(), actor.userId);
    recordAudit(db(), { action: "auth.logout-everywhere", actor, origin });
    return redirectWithFlash("/login", "You have been signed out on every device.", {
      headers: [["Set-Cookie", serializeBlankSessionCookie(getConfig().secureCookies)]],
    });
  }
  if (form.intent === "end-one" && form.session) {
    if (!endOwnSession(db(), actor, form.session)) throw new NotFoundError("That session");
    recordAudit(db(), { action: "auth.session-end", actor, origin });
    return redirectWithFlash("/account/sessions", "That session has been signed out.");
  }
  return redirect("/account/sessions");
});

export default function Sessions({ loaderData }: Route.ComponentProps) {
  const { me, sessions } = loaderData;
  return (
    <>
      <PageHeader title="Your account" lead={`${me.name} · ${me.email} · ${me.role}`} />
      <p>
        <Link to="/account/notifications">E-mail notifications</Link>: choose what Upstream e-mails you about. ·{" "}
        <Link to="/account/two-step">Two-step sign-in</Link>: a code from your phone after your password.
        {me.isResearcher ? (
          <>
            {" "}
            · <Link to="/account/data">Your data</Link>: download it, or delete your account.
          </>
        ) : null}
      </p>
      <h2>Where you are signed in</h2>
      <p>
        A session ends after 30 minutes without activity, and after 12 hours in any case. If you see a session you do not
        recognise, sign out everywhere and change your password.
      </p>
      <div className="table-wrap">
        <table>
          <caption>Active sessions</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">
                <span className="muted">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.publicId}>
                <td>
                  {describeAgent(s.userAgent)} {s.current ? <Badge tone="active">This device</Badge> : null}
                </td>
                <td>{s.ip ?? "unknown"}</td>
                <td className="date">{formatDateTime(s.createdAt)}</td>
                <td className="date">{formatDateTime(s.lastActiveAt)}</td>
                <td>
                  {s.current ? (
                    <span className="muted">Current</span>
                  ) : (
                    <InlinePostButton fields={{ intent: "end-one", session: s.publicId }} label="Sign out this session" context={`(${describeAgent(s.userAgent)})`} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post">
        <input type="hidden" name="intent" value="end-all" />
        <button type="submit" className="button warning">
          Sign out everywhere
        </button>
      </Form>
      <p className="muted">To change your password, sign out and use “Forgotten your password?” on the sign-in page.</p>
    </>
  );
}

function describeAgent(agent: string | null) {
  if (!agent) return "Unknown device";
  const browser = /Firefox\//.test(agent) ? "Firefox" : /Edg\//.test(agent) ? "Edge" : /Chrome\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : "A browser or program";
  const system = /Windows/.test(agent) ? "Windows" : /Mac OS X/.test(agent) ? "macOS" : /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS" : /Linux/.test(agent) ? "Linux" : "";
  return system ? `${browser} on ${system}` : browser;
}
