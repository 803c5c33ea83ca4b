import type { Route } from "./+types/office.library.$articleId";
import { ArticleForm } from "~/components/article-form";
import { PageHeader } from "~/components/ui";
import { handleArticleForm } from "~/lib/article-form.server";
import { guardAction, guardLoader, idParam, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { getOwnArticle } from "~/modules/library/library.server";

export function meta() {
  return [{ title: "Edit an article – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return { article: getOwnArticle(db(), actor, idParam(params.articleId)) };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const id = idParam(params.articleId);
  getOwnArticle(db(), actor, id);
  return handleArticleForm(request, context, actor, id);
});

export default function EditArticle({ loaderData, actionData }: Route.ComponentProps) {
  const { article } = loaderData;
  const values = actionData?.values ?? { title: article.title, summary: article.summary, audience: article.audience, topics: article.topics.join(", "), body: article.body };
  return (
    <>
      <PageHeader title={`Edit: ${article.title}`} back={{ to: "/office/library", label: "The library at your institution" }} />
      <ArticleForm values={values} errors={actionData && "errors" in actionData ? actionData.errors : undefined} preview={actionData && "preview" in actionData ? actionData.preview : null} submitLabel="Save changes" />
    </>
  );
}
