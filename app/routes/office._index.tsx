import { Link } from "react-router";
import type { Route } from "./+types/office._index";
import { PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { getInstitution } from "~/modules/institutions/institutions.server";
import { listInstitutionPeople } from "~/modules/people/people.server";
import { countryName } from "~/modules/reference/countries";
import { caseCounts } from "~/modules/cases/cases.server";

export function meta() {
  return [{ title: "Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const institution = getInstitution(db(), actor, actor.institutionId!);
  const people = listInstitutionPeople(db(), actor);
  return {
    name: actor.name,
    institution: { name: institution.name, country: countryName(institution.country), domains: institution.domains },
    researchers: people.filter((p) => p.role === "researcher" && p.status === "active").length,
    pending: people.filter((p) => p.status === "pending").length,
    officers: people.filter((p) => p.role === "officer" && p.status === "active").length,
    cases: caseCounts(db(), actor),
  };
});

export default function OfficeHome({ loaderData }: Route.ComponentProps) {
  const { institution, researchers, pending, officers, cases } = loaderData;
  return (
    <>
      <PageHeader title="Compliance office" lead={`${institution.name} · ${institution.country}`} />
      <div className="cards">
        <section className="card">
          <h2>Cases</h2>
          <p>
            <strong>{cases.open}</strong> open: {cases.unassigned} not yet taken, {cases.mine} yours, {cases.overdue} past their deadline
            {cases.toConfirm > 0 ? `, ${cases.toConfirm} with a decision waiting for a second officer` : ""}.
          </p>
          <p>
            <Link to="/office/cases">Go to the queue</Link> · <Link to="/office/cases?assignee=me">My cases</Link> · <Link to="/office/dashboard">Dashboard</Link> · <Link to="/office/trends">Trends</Link>
          </p>
        </section>
        <section className="card">
          <h2>Researchers</h2>
          <p>
            <strong>{researchers}</strong> active{pending > 0 ? `, ${pending} waiting to confirm their address` : ""}.
          </p>
          <p>
            <Link to="/office/people">See who has joined</Link>
          </p>
        </section>
        <section className="card">
          <h2>Compliance officers</h2>
          <p>
            <strong>{officers}</strong> in your office.
          </p>
        </section>
        <section className="card">
          <h2>Triage</h2>
          <p>Open flags with their evidence, portfolio patterns, and the rules your office tunes.</p>
          <p>
            <Link to="/office/triage">Go to triage</Link> · <Link to="/office/rules">Rules</Link> · <Link to="/office/api-tokens">API tokens</Link>
          </p>
        </section>
        <section className="card">
          <h2>Projects</h2>
          <p>Every project your researchers have registered, with their latest self-assessment.</p>
          <p>
            <Link to="/office/projects">See the projects</Link>
          </p>
        </section>
        <section className="card">
          <h2>Screening</h2>
          <p>Check a partner, funder or end user against the screening lists, with an explanation for every candidate.</p>
          <p>
            <Link to="/office/screening">Screen a partner</Link>
          </p>
        </section>
        <section className="card">
          <h2>Who can sign up</h2>
          <p>Researchers with an address at {institution.domains.join(", ")} join your institution when they sign up.</p>
        </section>
      </div>
    </>
  );
}
