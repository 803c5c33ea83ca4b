// Builders for test data, written straight to the database. The demo seed uses them too,
// so the demo shows exactly the shapes the tests exercise. Each is idempotent on its natural key.
import { and, eq } from "drizzle-orm";
import { agencies, agencyCountries, assessments, cases, flags, partnerOrganisations, projectPartners, warnings, institutionDomains, institutions, projectEvents, projects, projectTechnologyAreas, users, type Role } from "../db/schema";
import { openCaseOfProject, syncCases } from "../app/modules/cases/cases.server";
import { buildPacket } from "../app/modules/warnings/warnings.server";
import type { Db } from "../db/client.server";
import { hashPassword } from "../app/modules/auth/password.server";
import { slugify } from "../app/modules/institutions/schema";
import type { Actor } from "../app/modules/auth/actor";
import { assessmentContext, resumeTarget, saveSection, startAssessment, submitAssessment } from "../app/modules/assessment/assessments.server";
import { addFunder, addMember, addPartner, registerProject } from "../app/modules/projects/projects.server";

export async function ensureInstitution(db: Db, input: { name: string; country: string; domains: string[] }) {
  const slug = slugify(input.name);
  const existing = db.select().from(institutions).where(eq(institutions.slug, slug)).get();
  if (existing) return existing;
  const created = db.insert(institutions).values({ name: input.name, slug, country: input.country, createdAt: new Date() }).returning().get();
  db.insert(institutionDomains).values(input.domains.map((domain) => ({ domain, institutionId: created.id }))).run();
  return created;
}

export async function ensureAgency(db: Db, input: { name: string; countries: string[] }) {
  const slug = slugify(input.name);
  const existing = db.select().from(agencies).where(eq(agencies.slug, slug)).get();
  if (existing) return existing;
  const created = db.insert(agencies).values({ name: input.name, slug, createdAt: new Date() }).returning().get();
  db.insert(agencyCountries).values(input.countries.map((country) => ({ agencyId: created.id, country }))).run();
  return created;
}

export async function ensureUser(
  db: Db,
  input: { email: string; name: string; role: Role; password: string; institutionId?: number | null; agencyId?: number | null; status?: "active" | "pending" | "disabled" },
) {
  const email = input.email.toLowerCase();
  const existing = db.select().from(users).where(eq(users.email, email)).get();
  if (existing) return existing;
  const now = new Date();
  const status = input.status ?? "active";
  return db
    .insert(users)
    .values({
      email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      institutionId: input.institutionId ?? null,
      agencyId: input.agencyId ?? null,
      status,
      emailVerifiedAt: status === "pending" ? null : now,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
}

export const DEMO_PASSWORD = "upstream-demo-password";

/** The demo's signed-in people, one per role (see seedDemo). */
export const DEMO_ACCOUNTS = {
  researcher: "researcher@demo-university.example",
  officer: "officer@demo-university.example",
  analyst: "agency@export-agency.example",
  admin: "admin@upstream.example",
} as const;

/** The demo world: two institutions, one agency, and one account per role. */
export async function seedDemo(db: Db) {
  const demo = await ensureInstitution(db, { name: "Demo University", country: "DE", domains: ["demo-university.example"] });
  const second = await ensureInstitution(db, { name: "Second University", country: "NL", domains: ["second-university.example"] });
  const agency = await ensureAgency(db, { name: "Export Control Agency", countries: ["DE", "NL", "BE", "LU"] });
  const accounts = [
    { email: "admin@upstream.example", name: "Ada Administrator", role: "admin" as const },
    { email: "researcher@demo-university.example", name: "Dr Rosa Researcher", role: "researcher" as const, institutionId: demo.id },
    { email: "officer@demo-university.example", name: "Oskar Officer", role: "officer" as const, institutionId: demo.id },
    { email: "agency@export-agency.example", name: "Ana Analyst", role: "analyst" as const, agencyId: agency.id },
    { email: "researcher@second-university.example", name: "Dr Sami Second", role: "researcher" as const, institutionId: second.id },
    { email: "officer@second-university.example", name: "Olga Second-Officer", role: "officer" as const, institutionId: second.id },
  ];
  for (const account of accounts) await ensureUser(db, { ...account, password: DEMO_PASSWORD });
  return { institutions: { demo, second }, agency, accounts: accounts.map((a) => a.email) };
}

export async function ensureProject(
  db: Db,
  input: { ownerEmail: string; title: string; summary?: string; field?: string; trl?: number; technologyAreas?: string[] },
) {
  const owner = db.select().from(users).where(eq(users.email, input.ownerEmail)).get();
  if (!owner?.institutionId) throw new Error(`No researcher ${input.ownerEmail}`);
  const existing = db.select().from(projects).where(eq(projects.title, input.title)).get();
  if (existing) return existing;
  const now = new Date();
  const project = db
    .insert(projects)
    .values({
      institutionId: owner.institutionId,
      ownerId: owner.id,
      title: input.title,
      summary: input.summary ?? "A project registered for the demonstration and the tests of Upstream.",
      field: input.field ?? "Mathematics",
      trl: input.trl ?? 1,
      status: "draft",
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  db.insert(projectTechnologyAreas).values((input.technologyAreas ?? ["pure-mathematics"]).map((areaId) => ({ projectId: project.id, areaId }))).run();
  db.insert(projectEvents).values({ projectId: project.id, institutionId: project.institutionId, at: now, actorUserId: owner.id, actorName: owner.name, action: "project.create", summary: `Registered the project at TRL ${project.trl}.` }).run();
  return project;
}

/** The actor a factory acts as: a signed-in user, without a real session. */
export function actorFor(db: Db, email: string): Actor {
  const user = db.select().from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`No user ${email}`);
  return { userId: user.id, email: user.email, name: user.name, role: user.role, institutionId: user.institutionId, agencyId: user.agencyId, sessionId: "factory" };
}

/**
 * Answers a project's self-assessment part by part through the same verbs the pages use, up to
 * the review page, without submitting it. Answers for questions that never become visible are
 * ignored.
 */
export function answerEverything(db: Db, actor: Actor, projectId: number, answers: Record<string, string | string[]>) {
  startAssessment(db, actor, projectId);
  for (let guard = 0; guard < 30; guard++) {
    const target = resumeTarget(assessmentContext(db, actor, projectId));
    if (target === "review") return;
    const outcome = saveSection(db, actor, projectId, target, answers, "continue");
    if (outcome.kind === "invalid") throw new Error(`Part ${target} needs: ${Object.keys(outcome.errors).join(", ")}`);
  }
  throw new Error("The assessment did not finish");
}

/** Answers a project's self-assessment as `answerEverything` does, then submits it. */
export function answerAndSubmit(db: Db, actor: Actor, projectId: number, answers: Record<string, string | string[]>) {
  answerEverything(db, actor, projectId, answers);
  return submitAssessment(db, actor, projectId);
}

export const SURVEILLANCE_ANSWERS: Record<string, string | string[]> = {
  "research-type": "applied",
  "publication-intent": "open",
  "foreseeable-misuse": "yes",
  "personal-data": "yes",
  "external-support": "no",
  "outside-access": "no",
  "outside-appointments": "no",
  "beneficial-potential": "Safer crowd management at large public events.",
  "advance-or-use": "advance",
  "control-list-proximity": "unsure",
  "output-kinds": ["software", "data-sets"],
  "security-functions": "no",
  "misuse-kinds": ["surveillance", "repression"],
  "misuse-pathway": ["intentional"],
  "misuse-safeguards": ["ethics-review"],
  "partner-state-control": "unsure",
  "partner-military-links": "unsure",
  "partner-checks": "partly",
  "partner-red-flags": ["none"],
  "partner-facility-access": "no",
  "end-use": ["security-police"],
  "end-user-country": "CN",
  "funding-source-clear": "yes",
  "funding-conditions": ["none"],
  "supporter-state-links": "no",
  channels: ["publications", "code-repository", "video-calls"],
  "unpublished-sharing-abroad": "yes",
  "technical-help-abroad": "no",
  "travel-with-data": "no",
  "personal-data-kinds": ["biometric", "location"],
  "personal-data-scale": "millions",
  "sensitive-data-sets": "yes",
  "deployment-country": "CN",
  "country-concerns": "yes",
  "hr-affected-people": ["activists-journalists", "minorities"],
  "hr-harms": ["privacy", "expression-assembly"],
  "hr-gravity": "grave",
  "hr-scope": "population",
  "hr-irremediable": "yes",
  "hr-likelihood": "possible",
  "hr-government-end-user": "yes",
  "hr-safeguards": ["ethics-review"],
  "hr-safeguards-plan": "A quarterly review with the ethics board.",
};

export const BENIGN_ANSWERS: Record<string, string | string[]> = {
  "research-type": "basic",
  "publication-intent": "open",
  "foreseeable-misuse": "no",
  "personal-data": "no",
  "external-support": "no",
  "outside-access": "no",
  "outside-appointments": "no",
  "beneficial-potential": "A clearer picture of a classical problem.",
};

/** Demo projects: a benign one, a concerning one with a listed partner, and a draft in progress. */
export async function seedDemoProjects(db: Db) {
  const rosa = actorFor(db, "researcher@demo-university.example");
  const sami = actorFor(db, "researcher@second-university.example");
  const existing = new Set(db.select({ title: projects.title }).from(projects).all().map((p) => p.title));
  if (!existing.has("Knot invariants of three-manifolds")) {
    const p = registerProject(db, rosa, { title: "Knot invariants of three-manifolds", summary: "New invariants of knots in three-manifolds, built from classical tools and published openly.", field: "Topology", technologyAreas: ["pure-mathematics"], trl: 1, startDate: "2026-01-01", endDate: "2028-12-31" });
    addFunder(db, rosa, p.id, { name: "German Research Foundation", country: "DE", kind: "public" });
    answerAndSubmit(db, rosa, p.id, BENIGN_ANSWERS);
  }
  if (!existing.has("Crowd-emotion recognition in public video")) {
    const p = registerProject(db, rosa, { title: "Crowd-emotion recognition in public video", summary: "Models that estimate the mood of crowds from street-camera footage, piloted with a partner abroad.", field: "Computer vision", technologyAreas: ["biometrics-surveillance", "ai-machine-learning"], trl: 3, startDate: "2026-03-01", endDate: "2029-02-28" });
    addPartner(db, rosa, p.id, { name: "Harbin Inst. of Technology", country: "CN", kind: "university", role: "Co-develops the models and provides footage" });
    addMember(db, rosa, p.id, { name: "Jonas Doktorand", role: "doctoral researcher" });
    answerAndSubmit(db, rosa, p.id, SURVEILLANCE_ANSWERS);
  }
  if (!existing.has("Swarm navigation for underwater gliders")) {
    const p = registerProject(db, rosa, { title: "Swarm navigation for underwater gliders", summary: "Cooperative navigation for low-cost underwater gliders, tested in a tank.", field: "Marine robotics", technologyAreas: ["robotics-autonomous-systems", "marine-underwater"], trl: 3, startDate: null, endDate: null });
    startAssessment(db, rosa, p.id);
  }
  if (!existing.has("Open corpora of regional dialects")) {
    const p = registerProject(db, sami, { title: "Open corpora of regional dialects", summary: "Recording and transcribing regional dialects for an open linguistic corpus.", field: "Linguistics", technologyAreas: ["humanities"], trl: 1, startDate: null, endDate: null });
    answerAndSubmit(db, sami, p.id, BENIGN_ANSWERS);
  }
}

/** Registers a small project for a researcher with one partner; returns its id. */
export async function addPartnerFor(db: Db, actor: Actor, title: string, partner: { name: string; country: string | null; kind: "university" | "company"; role: string }) {
  const project = registerProject(db, actor, { title, summary: "A project registered by the triage tests.", field: "Test field", technologyAreas: ["ai-machine-learning"], trl: 2, startDate: null, endDate: null });
  addPartner(db, actor, project.id, partner);
  return project.id;
}

/**
 * A case on a project, opened the way triage opens one: an open flag written at `now`, then
 * the cases brought in line. Returns the case's id.
 */
export function ensureCase(db: Db, projectId: number, input: { severity?: string; ruleId?: string; now?: Date } = {}) {
  const project = db.select().from(projects).where(eq(projects.id, projectId)).get();
  if (!project) throw new Error(`No project ${projectId}`);
  const open = openCaseOfProject(db, project.institutionId, projectId);
  if (open) return open.id;
  const now = input.now ?? new Date();
  db.insert(flags)
    .values({
      institutionId: project.institutionId,
      projectId,
      ruleId: input.ruleId ?? "test-rule",
      ruleSetVersion: "baseline-1",
      title: "A flag raised for the tests",
      severity: input.severity ?? "high",
      dimension: "partner",
      evidence: [],
      status: "open",
      openedAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .run();
  db.transaction(() => syncCases(db, project.institutionId, [projectId], now));
  return openCaseOfProject(db, project.institutionId, projectId)!.id;
}

/** A warning about a case to an agency, written straight to the table (the escalation itself is tested through the pages). */
export function ensureWarning(db: Db, caseId: number, agencyId: number) {
  const existing = db.select().from(warnings).where(and(eq(warnings.caseId, caseId), eq(warnings.agencyId, agencyId))).get();
  if (existing) return existing.id;
  const c = db.select().from(cases).where(eq(cases.id, caseId)).get();
  if (!c) throw new Error(`No case ${caseId}`);
  const officer = db.select().from(users).where(and(eq(users.institutionId, c.institutionId), eq(users.role, "officer"))).get()!;
  const now = new Date();
  const id = db
    .insert(warnings)
    .values({ institutionId: c.institutionId, agencyId, caseId, status: "new", urgency: "routine", urgencyRank: 2, packet: {}, sentBy: officer.id, sentAt: now, updatedAt: now })
    .returning({ id: warnings.id })
    .get().id;
  const packet = buildPacket(db, actorFor(db, officer.email), caseId, { urgency: "routine", concern: "A concern written for the tests of early warnings.", includePi: false, piReason: null }, now, `UPW-${id}`);
  db.update(warnings).set({ packet }).where(eq(warnings.id, id)).run();
  return id;
}

/**
 * A past portfolio for the trends pages: `perQuarter` flagged and assessed projects of one
 * institution in each of the given quarters, written straight to the tables with their dates in
 * those quarters (as if registered then). Deterministic for a seed; idempotent per owner.
 */
export async function seedTrendHistory(db: Db, input: { institutionId: number; ownerEmail: string; quarters: { from: Date; to: Date }[]; perQuarter: number; seed?: number }) {
  const owner = await ensureUser(db, { email: input.ownerEmail, name: "Archive of past projects", role: "researcher", institutionId: input.institutionId, password: DEMO_PASSWORD });
  if (db.select({ id: projects.id }).from(projects).where(eq(projects.ownerId, owner.id)).get()) return;
  let state = input.seed ?? 42;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const topics: Record<string, readonly string[]> = {
    "ai-machine-learning": ["Self-supervised models for satellite imagery", "Efficient transformers on edge devices", "Federated learning for hospital data"],
    "biometrics-surveillance": ["Gait recognition in low light", "Face re-identification across cameras", "Voice biometrics for call centres"],
    "quantum-computing": ["Error-corrected qubits in silicon", "Quantum annealing for logistics", "Photonic quantum memories"],
    "semiconductors-microelectronics": ["Wide-bandgap power transistors", "Lithography defect detection", "Radiation-hard memory cells"],
    "robotics-autonomous-systems": ["Swarm coordination for drones", "Legged robots on rough terrain", "Autonomous docking of surface vessels"],
    "pure-mathematics": ["Random walks on groups", "Arithmetic of elliptic curves", "Spectral geometry of surfaces"],
  };
  const areas = Object.keys(topics);
  const countries = ["CN", "US", "IN", "RU", "IR", "GB"];
  const severities = ["critical", "high", "high", "medium", "medium", "medium", "low"];
  // Baseline rules (content/rules/baseline-1.json), with their dimension and title.
  const rules = [
    ["partner-screening-strong", "partner", "A partner strongly matches a screening-list entry"],
    ["surveillance-with-government-security-user", "human_rights", "Surveillance-capable work with a government security end user"],
    ["human-rights-profile-escalated", "human_rights", "Human-rights risk judged high"],
    ["sensitive-early-stage-concern-partner", "itt", "Early-stage sensitive work with a partner in a country group of concern"],
    ["military-profile-escalated", "military", "Military and dual-use risk judged high"],
    ["unpublished-sharing-near-control-list", "itt", "Unpublished results shared near the control list"],
  ] as const;
  db.transaction((tx) => {
    let n = 0;
    for (const quarter of input.quarters) {
      for (let i = 0; i < input.perQuarter; i++) {
        const at = new Date(quarter.from.getTime() + Math.floor(random() * (quarter.to.getTime() - quarter.from.getTime() - 86_400_000)));
        const trl = 1 + Math.floor(random() * 4);
        const area = pick(areas);
        const project = tx
          .insert(projects)
          .values({ institutionId: input.institutionId, ownerId: owner.id, title: `${pick(topics[area]!)} (${++n})`, summary: "A project from an earlier quarter, kept for the portfolio's history.", field: "Various", trl, status: "active", createdAt: at, updatedAt: at })
          .returning({ id: projects.id })
          .get();
        tx.insert(projectTechnologyAreas).values({ projectId: project.id, areaId: area }).run();
        const country = pick(countries);
        const nameKey = `past partner ${country.toLowerCase()}|${country}`;
        tx.insert(partnerOrganisations).values({ institutionId: input.institutionId, name: `Partner in ${country}`, nameKey, country, createdAt: at }).onConflictDoNothing().run();
        const organisationId = tx.select({ id: partnerOrganisations.id }).from(partnerOrganisations).where(and(eq(partnerOrganisations.institutionId, input.institutionId), eq(partnerOrganisations.nameKey, nameKey))).get()!.id;
        tx.insert(projectPartners).values({ projectId: project.id, institutionId: input.institutionId, organisationId, name: `Partner in ${country}`, country, kind: "university", role: "Co-develops the methods", createdAt: at }).run();
        tx.insert(assessments).values({ projectId: project.id, institutionId: input.institutionId, questionnaireVersion: "1", status: "submitted", answers: {}, facts: { trl }, startedAt: at, updatedAt: at, submittedAt: at }).run();
        const [ruleId, dimension, title] = pick(rules);
        tx.insert(flags).values({ institutionId: input.institutionId, projectId: project.id, ruleId, ruleSetVersion: "baseline-1", title, severity: pick(severities), dimension, evidence: [], status: "closed", openedAt: at, updatedAt: at, closedAt: at, closedReason: "Part of the portfolio's history." }).run();
      }
    }
  });
}
