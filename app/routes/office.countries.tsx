import { Form } from "react-router";
import type { Route } from "./+types/office.countries";
import { ErrorSummary, SelectField, TextArea } from "~/components/form";
import { Badge, EmptyState, InlinePostButton, PageHeader, formatDate } from "~/components/ui";
import { guardAction, guardLoader, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { countries, countryName } from "~/modules/reference/countries";
import { countryTierInput } from "~/modules/reference/country-tiers";
import { listCountryTiers, removeCountryTier, setCountryTier } from "~/modules/reference/country-tiers.server";
import { retriageInstitution } from "~/modules/triage/triage.server";

export function meta() {
  return [{ title: "Country tiers – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return { tiers: listCountryTiers(db(), actor).map((t) => ({ ...t, name: countryName(t.country) })) };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const form = await readForm(request);
  if (form.intent === "remove") removeCountryTier(db(), actor, String(form.country ?? ""), originOf(request, context));
  else setCountryTier(db(), actor, parseInput(countryTierInput, form), originOf(request, context));
  // The tiers feed the triage rules: the portfolio is evaluated again at once.
  const report = retriageInstitution(db(), actor.institutionId!);
  return redirectWithFlash("/office/countries", `Saved. Re-triage: ${report.opened} flags opened, ${report.closed} closed.`);
});

export default function CountryTiers({ loaderData, actionData }: Route.ComponentProps) {
  const { tiers } = loaderData;
  return (
    <>
      <PageHeader
        title="Your country tiers"
        lead="On top of the public country groups (such as the EAR groups D:5 and E), your office can place countries in its own tiers. Rules that name “I:concern” then treat them like the listed groups. Tiers describe where partners, funders and end users are — never anyone's nationality."
        back={{ to: "/office/rules", label: "Triage rules" }}
      />
      {tiers.length === 0 ? (
        <EmptyState title="No tiers yet">
          <p>The rules use the public country groups only.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">Tier</th>
                <th scope="col">Why</th>
                <th scope="col">Set by</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tiers.map((t) => (
                <tr key={t.country}>
                  <td>{t.name}</td>
                  <td>
                    <Badge tone={t.tier === "concern" ? "error" : "warning"}>{t.tier}</Badge>
                  </td>
                  <td>{t.reason}</td>
                  <td className="date">
                    {t.createdBy}, {formatDate(t.createdAt)}
                  </td>
                  <td>
                    <InlinePostButton fields={{ intent: "remove", country: t.country }} label="Remove" context={t.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Add or change a country</h2>
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="set" />
        <SelectField name="country" label="Country" placeholder="Choose a country" options={countries.map((c) => ({ value: c.code, label: c.name }))} defaultValue={actionData?.values.country} error={actionData?.errors.country} />
        <SelectField
          name="tier"
          label="Tier"
          placeholder="Choose a tier"
          options={[
            { value: "concern", label: "Concern: treated like the listed country groups" },
            { value: "watch", label: "Watch: for rules your office adds later" },
          ]}
          defaultValue={actionData?.values.tier}
          error={actionData?.errors.tier}
        />
        <TextArea name="reason" label="Why" rows={2} defaultValue={actionData?.values.reason} error={actionData?.errors.reason} />
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </>
  );
}
