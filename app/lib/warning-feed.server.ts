// Reading the warnings feed's query (agency token, status, date range, paging) and writing
// the Atom document for feed readers.
import type { ApiClient } from "~/modules/api/tokens.server";
import { ForbiddenError, ValidationError } from "~/modules/errors";
import type { WarningPacket } from "~/modules/warnings/packet";
import { warningStatuses, type WarningStatus } from "../../db/schema/warnings";

export function warningFeedQuery(client: ApiClient, url: URL) {
  if (client.agencyId === null) throw new ForbiddenError("This token is not an agency's token.");
  const problems: Record<string, string> = {};
  const status = url.searchParams.get("status");
  if (status && !(warningStatuses as readonly string[]).includes(status)) problems.status = `status must be one of ${warningStatuses.join(", ")}.`;
  const date = (name: string) => {
    const value = url.searchParams.get(name);
    if (!value) return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(value) ? new Date(value) : null;
    if (!parsed || Number.isNaN(parsed.getTime())) {
      problems[name] = `${name} must be a date such as 2026-10-01 or 2026-10-01T00:00:00Z.`;
      return undefined;
    }
    return parsed;
  };
  const since = date("since");
  const until = date("until");
  const beforeRaw = url.searchParams.get("before");
  if (beforeRaw && !/^\d{1,12}$/.test(beforeRaw)) problems.before = "before must be a warning number.";
  if (Object.keys(problems).length) throw new ValidationError(problems, "The query needs correcting.");
  return { agencyId: client.agencyId, filters: { status: (status ?? undefined) as WarningStatus | undefined, since, until, before: beforeRaw ? Number(beforeRaw) : undefined } };
}

const escape = (text: string) => text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

export function atomFeed(base: string, agencyId: number, items: { packet: WarningPacket; status: string; updatedAt: string }[]) {
  const updated = items[0]?.updatedAt ?? new Date(0).toISOString();
  const entries = items
    .map(({ packet, status, updatedAt }) => {
      const title = `${packet.id} (${packet.urgency}, ${packet.severity}): ${packet.technology.areas.map((a) => a.label).join("; ")} – ${packet.institution.name}`;
      const summary = `${packet.concern}\n\nStatus: ${status}. TRL ${packet.technology.trl}. Partners: ${packet.partners.map((p) => `${p.name}${p.country ? ` (${p.country})` : ""}`).join("; ") || "none"}.`;
      return `  <entry>
    <id>urn:upstream:warning:${escape(packet.id)}</id>
    <title>${escape(title)}</title>
    <link rel="alternate" type="text/html" href="${escape(`${base}/agency/warnings/${packet.id.slice(4)}`)}"/>
    <published>${escape(packet.sentAt)}</published>
    <updated>${escape(updatedAt)}</updated>
    <author><name>${escape(packet.institution.name)}</name></author>
    <category term="${escape(packet.urgency)}" label="urgency"/>
    <summary type="text">${escape(summary)}</summary>
    <content type="application/json">${escape(JSON.stringify(packet))}</content>
  </entry>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:upstream:agency:${agencyId}:warnings</id>
  <title>Upstream early warnings</title>
  <link rel="self" href="${escape(`${base}/api/v1/warnings.atom`)}"/>
  <updated>${escape(updated)}</updated>
${entries}
</feed>
`;
}
