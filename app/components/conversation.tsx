// The researcher's side of a case: the office's questions, their answers, and the decisions
// that apply to the project, on the project page.
import { Form, Link, useActionData, useNavigation } from "react-router";
import { Notice, formatDateTime } from "./ui";
import { TextArea } from "./form";
import { DecisionDetailsList, decisionTitle } from "./cases";
import type { DecisionDetails, DecisionKind } from "../../db/schema/cases";

type ConversationData = {
  messages: { id: number; at: Date | string; kind: string; actorName: string | null; body: string | null }[];
  decisions: { kind: DecisionKind; details: DecisionDetails; reviewOn: string | null; at: Date | string | null }[];
  waiting: boolean;
  canAnswer: boolean;
};

export function Conversation({ projectId, conversation, error, value }: { projectId: number; conversation: ConversationData; error?: string; value?: string }) {
  const navigation = useNavigation();
  const action = `/projects/${projectId}/conversation`;
  const actionData = useActionData() as { errors?: Record<string, string>; values?: Record<string, string> } | undefined;
  const bodyError = error ?? actionData?.errors?.body;
  return (
    <section className="panel conversation" aria-labelledby="conversation-title" id="conversation">
      <h2 id="conversation-title">Your compliance office</h2>
      {conversation.waiting ? (
        <Notice title="Your compliance office has asked you a question">
          <p>Please answer below. If the answer changes the project (a partner, the readiness level, what you share), update the project or assess it again as well; the office sees those changes next to your answer.</p>
        </Notice>
      ) : null}
      {conversation.decisions.map((d, i) => (
        <div key={i} className="decision-summary">
          <p>
            <strong>Decision: {decisionTitle(d.kind)}</strong>
            {d.at ? <span className="muted"> ({formatDateTime(d.at)})</span> : null}
          </p>
          <DecisionDetailsList kind={d.kind} details={d.details} reviewOn={d.reviewOn} />
        </div>
      ))}
      {conversation.messages.length > 0 ? (
        <ol className="messages">
          {conversation.messages.map((m) => (
            <li key={m.id} className={m.kind === "answer" ? "from-researcher" : "from-office"}>
              <p className="muted">
                {m.kind === "answer" ? "You" : (m.actorName ?? "Compliance office")} · {formatDateTime(m.at)}
              </p>
              <blockquote className="message-body">{m.body}</blockquote>
            </li>
          ))}
        </ol>
      ) : null}
      {conversation.canAnswer ? (
        // Keyed by the messages so far: once an answer is sent, the box starts empty again (on a
        // hydrated page the form would otherwise keep the text that was sent); after a refused
        // answer the count is the same, and the text stays.
        <Form key={conversation.messages.length} method="post" action={action}>
          <TextArea name="body" label="Your answer" error={bodyError} defaultValue={value ?? actionData?.values?.body} rows={5} />
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            Send the answer
          </button>
        </Form>
      ) : null}
      <p className="muted">
        Questions about export control in research? The <Link to="/library">library</Link> explains the basics.
      </p>
    </section>
  );
}
