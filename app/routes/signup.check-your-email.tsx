import { Link } from "react-router";
import type { Route } from "./+types/signup.check-your-email";

export function meta() {
  return [{ title: "Check your e-mail – Upstream" }];
}

export function loader({ url }: Route.LoaderArgs) {
  const email = url.searchParams.get("email") ?? "";
  return { email: email.slice(0, 254) };
}

export default function CheckYourEmail({ loaderData }: Route.ComponentProps) {
  return (
    <>
      <h1>Check your e-mail</h1>
      <p className="lead">
        We have sent a link to {loaderData.email ? <strong>{loaderData.email}</strong> : "your address"}. Open it to activate your
        account. The link works once and expires in 24 hours.
      </p>
      <p>Nothing arrived after a few minutes? Look in your spam folder, or try to sign in: we send a fresh link to accounts that are not active yet.</p>
      <p>
        <Link to="/login">Go to sign in</Link>
      </p>
    </>
  );
}
