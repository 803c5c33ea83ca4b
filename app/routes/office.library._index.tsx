import { Link } from "react-router";
import type { Route } from "./+types/office.library._index";
import { EmptyState, PageHeader, formatDate } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { libraryUsage, listOwnArticles } from "~/modules/library/library.server";

export function meta() {
  return [{ title: "Library use – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return { usage: libraryUsage(db(), actor), own: listOwnArticles(db(), actor) };
});

export default function OfficeLibrary({ loaderData }: Route.ComponentProps) {
  const { usage, own } = loaderData;
  return (
    <>
      <PageHeader title="The library at your institution" lead="What your researchers read and whether it helped: counts only, never who." back={{ to: "/office", label: "Compliance office" }} />
      <p>
        <Link to="/library">Browse and search the whole library</Link>
      </p>
      <h2>Your institution's articles</h2>
      <p>Local contacts, procedures and examples: visible only to people of your institution.</p>
      <p>
        <Link className="button" to="/office/library/new">
          Write an article
        </Link>
      </p>
      {own.length === 0 ? (
        <p className="muted">No local articles yet.</p>
      ) : (
        <ul>
          {own.map((a) => (
            <li key={a.id}>
              <Link to={`/library/${a.slug}`}>{a.title}</Link> <span className="muted">({a.author}, {formatDate(a.updatedAt)})</span> · <Link to={`/office/library/${a.id}`}>Edit<span className="visually-hidden"> {a.title}</span></Link>
            </li>
          ))}
        </ul>
      )}
      <h2>Reading and feedback</h2>
      {usage.rows.length === 0 ? (
        <EmptyState title="Nothing read yet">
          <p>Counts appear as soon as people of your institution open library articles.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Article</th>
                <th scope="col" className="numeric">Readers</th>
                <th scope="col" className="numeric">Reads</th>
                <th scope="col" className="numeric">Useful</th>
                <th scope="col" className="numeric">Not useful</th>
              </tr>
            </thead>
            <tbody>
              {usage.rows.map((r) => (
                <tr key={r.slug}>
                  <td>
                    <Link to={`/library/${r.slug}`}>{r.title}</Link>
                  </td>
                  <td className="numeric">{r.readers}</td>
                  <td className="numeric">{r.reads}</td>
                  <td className="numeric">{r.useful}</td>
                  <td className="numeric">{r.notUseful}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {usage.comments.length > 0 ? (
        <>
          <h3>Comments</h3>
          <ul>
            {usage.comments.map((c, i) => (
              <li key={i}>
                <strong>{c.title}</strong> ({c.useful ? "useful" : "not useful"}, {formatDate(c.at)}): “{c.comment}”
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
