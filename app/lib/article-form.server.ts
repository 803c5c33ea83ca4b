// Shared action for writing an office article: preview renders without saving.
import { redirectWithFlash, parseInput, readForm, originOf } from "./http.server";
import type { Actor } from "~/modules/auth/actor";
import { db } from "~/modules/db.server";
import { saveOwnArticle } from "~/modules/library/library.server";
import { renderMarkdown } from "~/modules/library/markdown";
import { ownArticleInput } from "~/modules/library/schema";
import type { AppLoadContext } from "react-router";

export async function handleArticleForm(request: Request, context: AppLoadContext, actor: Actor, id: number | null) {
  const form = await readForm(request);
  const input = parseInput(ownArticleInput, form);
  if (form.intent === "preview") return { preview: renderMarkdown(input.body).html, values: form };
  const row = saveOwnArticle(db(), actor, id, input, originOf(request, context));
  return redirectWithFlash(`/library/${row.slug}`, id === null ? "The article is published for your institution." : "The article has been updated.");
}
