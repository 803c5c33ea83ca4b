import { Form, Link } from "react-router";
import type { Route } from "./+types/library._index";
import { SelectField, TextField } from "~/components/form";
import { Highlighted } from "~/components/library";
import { Badge, EmptyState, PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { libraryTags, newAndUpdated, searchLibrary } from "~/modules/library/library.server";

export function meta() {
  return [{ title: "Library – Upstream" }];
}

const everyone = ["researcher", "officer", "analyst", "admin"] as const;

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, everyone);
  const q = (url.searchParams.get("q") ?? "").slice(0, 200);
  const tag = (url.searchParams.get("tag") ?? "").slice(0, 60);
  const audience = url.searchParams.get("audience") ?? "";
  const filters = { q, tag, audience: ["researcher", "officer"].includes(audience) ? audience : "" };
  return {
    filters,
    results: searchLibrary(db(), actor, filters),
    tags: libraryTags(db(), actor).slice(0, 30),
    latest: filters.q || filters.tag || filters.audience ? [] : newAndUpdated(db(), actor),
  };
});

export default function Library({ loaderData }: Route.ComponentProps) {
  const { filters, results, tags, latest } = loaderData;
  const searching = Boolean(filters.q || filters.tag || filters.audience);
  return (
    <>
      <PageHeader title="Library" lead="Short, practical guidance on sharing research safely: what the rules mean in a lab, and what to do." />
      <Form method="get" className="filters" role="search" aria-label="Search the library">
        <TextField name="q" label="Search" type="search" defaultValue={filters.q} hint="For example: visiting researcher, cloud, encryption" />
        <SelectField name="tag" label="Topic" placeholder="Any topic" options={tags.map((t) => ({ value: t.tag, label: `${t.tag.replace(/[-_]/g, " ")} (${t.n})` }))} defaultValue={filters.tag} />
        <SelectField
          name="audience"
          label="Written for"
          placeholder="Everyone"
          options={[
            { value: "researcher", label: "Researchers" },
            { value: "officer", label: "Compliance officers" },
          ]}
          defaultValue={filters.audience}
        />
        <button type="submit" className="button">
          Search
        </button>
      </Form>
      {latest.length > 0 ? (
        <section aria-labelledby="latest-title">
          <h2 id="latest-title">New and updated</h2>
          <ul>
            {latest.map((a) => (
              <li key={a.slug}>
                <Link to={`/library/${a.slug}`}>{a.title}</Link> <span className="muted">({a.lastReviewed})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{searching ? `${results.length} article${results.length === 1 ? "" : "s"} found` : "All articles"}</h2>
      {results.length === 0 ? (
        <EmptyState title="Nothing matches">
          <p>Try fewer or other words, or another topic. Your compliance office can also answer directly.</p>
        </EmptyState>
      ) : (
        <ol className="search-results">
          {results.map((r) => (
            <li key={r.slug}>
              <h3>
                <Link to={`/library/${r.slug}`}>{r.title}</Link> {r.local ? <Badge tone="neutral">Your institution</Badge> : null}
              </h3>
              <p>{r.snippet ? <Highlighted text={r.snippet} /> : r.summary}</p>
              <p className="muted">
                {r.readingMinutes} min read · for {r.audience === "both" ? "everyone" : r.audience === "officer" ? "compliance officers" : "researchers"}
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
