import { Form, Link } from "react-router";
import type { Route } from "./+types/office.screening";
import { ErrorSummary, SelectField, TextArea, TextField } from "~/components/form";
import { Badge, EmptyState, Notice, PageHeader, formatDate } from "~/components/ui";
import { guardAction, guardLoader, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { countries, countryName } from "~/modules/reference/countries";
import { screeningDecisionInput, screeningQuery } from "~/modules/screening/schema";
import { ListsTable } from "~/components/screening";
import { listScreeningDecisions, listScreeningLists, recordScreeningDecision, screenForInstitution } from "~/modules/screening/screening.server";

export function meta() {
  return [{ title: "Screen a partner – Upstream" }];
}

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const asked = url.searchParams.has("name");
  const query = { name: url.searchParams.get("name") ?? "", country: url.searchParams.get("country") ?? "" };
  const parsed = asked ? screeningQuery.safeParse(query) : null;
  return {
    query,
    queryError: parsed && !parsed.success ? Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) : null,
    results: parsed?.success ? screenForInstitution(db(), actor, parsed.data) : null,
    lists: listScreeningLists(db()).map((l) => ({ id: l.id, name: l.name, publisher: l.publisher, snapshotDate: l.snapshotDate, entryCount: l.entryCount, sourceUrl: l.sourceUrl, lastImport: l.lastImport })),
    decisions: listScreeningDecisions(db(), actor),
  };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const input = parseInput(screeningDecisionInput, await readForm(request));
  recordScreeningDecision(db(), actor, input, originOf(request, context));
  const back = `/office/screening?${new URLSearchParams({ name: input.name, country: input.country ?? "" })}`;
  return redirectWithFlash(back, input.decision === "confirmed" ? "Recorded as a confirmed match for your institution." : "Recorded as a false positive for your institution.");
});

const countryOptions = countries.map((c) => ({ value: c.code, label: c.name }));
const decisionLabel = { confirmed: "Confirmed match", false_positive: "False positive" } as const;

export default function Screening({ loaderData, actionData }: Route.ComponentProps) {
  const { query, queryError, results, lists, decisions } = loaderData;
  const failed = actionData && "errors" in actionData ? actionData : null;
  return (
    <>
      <PageHeader
        title="Screen a partner organisation"
        lead="Check a partner, funder or end user against the screening lists. Every candidate says why it came up; you decide what it means for your institution."
        back={{ to: "/office", label: "Compliance office" }}
      />
      <ErrorSummary errors={queryError ?? undefined} />
      <Form method="get" className="filters" role="search" aria-label="Screen an organisation">
        <TextField name="name" label="Organisation" defaultValue={query.name} error={queryError?.name} />
        <SelectField name="country" label="Country (if known)" placeholder="Unknown" options={countryOptions} defaultValue={query.country} error={queryError?.country} />
        <button type="submit" className="button">
          Screen
        </button>
      </Form>

      {results === null ? null : results.length === 0 ? (
        <Notice tone="success" title={`No list entry resembles “${query.name}”.`}>
          <p>Screening is one part of knowing your partner: ownership, funding and the intended use still matter.</p>
        </Notice>
      ) : (
        <section aria-labelledby="results-title">
          <h2 id="results-title">
            {results.length} candidate{results.length === 1 ? "" : "s"} for “{query.name}”
          </h2>
          <p className="muted">A candidate is a lead, not a finding: check it against the official list before acting on it.</p>
          <ol className="candidates">
            {results.map((r) => {
              const formErrors = failed && failed.values.listId === r.listId && failed.values.entryId === r.entryId ? failed.errors : undefined;
              const id = `${r.listId}-${r.entryId}`.replace(/[^a-z0-9-]/gi, "-");
              return (
                <li key={id} className="candidate panel">
                  <h3>
                    {r.entryName} <Badge tone={r.level === "strong" ? "error" : "warning"}>{r.level === "strong" ? "Likely match" : "Possible match"}</Badge>
                  </h3>
                  <dl className="summary">
                    <dt>List</dt>
                    <dd>{r.listName}</dd>
                    <dt>Score</dt>
                    <dd>{Math.round(r.score * 100)} / 100</dd>
                    <dt>Listed country</dt>
                    <dd>{r.country ? countryName(r.country) : "not given"}</dd>
                    <dt>Why</dt>
                    <dd>{r.explanation}</dd>
                  </dl>
                  {r.decision ? (
                    <Notice title={`Your office decided: ${decisionLabel[r.decision.decision].toLowerCase()}`}>
                      <p>
                        “{r.decision.reason}” — {r.decision.decidedBy}, {formatDate(r.decision.decidedAt)}
                      </p>
                    </Notice>
                  ) : (
                    <Form method="post" noValidate aria-label={`Decide on ${r.entryName}`}>
                      <ErrorSummary errors={formErrors} />
                      <input type="hidden" name="name" value={query.name} />
                      <input type="hidden" name="country" value={query.country} />
                      <input type="hidden" name="listId" value={r.listId} />
                      <input type="hidden" name="entryId" value={r.entryId} />
                      <fieldset className={formErrors?.decision ? "field has-error" : "field"} id={`decision-${id}`}>
                        <legend>Is “{query.name}” this listed organisation?</legend>
                        {formErrors?.decision ? <span className="field-error">{formErrors.decision}</span> : null}
                        <div className="choices">
                          <label className="choice">
                            <input type="radio" name="decision" value="confirmed" /> Yes, a confirmed match
                          </label>
                          <label className="choice">
                            <input type="radio" name="decision" value="false_positive" /> No, a false positive
                          </label>
                        </div>
                      </fieldset>
                      <TextArea name="reason" label="Reason" hint="For example: different city and field; checked the official entry on 26 Nov 2026." error={formErrors?.reason} defaultValue={formErrors ? failed?.values.reason : undefined} rows={2} />
                      <button type="submit" className="button secondary">
                        Record the decision
                      </button>
                    </Form>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      )}

      <h2>Decisions your office has recorded</h2>
      {decisions.length === 0 ? (
        <EmptyState title="No decisions yet">
          <p>When you mark a candidate as a confirmed match or a false positive, it is remembered for your institution and not asked again.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">List entry</th>
                <th scope="col">Decision</th>
                <th scope="col">Reason</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {decisions.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/office/screening?${new URLSearchParams({ name: d.organisation, country: d.country ?? "" })}`}>{d.organisation}</Link>
                    {d.country ? ` (${d.country})` : ""}
                  </td>
                  <td>{d.entryName ?? `${d.listId} ${d.entryId} (no longer listed)`}</td>
                  <td>
                    <Badge tone={d.decision === "confirmed" ? "error" : "neutral"}>{decisionLabel[d.decision]}</Badge>
                  </td>
                  <td>{d.reason}</td>
                  <td className="date">
                    {d.decidedBy}, {formatDate(d.decidedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>The lists</h2>
      <ListsTable lists={lists} />
    </>
  );
}
