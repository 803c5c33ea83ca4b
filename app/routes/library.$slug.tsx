import { Form, Link } from "react-router";
import type { Route } from "./+types/library.$slug";
import { Notice, formatDate } from "~/components/ui";
import { guardAction, guardLoader, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { getArticle, recordFeedback, recordRead } from "~/modules/library/library.server";
import { feedbackInput } from "~/modules/library/schema";

const everyone = ["researcher", "officer", "analyst", "admin"] as const;

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.article.title} – Library – Upstream` : "Library – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, everyone);
  const { article, related, feedback } = getArticle(db(), actor, params.slug);
  recordRead(db(), actor, article.slug);
  const { body: _body, ...rest } = article;
  return { article: rest, related, feedback };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, everyone);
  const input = parseInput(feedbackInput, await readForm(request));
  recordFeedback(db(), actor, params.slug, { useful: input.useful === "yes", comment: input.comment });
  return redirectWithFlash(`/library/${params.slug}#feedback`, "Thank you: your answer helps us improve the library.");
});

export default function ArticlePage({ loaderData, actionData }: Route.ComponentProps) {
  const { article, related, feedback } = loaderData;
  return (
    <article className="article">
      <Link className="back-link" to="/library">
        Library
      </Link>
      <h1>{article.title}</h1>
      <p className="lead">{article.summary}</p>
      <p className="muted">
        {article.reading_minutes} min read · last reviewed {article.institutionId ? formatDate(article.last_reviewed) : article.last_reviewed}
        {article.institutionId ? " · written by your compliance office" : ""}
      </p>
      {article.toc.length >= 4 ? (
        <nav aria-label="Contents" className="toc">
          <h2>Contents</h2>
          <ol>
            {article.toc
              .filter((t) => t.depth === 2)
              .map((t) => (
                <li key={t.id}>
                  <a href={`#${t.id}`}>{t.text}</a>
                </li>
              ))}
          </ol>
        </nav>
      ) : null}
      {/* The HTML comes from our own markdown renderer, which escapes any raw HTML in the source. */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: article.html }} />
      {article.sources.length > 0 ? (
        <section aria-labelledby="sources-title">
          <h2 id="sources-title">Sources</h2>
          <ul>
            {article.sources.map((s) => (
              <li key={s.url}>
                <a href={s.url} rel="noreferrer">
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="feedback-title" id="feedback" className="panel">
        <h2 id="feedback-title">Was this useful?</h2>
        {feedback ? <p className="muted">You answered {feedback.useful ? "yes" : "no"}. You can change your answer.</p> : null}
        {actionData && "errors" in actionData ? <Notice tone="error">{Object.values(actionData.errors).join(" ")}</Notice> : null}
        <Form method="post">
          <fieldset className="field">
            <legend className="visually-hidden">Was this article useful?</legend>
            <div className="choices">
              <label className="choice">
                <input type="radio" name="useful" value="yes" defaultChecked={feedback?.useful === true} /> Yes
              </label>
              <label className="choice">
                <input type="radio" name="useful" value="no" defaultChecked={feedback?.useful === false} /> No
              </label>
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="comment">What could be better? (optional)</label>
            <span className="hint" id="comment-hint">
              Your compliance office sees comments, not who wrote them.
            </span>
            <textarea id="comment" name="comment" rows={2} aria-describedby="comment-hint" defaultValue={feedback?.comment ?? ""} />
          </div>
          <button type="submit" className="button secondary">
            Send
          </button>
        </Form>
      </section>
      {related.length > 0 ? (
        <section aria-labelledby="related-title">
          <h2 id="related-title">Related articles</h2>
          <ul>
            {related.map((r) => (
              <li key={r.slug}>
                <Link to={`/library/${r.slug}`}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
