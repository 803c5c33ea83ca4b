// Builders for test data, written straight to the database. The demo seed uses them too,
// so the demo shows exactly the shapes the tests exercise. Each is idempotent on its natural key.
import { eq } from "drizzle-orm";
import { agencies, agencyCountries, institutionDomains, institutions, projectEvents, projects, projectTechnologyAreas, users, type Role } from "../db/schema";
import type { Db } from "../db/client.server";
import { hashPassword } from "../app/modules/auth/password.server";
import { slugify } from "../app/modules/institutions/schema";

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
