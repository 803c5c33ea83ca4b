// A project's flags as officers read them: what fired, why (the evidence), what the rule is
// for, what to do, and the source it rests on.
import { Badge, formatDate } from "./ui";
import { EvidenceList, type QuestionLabels } from "./evidence";
import { SeverityBadge } from "./severity";
import type { Evidence } from "~/modules/triage/evaluate";

export type FlagItem = {
  id: number;
  ruleId: string;
  ruleSetVersion: string;
  title: string;
  severity: string;
  status: string;
  openedAt: Date | string;
  closedAt: Date | string | null;
  closedReason: string | null;
  evidence: Evidence[];
  rationale: string;
  action: string;
  source: { title: string; url: string } | null;
};

export function FlagList({ flags, labels, headingLevel = 3 }: { flags: FlagItem[]; labels: QuestionLabels; headingLevel?: 3 | 4 }) {
  const Heading = `h${headingLevel}` as const;
  return (
    <ul className="entity-list">
      {flags.map((f) => (
        <li key={f.id} className="panel">
          <Heading>
            {f.title} <SeverityBadge severity={f.severity} /> {f.status === "closed" ? <Badge tone="neutral">Closed</Badge> : null}
          </Heading>
          <p className="muted">
            Rule {f.ruleId} · rules {f.ruleSetVersion} · raised {formatDate(f.openedAt)}
            {f.closedAt ? ` · closed ${formatDate(f.closedAt)}: ${f.closedReason}` : ""}
          </p>
          <p>
            <strong>Why it fired:</strong>
          </p>
          <EvidenceList evidence={f.evidence} labels={labels} />
          <p>{f.rationale}</p>
          <p>
            <strong>Recommended action:</strong> {f.action}
          </p>
          {f.source ? (
            <p className="muted">
              Source:{" "}
              <a href={f.source.url} rel="noreferrer">
                {f.source.title}
              </a>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
