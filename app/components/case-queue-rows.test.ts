import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { queueRowHtml, queueRowsFrom, queueRowsHtml, writeQueueRows } from "./case-queue-rows";
import type { QueueRow } from "~/modules/cases/cases.server";
import { CaseStatusBadge, caseStatusBadgeHtml, DueDate, dueDateHtml } from "./cases";
import { SeverityBadge, severityBadgeHtml } from "./severity";
import { CASE_STATUSES } from "~/modules/cases/labels";

// React separates neighbouring text with empty comments; the browser shows the same either way.
const react = (element: ReturnType<typeof createElement>) => renderToStaticMarkup(element).replaceAll("<!-- -->", "");

const now = Date.UTC(2026, 10, 26, 12);
const row = (over: Partial<QueueRow> = {}): QueueRow => ({
  id: 7,
  projectTitle: "Secure sensing",
  piName: "Ana Silva",
  severity: "high",
  dimensions: ["military", "partner"],
  status: "in_review",
  openedAt: new Date(now - 3 * 86_400_000),
  dueAt: new Date(now + 86_400_000),
  assigneeName: null,
  awaitingConfirmation: false,
  ...over,
});

describe("the queue's markup pieces match their React versions", () => {
  test.each(["info", "low", "medium", "high", "critical", "unknown"])("severity badge %s", (severity) => {
    expect(severityBadgeHtml(severity).__html).toBe(react(createElement(SeverityBadge, { severity })));
  });

  test.each(CASE_STATUSES)("status badge %s", (status) => {
    expect(caseStatusBadgeHtml(status).__html).toBe(react(createElement(CaseStatusBadge, { status })));
  });

  test.each([
    ["in time", now + 86_400_000, "in_review"],
    ["past its deadline", now - 86_400_000, "new"],
    ["past its deadline but closed", now - 86_400_000, "closed"],
  ] as const)("due date %s", (_name, dueAt, status) => {
    expect(dueDateHtml(new Date(dueAt), status, now).__html).toBe(react(createElement(DueDate, { dueAt: new Date(dueAt), status, now })));
  });
});

describe("queueRowHtml", () => {
  test("shows the case, its project, PI, severity, dimensions, age, deadline, assignee and status", () => {
    const markup = queueRowHtml(row({ assigneeName: "Olu Ade" }), now).__html;
    expect(markup).toContain(`<input type="checkbox" id="case-7" aria-label="Choose case 7, Secure sensing" name="caseId" value="7"/>`);
    expect(markup).toContain(`<a href="/office/cases/7">Secure sensing</a><br/><span class="muted">Ana Silva</span>`);
    expect(markup).toContain("<td>Military and dual use, Partners</td>");
    expect(markup).toContain("<td>3 d</td>");
    expect(markup).toContain("<td>Olu Ade</td>");
    expect(markup).toContain(severityBadgeHtml("high").__html);
    expect(markup.startsWith("<tr>")).toBe(true);
  });

  test("marks a case past its deadline and says what is owed", () => {
    const markup = queueRowHtml(row({ dueAt: new Date(now - 1), status: "waiting_for_researcher", awaitingConfirmation: true, dimensions: [] }), now).__html;
    expect(markup.startsWith(`<tr class="overdue">`)).toBe(true);
    expect(markup).toContain("past deadline");
    expect(markup).toContain(" answer owed");
    expect(markup).toContain(" · decision to confirm");
    expect(markup).toContain(`<span class="muted">no open flags</span>`);
    expect(markup).toContain(`<span class="muted">nobody</span>`);
  });

  test("ticks the cases chosen before a refused bulk action, and only those", () => {
    const markup = queueRowsHtml([row({ id: 7 }), row({ id: 8 })], now, new Set([8])).__html;
    expect(markup).toContain(`name="caseId" value="8" checked=""/>`);
    expect(markup).toContain(`name="caseId" value="7"/>`);
  });

  test("rows written ahead, as plain strings, are ticked and joined into the same markup", () => {
    const rows = [row({ id: 7 }), row({ id: 8, status: "waiting_for_researcher" }), row({ id: 9, assigneeName: "Olu Ade" })];
    const written = structuredClone(writeQueueRows(rows, now));
    expect(written.ids).toEqual([7, 8, 9]);
    expect(written.starts.every((start) => typeof start === "string" && start.endsWith('"'))).toBe(true);
    expect(written.ends.every((end) => end.startsWith("/></td>"))).toBe(true);
    expect(queueRowsFrom(written).__html).toBe(rows.map((r) => queueRowHtml(r, now).__html).join(""));
    expect(queueRowsFrom(written, new Set([8, 9])).__html).toBe(rows.map((r) => queueRowHtml(r, now, r.id !== 7).__html).join(""));
    expect(queueRowsFrom({ ids: [], starts: [], ends: [] }).__html).toBe("");
  });

  test("text from the database cannot become markup", () => {
    const markup = queueRowsHtml([row({ projectTitle: `<img src=x onerror=alert(1)>"`, piName: "<script>x</script>", assigneeName: "A & B" })], now).__html;
    expect(markup).not.toMatch(/<img|<script/);
    expect(markup).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;");
    expect(markup).toContain(`aria-label="Choose case 7, &lt;img src=x onerror=alert(1)&gt;&quot;"`);
    expect(markup).toContain("A &amp; B");
  });
});
