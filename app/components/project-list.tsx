// The table of projects, for researchers (their own) and officers (their institution's).
import { Link } from "react-router";
import { Badge, formatDate } from "./ui";
import { LevelBadge, type Level } from "./levels";

type Row = {
  id: number;
  title: string;
  trl: number;
  status: string;
  updatedAt: Date;
  reassessmentReason: string | null;
  /** The compliance office waits for the researcher's answer to a question. */
  questionWaiting?: boolean;
  owner: string;
  assessment: { status: string; military: string | null; humanRights: string | null; itt: string | null; partner: string | null } | null;
};

const order: Level[] = ["none", "low", "medium", "high", "critical"];

export function highestLevel(levels: (string | null)[]): Level | null {
  const known = levels.filter((l): l is Level => order.includes(l as Level));
  if (known.length === 0) return null;
  return known.reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a));
}

export function ProjectList({ projects, showOwner }: { projects: Row[]; showOwner: boolean }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Project</th>
            {showOwner ? <th scope="col">Principal investigator</th> : null}
            <th scope="col">TRL</th>
            <th scope="col">Self-assessment</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => {
            const highest = p.assessment?.status === "submitted" ? highestLevel([p.assessment.military, p.assessment.humanRights, p.assessment.itt, p.assessment.partner]) : null;
            return (
              <tr key={p.id}>
                <td>
                  <Link to={`/projects/${p.id}`}>{p.title}</Link>
                  {p.reassessmentReason ? (
                    <>
                      {" "}
                      <Badge tone="warning">Re-assess</Badge>
                    </>
                  ) : null}
                  {p.questionWaiting ? (
                    <>
                      {" "}
                      {showOwner ? (
                        <Badge tone="warning">Waiting for the researcher</Badge>
                      ) : (
                        <Link to={`/projects/${p.id}#conversation`}>
                          <Badge tone="warning">Question for you</Badge>
                        </Link>
                      )}
                    </>
                  ) : null}
                </td>
                {showOwner ? <td>{p.owner}</td> : null}
                <td className="numeric">{p.trl}</td>
                <td>{highest ? <LevelBadge level={highest} prefix="Highest: " /> : p.assessment ? <Badge tone="pending">In progress</Badge> : <Badge tone="neutral">Not started</Badge>}</td>
                <td className="date">{formatDate(p.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
