// An account deleted while the e-mail sender holds a message to it: the message is not recorded
// as sent with its content written back, and nothing of the person is left in the outbox. The
// sender's provider is held here until the deletion has committed, so the order is the one that
// used to write the person's name back into the row.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";
import { emailOutbox } from "../../db/schema";
import { deliverDueEmails } from "../../app/modules/email/outbox.server";
import type { EmailMessage, EmailTransport } from "../../app/modules/email/send.server";
import { enqueueNudge } from "../../app/modules/nudges/nudges.server";
import { deleteOwnAccount } from "../../app/modules/people/personal-data.server";
import { actorFor, DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../factories";
import { freshDatabasePath } from "../support/server";

let db: Db;

beforeAll(async () => {
  db = openDatabase(freshDatabasePath());
  await seedDemo(db);
});

afterAll(() => db?.$client.close());

describe("deleting an account while a message to it is being sent", () => {
  test("the message is skipped, and its rendered content is not written back", async () => {
    const researcher = actorFor(db, DEMO_ACCOUNTS.researcher);
    const queuedAt = new Date(Date.now() - 60_000);
    expect(
      enqueueNudge(db, { userId: researcher.userId, kind: "case-question", key: "deleted-while-sending", props: { projectTitle: "Sensing in the dark", question: "Who funds the night-vision work?", officerName: "Oskar Officer" }, path: "/projects" }, queuedAt),
    ).toBe(true);

    // A provider that takes the message and answers only when told.
    const taken: EmailMessage[] = [];
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let tookIt!: () => void;
    const took = new Promise<void>((resolve) => (tookIt = resolve));
    const heldProvider: EmailTransport = {
      name: "outbox",
      async send(message) {
        taken.push(message);
        tookIt();
        await answered;
        return { ok: true, id: "held-1" };
      },
    };

    const delivery = deliverDueEmails(db, heldProvider, Date.now(), { appUrl: "http://localhost", secret: "s".repeat(32) });
    await took;
    // The sender rendered the message with the person's name in it.
    expect(taken).toHaveLength(1);
    expect(taken[0]!.to).toBe(DEMO_ACCOUNTS.researcher);
    expect(taken[0]!.text + taken[0]!.html).toContain(researcher.name);

    await deleteOwnAccount(db, researcher, DEMO_PASSWORD);
    answer();
    expect(await delivery).toMatchObject({ claimed: 1 });

    const row = db.select().from(emailOutbox).where(eq(emailOutbox.userId, researcher.userId)).get()!;
    expect(row).toMatchObject({ status: "skipped", toAddress: `former-${researcher.userId}@invalid`, subject: null, html: null, text: null, props: null, sentAt: null });
    expect(row.lastError).toMatch(/account was deleted/);
    const left = db.$client
      .prepare("select count(*) as n from email_outbox where instr(coalesce(subject, '') || coalesce(html, '') || coalesce(text, '') || coalesce(props, '') || to_address, ?) > 0 or instr(coalesce(subject, '') || coalesce(html, '') || coalesce(text, '') || coalesce(props, '') || to_address, ?) > 0")
      .get(researcher.name, DEMO_ACCOUNTS.researcher) as { n: number };
    expect(left.n).toBe(0);
  });
});
