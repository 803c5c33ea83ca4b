import type { Route } from "./+types/office.library.new";
import { ArticleForm } from "~/components/article-form";
import { PageHeader } from "~/components/ui";
import { handleArticleForm } from "~/lib/article-form.server";
import { guardAction, guardLoader, requireActor } from "~/lib/http.server";

export function meta() {
  return [{ title: "Write an article – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  requireActor(request, context, ["officer"]);
  return null;
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return handleArticleForm(request, context, actor, null);
});

export default function NewArticle({ actionData }: Route.ComponentProps) {
  const values = actionData?.values ?? {};
  return (
    <>
      <PageHeader title="Write an article for your institution" back={{ to: "/office/library", label: "The library at your institution" }} />
      <ArticleForm values={values} errors={actionData && "errors" in actionData ? actionData.errors : undefined} preview={actionData && "preview" in actionData ? actionData.preview : null} submitLabel="Publish" />
    </>
  );
}
