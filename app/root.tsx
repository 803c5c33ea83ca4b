import { data, Form, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useMatches, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import { getActor, readFlash } from "~/lib/http.server";
import { homePathFor, roleLabels, type Role } from "~/modules/auth/actor";
import { Notice } from "~/components/ui";
import { isCurrent } from "~/lib/current-page";
import { pageScripts } from "~/lib/page-scripts";
import "./styles/app.css";

export const links: Route.LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

export async function loader({ request }: Route.LoaderArgs) {
  const actor = getActor(request);
  const flash = readFlash(request);
  return data(
    { user: actor ? { name: actor.name, email: actor.email, role: actor.role } : null, flash: flash.message },
    flash.clear ? { headers: { "Set-Cookie": flash.clear } } : undefined,
  );
}

const navigation: Record<Role, { to: string; label: string; end?: boolean }[]> = {
  researcher: [
    { to: "/researcher", label: "Home", end: true },
    { to: "/projects", label: "Projects" },
    { to: "/library", label: "Library" },
  ],
  officer: [
    { to: "/office", label: "Home", end: true },
    { to: "/office/cases", label: "Cases" },
    { to: "/office/triage", label: "Triage" },
    { to: "/office/projects", label: "Projects" },
    { to: "/office/screening", label: "Screening" },
    { to: "/office/people", label: "People" },
    { to: "/office/library", label: "Library" },
  ],
  analyst: [
    { to: "/agency", label: "Home", end: true },
    { to: "/agency/warnings", label: "Warnings" },
    { to: "/agency/trends", label: "Trends" },
    { to: "/library", label: "Library" },
  ],
  admin: [
    { to: "/admin", label: "Home", end: true },
    { to: "/admin/institutions", label: "Institutions" },
    { to: "/admin/agencies", label: "Agencies" },
    { to: "/admin/people", label: "People" },
    { to: "/admin/lists", label: "Screening lists" },
    { to: "/admin/audit", label: "Audit log" },
    { to: "/admin/outbox", label: "E-mail" },
  ],
};

/**
 * A link in the site's navigation, marked as the current page the way NavLink marks it
 * (`aria-current="page"` and the class "active"). The header works out the current path once for
 * all its links, which spares each link NavLink's own hooks on every request. On a page that
 * does not hydrate there is no client-side router to hand the link to, so it is a plain link.
 */
function NavItem({ to, section, end, plain, path, children }: { to: string; section?: string; end?: boolean; plain: boolean; path: string; children: React.ReactNode }) {
  // A link into a section (its first page) stands for every page of the section.
  const current = isCurrent(path, section ?? to, end);
  const marks = { "aria-current": current ? ("page" as const) : undefined, className: current ? "active" : undefined };
  return plain ? (
    <a href={to} {...marks}>
      {children}
    </a>
  ) : (
    <Link to={to} {...marks}>
      {children}
    </Link>
  );
}

const brand = (
  <>
    Upstream
    <small>Research security, early</small>
  </>
);

const signOut = (
  <button type="submit" className="link-button">
    Sign out
  </button>
);

function Header({ plain }: { plain: boolean }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const user = root?.user;
  const home = user ? homePathFor[user.role] : "/";
  const path = useLocation().pathname;
  return (
    <header className="site-header">
      <div className="container">
        {plain ? (
          <a className="brand" href={home}>
            {brand}
          </a>
        ) : (
          <Link className="brand" to={home}>
            {brand}
          </Link>
        )}
        <nav aria-label="Main">
          <ul className="nav">
            {user ? (
              <>
                {navigation[user.role].map((item) => (
                  <li key={item.to}>
                    <NavItem to={item.to} end={item.end} plain={plain} path={path}>
                      {item.label}
                    </NavItem>
                  </li>
                ))}
                <li>
                  <NavItem to="/account/sessions" section="/account" plain={plain} path={path}>
                    Your account
                  </NavItem>
                </li>
                <li>
                  {plain ? (
                    <form method="post" action="/logout">
                      {signOut}
                    </form>
                  ) : (
                    <Form method="post" action="/logout">
                      {signOut}
                    </Form>
                  )}
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavItem to="/login" plain={plain} path={path}>
                    Sign in
                  </NavItem>
                </li>
                <li>
                  <NavItem to="/signup" plain={plain} path={path}>
                    Sign up
                  </NavItem>
                </li>
              </>
            )}
          </ul>
        </nav>
        {user ? (
          <p className="who" aria-label="Signed in as">
            {user.name} · {roleLabels[user.role]}
          </p>
        ) : null}
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  // Pages whose route says `hydrate: false` get no React Router runtime, route modules, page
  // data or scroll script, only their own standalone scripts (same origin, allowed by the CSP).
  const scripts = pageScripts(useMatches());
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <Header plain={!scripts.hydrate} />
        <main id="main" tabIndex={-1}>
          <div className="container">{children}</div>
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>
              Upstream helps researchers and their institutions notice export-control and research-security questions early. It
              gives guidance, not legal advice: your compliance office has the final word.
            </p>
          </div>
        </footer>
        {scripts.hydrate ? (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        ) : (
          scripts.scripts.map((src) => <script key={src} type="module" src={src} />)
        )}
      </body>
    </html>
  );
}

export default function App({ loaderData }: Route.ComponentProps) {
  return (
    <>
      {loaderData.flash ? <Notice tone="success">{loaderData.flash}</Notice> : null}
      <Outlet />
    </>
  );
}

// An error page names itself (ErrorBoundary below); a second title here would win in the tab.
export function meta({ error }: Route.MetaArgs) {
  return error ? [] : [{ title: "Upstream" }];
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const root = useRouteLoaderData<typeof loader>("root");
  const home = root?.user ? homePathFor[root.user.role] : "/";
  let title = "Sorry, something went wrong";
  let message = "The problem is on our side, not yours. Nothing you did was lost; try again in a moment.";
  if (isRouteErrorResponse(error)) {
    const payload = (typeof error.data === "object" && error.data) || {};
    const given = "message" in payload && typeof payload.message === "string" ? payload.message : undefined;
    if (error.status === 404) {
      title = "Page not found";
      message = given ?? "If you typed the address, check it is correct. If you followed a link, it may be out of date.";
    } else if (error.status === 403) {
      title = "You do not have access to this page";
      message = "This page belongs to another role or another institution. If you think you should have access, ask the Upstream administrator.";
    } else if (error.status === 429) {
      title = "Too many attempts";
      message = given ?? "Wait a few minutes and try again.";
    } else if (error.status === 503) {
      // The storage refused a write (read-only or full disk): say plainly that nothing was saved.
      title = "Upstream cannot save changes right now";
      message = given ?? "What you sent was not saved. Pages can still be read; try again later, and tell your administrator if this lasts.";
    } else if (error.status < 500) {
      title = "That request could not be handled";
      message = given ?? message;
    }
  }
  return (
    <>
      <title>{`${title} – Upstream`}</title>
      <h1>{title}</h1>
      <p className="lead">{message}</p>
      <p>
        <Link to={home}>{root?.user ? "Go to your home page" : "Go to the start page"}</Link>
      </p>
    </>
  );
}
