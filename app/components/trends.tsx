// One quarter's published tables, for analysts (the jurisdiction) and offices (the other
// institutions), with the keys turned into words.
import { DIMENSION_LABELS } from "~/modules/cases/labels";
import { countryName } from "~/modules/reference/countries";
import type { QuarterTables } from "~/modules/aggregates/aggregates.server";
import { ProtectedListView, ProtectedTableView } from "./aggregates";

export function QuarterTablesView({ tables, labels, who }: { tables: QuarterTables; labels: { areas: Record<string, string>; rules: Record<string, string> }; who: string }) {
  const area = (k: string) => labels.areas[k] ?? k;
  const severity = (k: string) => (k ? k[0]!.toUpperCase() + k.slice(1) : k);
  return (
    <>
      <ProtectedTableView table={tables.flaggedByAreaSeverity} caption={`Flagged projects by technology area and highest severity (${who})`} rowHeading="Technology area" rowLabel={area} columnLabel={severity} />
      <ProtectedTableView table={tables.flaggedByDimensionSeverity} caption={`Flagged projects by dimension and highest severity (${who})`} rowHeading="Dimension" rowLabel={(k) => DIMENSION_LABELS[k] ?? k} columnLabel={severity} />
      <ProtectedListView list={tables.assessmentsByArea} caption={`Self-assessments submitted, by technology area (${who})`} heading="Technology area" label={area} />
      <ProtectedListView list={tables.trl} caption={`Readiness levels of the projects assessed (${who})`} heading="TRL" label={(k) => `TRL ${k}`} />
      <ProtectedListView list={tables.partnerCountries} caption={`Partner countries of flagged projects (${who})`} heading="Country" label={(k) => (k.length === 2 ? countryName(k) : k)} note="A project with partners in several countries counts once in each, so there is no total." />
      <ProtectedListView list={tables.rules} caption={`Rules that fired (${who})`} heading="Rule" label={(k) => labels.rules[k] ?? k} note="A project can meet several rules, so there is no total." />
    </>
  );
}
