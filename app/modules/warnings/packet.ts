// The `upstream.warning/v1` format: what an institution sends an export-control agency about
// one case. It names technology by the EU dual-use (Annex I) and Wassenaar category scheme, so
// agencies in different jurisdictions read each other's warnings the same way, and it says
// which personal data it carries (by default none beyond the institution's contact person).
import { z } from "zod";
import { warningOutcomes, warningStatuses, warningUrgencies } from "../../../db/schema/warnings";

export const WARNING_FORMAT = "upstream.warning/v1";

const iso2 = z.string().regex(/^[A-Z]{2}$/).describe("ISO 3166-1 alpha-2 country code");
const severity = z.enum(["critical", "high", "medium", "low", "info"]);
const dimension = z.enum(["military", "human_rights", "itt", "partner"]);
const entryCode = z.string().regex(/^[0-9][A-E][0-9]{3}$/).describe("Annex I / Wassenaar entry code, e.g. 5A002");

export const warningPacketSchema = z
  .object({
    format: z.literal(WARNING_FORMAT),
    id: z.string().regex(/^UPW-\d+$/).describe("The warning's reference, unique across the portal"),
    sentAt: z.iso.datetime().describe("When the institution sent the warning (UTC)"),
    urgency: z.enum(warningUrgencies).describe("immediate: act within days; priority: within weeks; routine: for awareness"),
    severity: severity.describe("The highest severity among the case's open flags"),
    dimensions: z.array(dimension).describe("military = military and dual use; human_rights; itt = intangible transfer of know-how; partner = partner concerns"),
    concern: z.string().min(20).max(4000).describe("The concern in the officer's words"),
    institution: z
      .object({
        name: z.string().min(1),
        country: iso2,
        reference: z.string().min(1).describe("The institution's own reference for the case"),
        contact: z.object({ name: z.string().min(1), email: z.email(), role: z.string().min(1) }).strict(),
      })
      .strict(),
    technology: z
      .object({
        trl: z.number().int().min(1).max(9).describe("Technology Readiness Level 1–9"),
        areas: z.array(z.object({ id: z.string().min(1), label: z.string().min(1), euCriticalTechnologyArea: z.string().nullable() }).strict()).min(1),
        controlList: z
          .object({
            scheme: z.literal("EU Annex I (Regulation (EU) 2021/821), Wassenaar Arrangement numbering"),
            categories: z.array(z.object({ code: z.string().regex(/^[0-9]$/), name: z.string().min(1) }).strict()),
            productGroups: z.array(z.object({ code: z.string().regex(/^[A-E]$/), name: z.string().min(1) }).strict()),
            entries: z
              .array(
                z
                  .object({
                    code: entryCode,
                    heading: z.string().min(1),
                    basis: z.enum(["technology-area", "office-decision"]).describe("technology-area: near the project's areas; office-decision: named by the office in a licence decision"),
                  })
                  .strict(),
              )
              .describe("Entries the work sits near; not a classification"),
          })
          .strict(),
      })
      .strict(),
    partners: z.array(
      z
        .object({
          name: z.string().min(1),
          country: iso2.nullable(),
          kind: z.string().min(1),
          role: z.string(),
          screening: z.array(
            z
              .object({
                list: z.string().min(1),
                entry: z.string().min(1),
                score: z.number().min(0).max(1),
                explanation: z.string(),
                officeDecision: z.enum(["confirmed", "false_positive"]).nullable(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    flags: z.array(
      z
        .object({ ruleId: z.string().min(1), title: z.string().min(1), severity, dimension, rationale: z.string(), ruleSetVersion: z.string().min(1) })
        .strict(),
    ),
    personalData: z
      .object({
        included: z.array(z.enum(["institution-contact", "principal-investigator-name"])).min(1),
        principalInvestigator: z.object({ name: z.string().min(1), reason: z.string().min(10) }).strict().nullable(),
      })
      .strict()
      .describe("Which personal data the packet carries; the principal investigator's name only with a stated reason"),
  })
  .strict();

export type WarningPacket = z.infer<typeof warningPacketSchema>;

/** A warning as the API and the feed give it: the packet with its current status. */
export const warningRecordSchema = z
  .object({
    packet: warningPacketSchema,
    status: z.enum(warningStatuses),
    outcome: z.enum(warningOutcomes).nullable(),
    updatedAt: z.iso.datetime(),
  })
  .strict();

export const URGENCY_RANK = { immediate: 0, priority: 1, routine: 2 } as const;

/** The JSON Schema of the format, derived from the schema above; `upstream formats:write` saves it to docs/formats/. */
export function warningJsonSchema() {
  return { $id: "https://upstream.example/formats/warning-v1.schema.json", title: "upstream.warning/v1", ...z.toJSONSchema(warningPacketSchema) };
}
