import { Link, redirect } from "react-router";
import type { Route } from "./+types/_index";
import { getActor } from "~/lib/http.server";
import { homePathFor } from "~/modules/auth/actor";

export function meta() {
  return [{ title: "Upstream – research security, early" }];
}

export function loader({ request }: Route.LoaderArgs) {
  const actor = getActor(request);
  if (actor) throw redirect(homePathFor[actor.role]);
  return null;
}

export default function Landing() {
  return (
    <>
      <h1>Notice sensitive research early, and get help before it matters</h1>
      <p className="lead">
        Upstream helps principal investigators see whether a project could raise export-control, dual-use or human-rights
        questions — long before anything is shipped, when advice is cheapest and most useful.
      </p>
      <div className="button-group">
        <Link className="button" to="/signup">
          Sign up with your university e-mail
        </Link>
        <Link className="button secondary" to="/login">
          Sign in
        </Link>
      </div>
      <div className="cards">
        <section className="card">
          <h2>For researchers</h2>
          <p>Register a project in minutes and get plain-language guidance on what to watch for: partners, shared code, visits and publications.</p>
        </section>
        <section className="card">
          <h2>For compliance offices</h2>
          <p>See what needs a closer look across your institution, talk to the researcher, and record each decision and why.</p>
        </section>
        <section className="card">
          <h2>For export-control agencies</h2>
          <p>Receive structured early warnings that institutions choose to escalate, and trends that never expose an individual.</p>
        </section>
      </div>
    </>
  );
}
