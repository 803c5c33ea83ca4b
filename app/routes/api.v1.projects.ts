import type { Route } from "./+types/api.v1.projects";
import { apiHandler, json, requireApiClient } from "~/lib/api.server";
import { institutionActor } from "~/modules/api/tokens.server";
import { parseProjectsFile, ProjectsFileError } from "~/modules/assessment/projects-file";
import { db } from "~/modules/db.server";
import { importProjects } from "~/modules/projects/import.server";
import { retriageInstitution } from "~/modules/triage/triage.server";

const MAX_BODY = 5 * 1024 * 1024;

export function loader() {
  return json({ error: "Use POST to create or update projects; GET /api/v1/projects/{id} reads one." }, 405, { Allow: "POST" });
}

export const action = ({ request }: Route.ActionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return json({ error: "Only POST is supported here." }, 405, { Allow: "POST" });
    // Refused before the body is read; checked again once it is in, since the token may have
    // been revoked while the body was on its way.
    institutionActor(db(), requireApiClient(request));
    if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY) return json({ error: "The body is larger than 5 MB." }, 413);
    const text = await request.text();
    if (text.length > MAX_BODY) return json({ error: "The body is larger than 5 MB." }, 413);
    const client = requireApiClient(request);
    const actor = institutionActor(db(), client);
    let parsed;
    try {
      parsed = parseProjectsFile(text);
    } catch (error) {
      if (error instanceof ProjectsFileError) return json({ error: "The document is not a valid upstream.projects/v1 document; nothing was changed.", problems: error.problems }, 400);
      throw error;
    }
    const result = importProjects(db(), actor.institutionId!, parsed.projects, { kind: "api", name: client.name, userId: actor.userId });
    retriageInstitution(db(), actor.institutionId!);
    return json({ created: result.created, updated: result.updated, unchanged: result.unchanged, projects: result.projects });
  });
