import { Form } from "react-router";
import type { Route } from "./+types/office.api-tokens";
import { ErrorSummary, TextField } from "~/components/form";
import { Badge, EmptyState, InlinePostButton, Notice, PageHeader, formatDateTime } from "~/components/ui";
import { guardAction, guardLoader, idParam, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { tokenName } from "~/modules/api/schema";
import { createApiToken, listApiTokens, revokeApiToken } from "~/modules/api/tokens.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";

export function meta() {
  return [{ title: "API tokens – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return { tokens: listApiTokens(db(), actor), apiUrl: `${getConfig().appUrl}/api/v1` };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const form = await readForm(request);
  if (form.intent === "revoke") {
    revokeApiToken(db(), actor, idParam(form.tokenId), originOf(request, context));
    return redirectWithFlash("/office/api-tokens", "The token has been revoked; it stops working at once.");
  }
  const { name } = parseInput(tokenName, form);
  const { token } = createApiToken(db(), actor, name, originOf(request, context));
  return { created: { name, token } };
});

export default function ApiTokens({ loaderData, actionData }: Route.ComponentProps) {
  const { tokens, apiUrl } = loaderData;
  const created = actionData && "created" in actionData ? actionData.created : null;
  const failure = actionData && "errors" in actionData ? actionData : null;
  return (
    <>
      <PageHeader
        title="API tokens"
        lead="For your research information system: it can create and update projects and read their profiles and flags, for your institution only."
        back={{ to: "/office", label: "Compliance office" }}
      />
      <p>
        The API is described at <a href={`${apiUrl}/openapi.json`}>{`${apiUrl}/openapi.json`}</a>.
      </p>
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
        <TextField name="name" label="Used by" hint="For example: Pure research information system (production)." defaultValue={failure?.values.name} error={failure?.errors.name} />
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
