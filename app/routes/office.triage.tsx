import { Form, Link } from "react-router";
import type { Route } from "./+types/office.triage";
import { SelectField } from "~/components/form";
import { SeverityBadge } from "~/components/severity";
import { EmptyState, PageHeader, formatDate } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { DIMENSION_LABELS } from "~/modules/cases/labels";
import { db } from "~/modules/db.server";
import { listOpenFlags, listPatterns } from "~/modules/triage/triage.server";

export function meta() {
  return [{ title: "Triage – Compliance office – Upstream" }];
}

const severities = ["critical", "high", "medium", "low", "info"];

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const severity = url.searchParams.get("severity") ?? "";
  return {
    severity: severities.includes(severity) ? severity : "",
    flags: listOpenFlags(db(), actor, { severity: severities.includes(severity) ? severity : undefined }),
    patterns: listPatterns(db(), actor),
  };
});

export default function Triage({ loaderData }: Route.ComponentProps) {
  const { flags, patterns, severity } = loaderData;
  return (
    <>
      <PageHeader title="Triage" lead="What the rules found in your institution's projects, most severe first. Every flag says why." back={{ to: "/office", label: "Compliance office" }} />
      <p>
        <Link to="/office/rules">Tune the rules and see the effect before saving</Link>
      </p>
      <h2>Portfolio patterns</h2>
      {patterns.length === 0 ? (
        <p className="muted">No pattern across projects at the moment: no organisation in several projects, no cluster of sensitive work with one country, no sudden rise.</p>
      ) : (
        <ul className="entity-list">
          {patterns.map((p) => (
            <li key={p.id} className="panel">
              <h3>
                {p.title} <SeverityBadge severity={p.severity} />
              </h3>
              <p>{p.explanation}</p>
              <p className="muted">
                Projects:{" "}
                {p.projectIds.map((id, i) => (
                  <span key={id}>
                    {i > 0 ? ", " : ""}
                    <Link to={`/projects/${id}`}>#{id}</Link>
                  </span>
                ))}
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2>Open flags</h2>
      <Form method="get" className="filters" aria-label="Filter the flags">
        <SelectField name="severity" label="Severity" placeholder="Any" options={severities.map((s) => ({ value: s, label: s }))} defaultValue={severity} />
        <button type="submit" className="button secondary">
          Filter
        </button>
      </Form>
      {flags.length === 0 ? (
        <EmptyState title="No open flags">
          <p>Nothing in the portfolio meets a rule's condition{severity ? ` at ${severity} severity` : ""}.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Flag</th>
                <th scope="col">Project</th>
                <th scope="col">Dimension</th>
                <th scope="col">Raised</th>
              </tr>
            </thead>
            <tbody>
              {flags.map((f) => (
                <tr key={f.id}>
                  <td>
                    <SeverityBadge severity={f.severity} />
                  </td>
                  <td>{f.title}</td>
                  <td>
                    <Link to={`/projects/${f.projectId}#flags`}>{f.projectTitle}</Link>
                  </td>
                  <td>{DIMENSION_LABELS[f.dimension] ?? f.dimension}</td>
                  <td className="date">{formatDate(f.openedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
