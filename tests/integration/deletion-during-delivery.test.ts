// An account deleted while the e-mail sender holds a message that carries the person: to them,
// or to an officer and naming them. The sender's provider is held here until the deletion has
// committed, so the order is the one that used to write the person's name back into the row.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";
import { emailOutbox } from "../../db/schema";
import { deliverDueEmails } from "../../app/modules/email/outbox.server";
import type { EmailMessage, EmailTransport, SendResult } from "../../app/modules/email/send.server";
import { enqueueNudge } from "../../app/modules/nudges/nudges.server";
import { deleteOwnAccount } from "../../app/modules/people/personal-data.server";
import type { Actor } from "../../app/modules/auth/actor";
import { actorFor, DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../factories";
import { freshDatabasePath } from "../support/server";

let db: Db;
let researcher: Actor;
let officer: Actor;
const options = { appUrl: "http://localhost", secret: "s".repeat(32) };

beforeEach(async () => {
  db = openDatabase(freshDatabasePath());
  await seedDemo(db);
  researcher = actorFor(db, DEMO_ACCOUNTS.researcher);
  officer = actorFor(db, DEMO_ACCOUNTS.officer);
});

afterEach(() => db?.$client.close());

/** A provider that takes a message and gives its answer only when told. */
function heldProvider(answer: SendResult) {
  const taken: EmailMessage[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let tookIt!: () => void;
  const took = new Promise<void>((resolve) => (tookIt = resolve));
  const transport: EmailTransport = {
    name: "outbox",
    async send(message) {
      taken.push(message);
      tookIt();
      await released;
      return answer;
    },
  };
  return { transport, taken, took, release };
}

/** How many rows of the outbox still carry the person's name or address, anywhere. */
function rowsCarrying(name: string, address: string) {
  const all = "coalesce(subject, '') || coalesce(html, '') || coalesce(text, '') || coalesce(props, '') || to_address";
  return (db.$client.prepare(`select count(*) as n from email_outbox where instr(${all}, ?) > 0 or instr(${all}, ?) > 0`).get(name, address) as { n: number }).n;
}

/** The officer is told that the researcher answered: the message names the researcher. */
function queueAnswerToOfficer(key: string) {
  const props = { projectTitle: "Sensing in the dark", caseNumber: 7, researcherName: researcher.name, answer: "The defence ministry funds part of it." };
  expect(enqueueNudge(db, { userId: officer.userId, kind: "researcher-answer", key, props, path: "/office/cases/7" }, new Date(Date.now() - 60_000))).toBe(true);
  return db.select().from(emailOutbox).where(eq(emailOutbox.idempotencyKey, key)).get()!;
}

describe("deleting an account while a message is being sent", () => {
  test("a message to the person is skipped, and its rendered content is not written back", async () => {
    expect(
      enqueueNudge(db, { userId: researcher.userId, kind: "case-question", key: "deleted-while-sending", props: { projectTitle: "Sensing in the dark", question: "Who funds the night-vision work?", officerName: "Oskar Officer" }, path: "/projects" }, new Date(Date.now() - 60_000)),
    ).toBe(true);
    const provider = heldProvider({ ok: true, id: "held-1" });

    const delivery = deliverDueEmails(db, provider.transport, Date.now(), options);
    await provider.took;
    // The sender rendered the message with the person's name in it.
    expect(provider.taken).toHaveLength(1);
    expect(provider.taken[0]!.to).toBe(DEMO_ACCOUNTS.researcher);
    expect(provider.taken[0]!.text + provider.taken[0]!.html).toContain(researcher.name);

    await deleteOwnAccount(db, researcher, DEMO_PASSWORD);
    provider.release();
    expect(await delivery).toMatchObject({ claimed: 1 });

    const row = db.select().from(emailOutbox).where(eq(emailOutbox.userId, researcher.userId)).get()!;
    expect(row).toMatchObject({ status: "skipped", toAddress: `former-${researcher.userId}@invalid`, subject: null, html: null, text: null, props: null, sentAt: null });
    expect(row.lastError).toMatch(/account was deleted/);
    expect(rowsCarrying(researcher.name, DEMO_ACCOUNTS.researcher)).toBe(0);
  });

  test("a message to an officer that names the person is recorded as sent, without the name it was rendered with", async () => {
    const queued = queueAnswerToOfficer("answer-while-sending");
    expect(queued).toMatchObject({ toAddress: DEMO_ACCOUNTS.officer, html: null, urgent: 1 });
    const provider = heldProvider({ ok: true, id: "held-2" });

    const delivery = deliverDueEmails(db, provider.transport, Date.now(), options);
    await provider.took;
    expect(provider.taken[0]!.to).toBe(DEMO_ACCOUNTS.officer);
    expect(provider.taken[0]!.text).toContain(researcher.name);

    await deleteOwnAccount(db, researcher, DEMO_PASSWORD);
    provider.release();
    expect(await delivery).toMatchObject({ sent: 1 });

    const row = db.select().from(emailOutbox).where(eq(emailOutbox.id, queued.id)).get()!;
    // The officer's message went, and says so; its props hold the pseudonym, and what was
    // rendered from the name is not stored.
    expect(row).toMatchObject({ status: "sent", providerMessageId: "held-2", toAddress: DEMO_ACCOUNTS.officer, html: null, text: null });
    expect((row.props as { researcherName: string }).researcherName).toBe(`Former researcher ${researcher.userId}`);
    expect(rowsCarrying(researcher.name, DEMO_ACCOUNTS.researcher)).toBe(0);
  });

  test("a second attempt at such a message does not write back the content stored by the first", async () => {
    const queued = queueAnswerToOfficer("answer-retried");
    // The first attempt fails for a moment: the rendered content is stored for the retry.
    const first = heldProvider({ ok: false, retryable: true, error: "503: try again" });
    first.release();
    expect(await deliverDueEmails(db, first.transport, Date.now(), options)).toMatchObject({ claimed: 1, sent: 0 });
    const stored = db.select().from(emailOutbox).where(eq(emailOutbox.id, queued.id)).get()!;
    expect(stored).toMatchObject({ status: "queued", attempts: 1 });
    expect(stored.text).toContain(researcher.name);

    const provider = heldProvider({ ok: true, id: "held-3" });
    const delivery = deliverDueEmails(db, provider.transport, stored.nextAttemptAt.getTime(), options);
    await provider.took;
    expect(provider.taken[0]!.text).toBe(stored.text);

    await deleteOwnAccount(db, researcher, DEMO_PASSWORD);
    provider.release();
    expect(await delivery).toMatchObject({ sent: 1 });

    const row = db.select().from(emailOutbox).where(eq(emailOutbox.id, queued.id)).get()!;
    expect(row).toMatchObject({ status: "sent", attempts: 2, providerMessageId: "held-3" });
    // The deletion replaced the name in the stored content; the sender left it so.
    expect(row.text).toContain(`Former researcher ${researcher.userId}`);
    expect(rowsCarrying(researcher.name, DEMO_ACCOUNTS.researcher)).toBe(0);
  });
});

describe("a message sent with nobody deleted meanwhile", () => {
  test("keeps what it was rendered with, for the administrators' outbox", async () => {
    const queued = queueAnswerToOfficer("answer-plain");
    const provider = heldProvider({ ok: true, id: "held-4" });
    provider.release();
    expect(await deliverDueEmails(db, provider.transport, Date.now(), options)).toMatchObject({ sent: 1 });
    const row = db.select().from(emailOutbox).where(eq(emailOutbox.id, queued.id)).get()!;
    expect(row).toMatchObject({ status: "sent", subject: provider.taken[0]!.subject, html: provider.taken[0]!.html, text: provider.taken[0]!.text });
    expect(row.text).toContain(researcher.name);
  });
});
