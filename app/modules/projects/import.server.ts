// Creates and updates projects from research information systems (the upstream.projects/v1
// format, by file or API): matched on their external id, all or nothing, each partner
// screened, and the answers, when given, assessed as a submitted self-assessment.
import { and, desc, eq, inArray } from "drizzle-orm";
import { assessments, projectEvents, projectFunders, projectPartners, projects, projectTechnologyAreas, users } from "../../../db/schema";
import type { Db } from "../db.server";
import type { RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ValidationError } from "../errors";
import { projectFactsFromInput, type ProjectInput } from "../assessment/projects-file";
import { progress } from "../assessment/questionnaire";
import { latestQuestionnaireVersion, loadQuestionnaire } from "../assessment/questionnaire.server";
import { loadTaxonomyLookup } from "../assessment/taxonomy-lookup.server";
import { submittedColumns } from "../assessment/assessments.server";
import { assessRisk } from "../risk/model";
import { loadCountryContext } from "../risk/country-context.server";
import { loadTechnologyTaxonomy } from "../reference/technology-areas.server";
import { currentScreener, matchesForOrganisations, screenOrganisation } from "../screening/screening.server";

export type ImportSource = { kind: "file" | "api"; name: string; userId?: number | null };
export type ImportResult = { created: number; updated: number; unchanged: number; projectIds: number[]; projects: { id: number; externalId: string }[] };

function sameJson(a: unknown, b: unknown) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Imports projects for one institution. Every project is checked before anything is written;
 * a problem anywhere names the project and the field, and nothing is imported.
 */
export function importProjects(database: Db, institutionId: number, inputs: ProjectInput[], source: ImportSource, origin?: RequestOrigin): ImportResult {
  const known = new Set(loadTechnologyTaxonomy().areas.map((a) => a.id));
  const emails = [...new Set(inputs.map((p) => p.principalInvestigator?.toLowerCase()).filter((e): e is string => Boolean(e)))];
  const researchers = new Map(
    (emails.length ? database.select().from(users).where(and(inArray(users.email, emails), eq(users.institutionId, institutionId), eq(users.role, "researcher"))).all() : []).map((u) => [u.email, u]),
  );
  const problems: string[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const where = `project ${i + 1} ("${input.title}")`;
    if (!input.externalId) problems.push(`${where}, field "externalId": is needed to import, so that a second import updates instead of duplicating`);
    else if (seen.has(input.externalId)) problems.push(`${where}, field "externalId": "${input.externalId}" appears twice in the file`);
    else seen.add(input.externalId);
    if (!input.principalInvestigator) problems.push(`${where}, field "principalInvestigator": name the principal investigator's e-mail address`);
    else if (!researchers.has(input.principalInvestigator.toLowerCase())) problems.push(`${where}, field "principalInvestigator": ${input.principalInvestigator} is not a researcher of this institution`);
    for (const area of input.technologyAreas) if (!known.has(area)) problems.push(`${where}, field "technologyAreas": "${area}" is not a technology area`);
  });
  if (problems.length) throw new ValidationError({ file: problems.join("; ") }, "Nothing was imported.");

  const screener = currentScreener(database);
  const questionnaire = loadQuestionnaire(latestQuestionnaireVersion());
  const taxonomy = loadTaxonomyLookup();
  const countries = loadCountryContext();
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, projectIds: [], projects: [] };
  const now = new Date();

  database.transaction((tx) => {
    for (const input of inputs) {
      const owner = researchers.get(input.principalInvestigator!.toLowerCase())!;
      const existing = tx.select().from(projects).where(and(eq(projects.institutionId, institutionId), eq(projects.externalId, input.externalId!))).get();
      const values = { title: input.title, summary: input.summary, field: input.field, trl: input.trl, ownerId: owner.id };
      let projectId: number;
      let changed = false;
      if (existing) {
        projectId = existing.id;
        const areas = tx.select({ a: projectTechnologyAreas.areaId }).from(projectTechnologyAreas).where(eq(projectTechnologyAreas.projectId, projectId)).all().map((r) => r.a).sort();
        const partners = tx.select({ name: projectPartners.name, country: projectPartners.country, kind: projectPartners.kind, role: projectPartners.role }).from(projectPartners).where(eq(projectPartners.projectId, projectId)).all();
        const funders = tx.select({ name: projectFunders.name, country: projectFunders.country, kind: projectFunders.kind }).from(projectFunders).where(eq(projectFunders.projectId, projectId)).all();
        changed =
          !sameJson({ ...values, areas, partners, funders }, { title: existing.title, summary: existing.summary, field: existing.field, trl: existing.trl, ownerId: existing.ownerId, areas: [...input.technologyAreas].sort(), partners: input.partners, funders: input.funders });
        if (changed) tx.update(projects).set({ ...values, updatedAt: now }).where(eq(projects.id, projectId)).run();
      } else {
        projectId = tx.insert(projects).values({ institutionId, externalId: input.externalId!, ...values, status: "draft", createdAt: now, updatedAt: now }).returning().get().id;
        changed = true;
        result.created++;
      }
      if (changed) {
        tx.delete(projectTechnologyAreas).where(eq(projectTechnologyAreas.projectId, projectId)).run();
        tx.insert(projectTechnologyAreas).values([...new Set(input.technologyAreas)].map((areaId) => ({ projectId, areaId }))).run();
        tx.delete(projectPartners).where(eq(projectPartners.projectId, projectId)).run();
        for (const p of input.partners) {
          const organisation = screenOrganisation(tx, screener, institutionId, p.name, p.country);
          tx.insert(projectPartners).values({ projectId, institutionId, organisationId: organisation.id, name: p.name, country: p.country, kind: p.kind, role: p.role, createdAt: now }).run();
        }
        tx.delete(projectFunders).where(eq(projectFunders.projectId, projectId)).run();
        if (input.funders.length) tx.insert(projectFunders).values(input.funders.map((f) => ({ projectId, institutionId, name: f.name, country: f.country, kind: f.kind, createdAt: now }))).run();
        if (existing) result.updated++;
      }

      // Answers become a submitted assessment when they are complete and differ from the last one.
      if (Object.keys(input.answers).length > 0) {
        const organisationIds = tx.select({ o: projectPartners.organisationId }).from(projectPartners).where(eq(projectPartners.projectId, projectId)).all().map((r) => r.o);
        const matches = matchesForOrganisations(tx, institutionId, organisationIds);
        const partnerRows = tx.select().from(projectPartners).where(eq(projectPartners.projectId, projectId)).all();
        const facts = projectFactsFromInput(input, (name, country) => {
          const row = partnerRows.find((p) => p.name === name && p.country === country);
          return (row ? (matches.get(row.organisationId) ?? []) : []).map((m) => ({ listId: m.listId, entryName: m.entryName, score: m.score, level: m.level, decision: m.decision }));
        });
        const last = tx.select().from(assessments).where(and(eq(assessments.projectId, projectId), eq(assessments.status, "submitted"))).orderBy(desc(assessments.id)).get();
        const complete = progress(questionnaire, facts, input.answers, taxonomy).complete;
        if (complete && (!last || !sameJson(last.answers, input.answers) || changed)) {
          const profile = assessRisk(facts, input.answers, questionnaire, taxonomy, countries);
          tx.insert(assessments)
            .values({
              projectId,
              institutionId,
              questionnaireVersion: questionnaire.version,
              ...submittedColumns(facts, input.answers, profile),
              startedBy: null,
              startedAt: now,
              updatedAt: now,
              submittedAt: now,
            })
            .run();
          tx.update(projects).set({ status: "active", reassessmentReason: null }).where(eq(projects.id, projectId)).run();
          changed = true;
        }
      }
      if (changed) {
        tx.insert(projectEvents).values({ projectId, institutionId, at: now, actorUserId: source.userId ?? null, actorName: source.kind === "api" ? `API (${source.name})` : `Import (${source.name})`, action: "project.import", summary: existing ? "Updated from the research information system." : "Registered from the research information system." }).run();
      } else result.unchanged++;
      result.projectIds.push(projectId);
      result.projects.push({ id: projectId, externalId: input.externalId! });
    }
    recordAudit(tx, { action: "project.import", institutionId, actor: null, email: null, origin, details: { source: source.kind, name: source.name, created: result.created, updated: result.updated, unchanged: result.unchanged } });
  });
  return result;
}
