import { index, route, type RouteConfig } from "@react-router/dev/routes";

export default [
  index("routes/_index.tsx"),
  // signing up, in and out
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("signup", "routes/signup.tsx"),
  route("signup/check-your-email", "routes/signup.check-your-email.tsx"),
  route("verify-email", "routes/verify-email.tsx"),
  route("forgot-password", "routes/forgot-password.tsx"),
  route("reset-password", "routes/reset-password.tsx"),
  route("invitations/accept", "routes/invitations.accept.tsx"),
  route("account/sessions", "routes/account.sessions.tsx"),
  // role homes
  route("researcher", "routes/researcher._index.tsx"),
  route("office", "routes/office._index.tsx"),
  route("office/people", "routes/office.people.tsx"),
  route("office/people/:personId", "routes/office.people.$personId.tsx"),
  route("office/screening", "routes/office.screening.tsx"),
  route("agency", "routes/agency._index.tsx"),
  // administration
  route("admin", "routes/admin._index.tsx"),
  route("admin/institutions", "routes/admin.institutions.tsx"),
  route("admin/institutions/new", "routes/admin.institutions.new.tsx"),
  route("admin/institutions/:institutionId", "routes/admin.institutions.$institutionId.tsx"),
  route("admin/agencies", "routes/admin.agencies.tsx"),
  route("admin/agencies/new", "routes/admin.agencies.new.tsx"),
  route("admin/agencies/:agencyId", "routes/admin.agencies.$agencyId.tsx"),
  route("admin/people", "routes/admin.people.tsx"),
  route("admin/people/invite", "routes/admin.people.invite.tsx"),
  route("admin/people/:personId", "routes/admin.people.$personId.tsx"),
  route("admin/lists", "routes/admin.lists.tsx"),
  route("admin/audit", "routes/admin.audit.tsx"),
  // development only: the e-mails the outbox transport kept
  route("dev/outbox", "routes/dev.outbox.tsx"),
  route("dev/outbox/:emailId", "routes/dev.outbox.$emailId.tsx"),
  route("*", "routes/$.tsx"),
] satisfies RouteConfig;
