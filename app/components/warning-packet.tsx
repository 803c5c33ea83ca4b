// An early-warning packet as people read it, on both sides: what the officer reviews before
// sending and what the agency's analyst receives. The JSON as sent is one click away.
import { Badge, formatDateTime } from "./ui";
import { SeverityBadge } from "./severity";
import { countryName } from "~/modules/reference/countries";
import { DIMENSION_LABELS } from "~/modules/cases/labels";
import { urgencyLabels } from "~/modules/warnings/labels";
import type { WarningPacket } from "~/modules/warnings/packet";

export function PacketView({ packet, showJson = true }: { packet: WarningPacket; showJson?: boolean }) {
  const t = packet.technology;
  return (
    <div className="packet">
      <dl className="summary">
        <dt>Reference</dt>
        <dd>
          {packet.id === "UPW-0" ? "given when sent" : packet.id} · {packet.institution.name} ({countryName(packet.institution.country)}), {packet.institution.reference}
        </dd>
        <dt>Urgency</dt>
        <dd>
          <Badge tone={packet.urgency === "immediate" ? "error" : packet.urgency === "priority" ? "warning" : "neutral"}>{urgencyLabels[packet.urgency]}</Badge>
        </dd>
        <dt>Severity</dt>
        <dd>
          <SeverityBadge severity={packet.severity} /> {packet.dimensions.map((d) => DIMENSION_LABELS[d] ?? d).join(", ")}
        </dd>
        <dt>Concern</dt>
        <dd className="message-body">{packet.concern}</dd>
        <dt>Technology</dt>
        <dd>
          TRL {t.trl} · {t.areas.map((a) => (a.euCriticalTechnologyArea ? `${a.label} (EU critical technology: ${a.euCriticalTechnologyArea})` : a.label)).join("; ")}
        </dd>
        <dt>Control list</dt>
        <dd>
          {t.controlList.categories.length === 0 && t.controlList.entries.length === 0 ? (
            "no category near this work"
          ) : (
            <>
              Categories {t.controlList.categories.map((c) => `${c.code} ${c.name}`).join("; ") || "none"}
              {t.controlList.productGroups.length ? ` · groups ${t.controlList.productGroups.map((g) => `${g.code} ${g.name}`).join("; ")}` : ""}
              {t.controlList.entries.length ? (
                <ul>
                  {t.controlList.entries.map((e) => (
                    <li key={e.code}>
                      {e.code}: {e.heading} <span className="muted">({e.basis === "office-decision" ? "named by the office" : "near the technology area"})</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          )}
        </dd>
        <dt>Partners</dt>
        <dd>
          {packet.partners.length === 0 ? (
            "none"
          ) : (
            <ul>
              {packet.partners.map((p, i) => (
                <li key={i}>
                  {p.name}
                  {p.country ? `, ${countryName(p.country)}` : ""} ({p.kind}; {p.role})
                  {p.screening.length ? (
                    <ul>
                      {p.screening.map((m, j) => (
                        <li key={j}>
                          {m.list}: {m.entry} (score {m.score.toFixed(2)}). {m.explanation}
                          {m.officeDecision === "confirmed" ? " The office confirmed this match." : m.officeDecision === "false_positive" ? " The office marked it a false positive." : ""}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Flags</dt>
        <dd>
          {packet.flags.length === 0 ? (
            "none open"
          ) : (
            <ul>
              {packet.flags.map((f) => (
                <li key={f.ruleId}>
                  <strong>{f.title}</strong> ({f.severity}): {f.rationale} <span className="muted">rule {f.ruleId}, rules {f.ruleSetVersion}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Contact</dt>
        <dd>
          {packet.institution.contact.name}, {packet.institution.contact.role}, {packet.institution.contact.email}
        </dd>
        <dt>Personal data</dt>
        <dd>
          {packet.personalData.principalInvestigator
            ? `The contact person, and the principal investigator's name (${packet.personalData.principalInvestigator.name}) because: ${packet.personalData.principalInvestigator.reason}`
            : "Only the institution's contact person. No researcher is named."}
        </dd>
        {packet.id !== "UPW-0" ? (
          <>
            <dt>Sent</dt>
            <dd>{formatDateTime(packet.sentAt)}</dd>
          </>
        ) : null}
      </dl>
      {showJson ? (
        <details>
          <summary>The packet as {packet.id === "UPW-0" ? "it will be sent" : "sent"} (upstream.warning/v1, JSON)</summary>
          <pre className="json">{JSON.stringify(packet, null, 2)}</pre>
        </details>
      ) : null}
    </div>
  );
}
