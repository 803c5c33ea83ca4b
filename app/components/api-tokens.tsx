// The API tokens page, shared by compliance offices (for research information systems) and
// agencies (for their own systems): create a token (shown once), list, revoke.
import type { ReactNode } from "react";
import { Form } from "react-router";
import { ErrorSummary, TextField } from "./form";
import { Badge, EmptyState, InlinePostButton, Notice, PageHeader, formatDateTime } from "./ui";
import type { FormFailure } from "~/lib/http.server";

type Token = { id: number; name: string; prefix: string; createdAt: Date | string; lastUsedAt: Date | string | null; revokedAt: Date | string | null };

export function ApiTokensPage({ tokens, created, failure, lead, back, usedByHint, children }: { tokens: Token[]; created: { name: string; token: string } | null; failure: FormFailure | null; lead: string; back: { to: string; label: string }; usedByHint: string; children?: ReactNode }) {
  return (
    <>
      <PageHeader title="API tokens" lead={lead} back={back} />
      {children}
      {created ? (
        <Notice tone="success" title={`Token for “${created.name}” created`}>
          <p>Copy it now: it is shown only once. Store it as a secret of the system that uses it.</p>
          <p>
            <code className="token">{created.token}</code>
          </p>
        </Notice>
      ) : null}
      <h2>Create a token</h2>
      <ErrorSummary errors={failure?.errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="create" />
        <TextField name="name" label="Used by" hint={usedByHint} defaultValue={failure?.values.name} error={failure?.errors.name} />
        <button type="submit" className="button">
          Create a token
        </button>
      </Form>
      <h2>Tokens</h2>
      {tokens.length === 0 ? (
        <EmptyState title="No tokens yet" />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Used by</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td className="date">{formatDateTime(t.createdAt)}</td>
                  <td className="date">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"}</td>
                  <td>
                    {t.revokedAt ? (
                      <Badge tone="disabled">Revoked</Badge>
                    ) : (
                      <InlinePostButton fields={{ intent: "revoke", tokenId: t.id }} label="Revoke" context={`the token for ${t.name}`} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
