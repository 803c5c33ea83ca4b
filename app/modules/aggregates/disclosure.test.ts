// Small-count protection: nothing published lies between 1 and k−1, everything published is the
// true (merged) sum, and no suppressed cell can be recomputed, checked by an enumeration written
// here and by checking each protecting cycle on the numbers, not by trusting the module's search.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findProtectingCycle,
  isCellProtected,
  isListCellProtected,
  MIN_CELL,
  protectList,
  protectMultiResponse,
  protectTable,
  subtractTable,
} from "./disclosure";
import type { CountList, CountTable, ProtectedList, ProtectedTable } from "./disclosure";

const k = MIN_CELL;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------------
// Generators: counts biased towards the small values that need protecting.

const countArb = (max: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 5, arbitrary: fc.integer({ min: 1, max: Math.min(6, max) }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max }) },
  );

function tableArb(maxRows: number, maxColumns: number, maxValue: number): fc.Arbitrary<CountTable> {
  return fc
    .record({ rowCount: fc.integer({ min: 1, max: maxRows }), columnCount: fc.integer({ min: 1, max: maxColumns }) })
    .chain(({ rowCount, columnCount }) =>
      fc.array(fc.array(countArb(maxValue), { minLength: columnCount, maxLength: columnCount }), { minLength: rowCount, maxLength: rowCount }),
    )
    .map((cells) => ({ rows: cells.map((_, r) => `area ${r}`), columns: (cells[0] ?? []).map((_, c) => `level ${c}`), cells }));
}

const listArb = (maxLength: number): fc.Arbitrary<CountList> =>
  fc.array(countArb(12), { minLength: 1, maxLength }).map((counts) => ({ categories: counts.map((_, i) => `TRL ${i + 1}`), counts }));

// ---------------------------------------------------------------------------------------------
// What a reader sees, and the truth behind it

/** The true merged table behind a published one, summed from the original by the `merged` map. */
function mergedTruth(table: CountTable, published: ProtectedTable): number[][] {
  const originals = (labels: string[], merged: Record<string, string[]>, all: string[]) =>
    labels.map((label) => (merged[label] ?? [label]).map((original) => all.indexOf(original)));
  const rowSets = originals(published.rows, published.merged.rows, table.rows);
  const columnSets = originals(published.columns, published.merged.columns, table.columns);
  return rowSets.map((rs) => columnSets.map((cs) => sum(rs.flatMap((r) => cs.map((c) => table.cells[r]![c]!)))));
}

/**
 * Every value each suppressed cell can take in some table that fits what is published: the
 * published cells, row and column totals, and every suppressed cell at least `minimum`. Plain
 * enumeration, cell by cell in reading order; the last suppressed cell of a row or column is
 * forced by its total. Stops early once every suppressed cell has shown two values. Null when the
 * enumeration would be too long to be worth it.
 */
function feasibleValues(
  published: (number | null)[][],
  rowTotals: number[],
  columnTotals: number[],
  minimum: number,
  budget = 200_000,
): Map<string, Set<number>> | null {
  const open: [number, number][] = [];
  published.forEach((row, r) => row.forEach((value, c) => value === null && open.push([r, c])));
  const rowLeft = rowTotals.map((total, r) => total - sum(published[r]!.map((v) => v ?? 0)));
  const columnLeft = columnTotals.map((total, c) => total - sum(published.map((row) => row[c] ?? 0)));
  const openInRow = rowTotals.map((_, r) => open.filter(([rr]) => rr === r).length);
  const openInColumn = columnTotals.map((_, c) => open.filter(([, cc]) => cc === c).length);
  const seen = new Map(open.map(([r, c]) => [`${r},${c}`, new Set<number>()]));
  const chosen: number[] = [];
  let nodes = 0;
  let settled = false;
  const visit = (i: number): void => {
    if (settled || nodes++ > budget) return;
    if (i === open.length) {
      if (rowLeft.some((v) => v !== 0) || columnLeft.some((v) => v !== 0)) return;
      open.forEach(([r, c], j) => seen.get(`${r},${c}`)!.add(chosen[j]!));
      settled = [...seen.values()].every((values) => values.size >= 2);
      return;
    }
    const [r, c] = open[i]!;
    openInRow[r]!--;
    openInColumn[c]!--;
    let low = minimum;
    let high = Math.min(rowLeft[r]! - minimum * openInRow[r]!, columnLeft[c]! - minimum * openInColumn[c]!);
    if (openInRow[r] === 0) low = high = rowLeft[r]!;
    if (openInColumn[c] === 0) {
      if (openInRow[r] === 0 && columnLeft[c] !== rowLeft[r]) low = 1, high = 0;
      else low = high = columnLeft[c]!;
    }
    for (let v = Math.max(low, minimum); v <= high; v++) {
      if (v > rowLeft[r]! || v > columnLeft[c]!) break;
      chosen[i] = v;
      rowLeft[r]! -= v;
      columnLeft[c]! -= v;
      visit(i + 1);
      rowLeft[r]! += v;
      columnLeft[c]! += v;
    }
    openInRow[r]!++;
    openInColumn[c]!++;
  };
  visit(0);
  return nodes > budget ? null : seen;
}

/** Applies a protecting cycle to the true table and checks it by arithmetic alone. */
function expectCycleHolds(truth: number[][], suppressed: boolean[][], row: number, column: number, minimum: number): void {
  const cycle = findProtectingCycle(truth, suppressed, row, column, { knownMinimum: minimum });
  expect(cycle, `cell (${row}, ${column}) has a protecting cycle`).not.toBeNull();
  const moved = truth.map((r) => [...r]);
  for (const { row: r, column: c, step } of cycle!) {
    expect(suppressed[r]![c], "a cycle only moves suppressed cells").toBe(true);
    moved[r]![c]! += step;
  }
  expect(moved[row]![column]).not.toBe(truth[row]![column]);
  expect(moved.map(sum)).toEqual(truth.map(sum));
  expect(moved[0]!.map((_, c) => sum(moved.map((r) => r[c]!)))).toEqual(truth[0]!.map((_, c) => sum(truth.map((r) => r[c]!))));
  moved.forEach((r, ri) => r.forEach((v, ci) => suppressed[ri]![ci] && expect(v).toBeGreaterThanOrEqual(minimum)));
}

/**
 * Everything a published table must satisfy. Returns whether the table was small enough for the
 * exhaustive check of non-recoverability.
 */
function expectSafeTable(table: CountTable, published: ProtectedTable, options: { mergeColumns?: boolean } = {}): boolean {
  const grandTotal = sum(table.cells.map(sum));
  if (published.status === "withheld") {
    expect(published).toEqual({ status: "withheld", rows: [], columns: [], merged: { rows: {}, columns: {} }, cells: [], rowTotals: [], columnTotals: [], total: null });
    return false;
  }
  expect(grandTotal).toBeGreaterThanOrEqual(k);

  // Every original category is shown exactly once, on its own or inside a merged one.
  const shownRows = published.rows.flatMap((label) => published.merged.rows[label] ?? [label]);
  const shownColumns = published.columns.flatMap((label) => published.merged.columns[label] ?? [label]);
  expect([...shownRows].sort()).toEqual([...table.rows].sort());
  expect([...shownColumns].sort()).toEqual([...table.columns].sort());
  if (options.mergeColumns === false) expect(published.columns).toEqual(table.columns);

  // Published numbers are the true merged sums, and none of them is small.
  const truth = mergedTruth(table, published);
  expect(published.rowTotals).toEqual(truth.map(sum));
  expect(published.columnTotals).toEqual(truth[0]!.map((_, c) => sum(truth.map((row) => row[c]!))));
  expect(published.total).toBe(grandTotal);
  for (const total of published.rowTotals) expect(total).toBeGreaterThanOrEqual(k);
  published.columnTotals.forEach((total, c) => {
    if (options.mergeColumns === false && total === 0) expect(truth.every((row) => row[c] === 0)).toBe(true);
    else expect(total).toBeGreaterThanOrEqual(k);
  });
  published.cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      const value = truth[r]![c]!;
      if (cell.suppressed) {
        expect(cell.value).toBeNull();
        // The method never hides a zero, so a reader knows every suppressed cell is at least 1.
        expect(value).toBeGreaterThanOrEqual(1);
      } else {
        expect(cell.value).toBe(value);
        expect(value === 0 || value >= k).toBe(true);
      }
    }),
  );

  // No suppressed cell can be recomputed. A protecting cycle, checked by arithmetic, proves it
  // for any size of table; small tables are also enumerated outright.
  const suppressed = published.cells.map((row) => row.map((cell) => cell.suppressed));
  suppressed.forEach((row, r) => row.forEach((flag, c) => flag && expectCycleHolds(truth, suppressed, r, c, 1)));
  if (published.rows.length > 4 || published.columns.length > 4) return false;
  const values = feasibleValues(
    published.cells.map((row) => row.map((cell) => cell.value)),
    published.rowTotals,
    published.columnTotals,
    1,
  );
  if (values === null) return false;
  for (const [cell, taken] of values) expect(taken.size, `suppressed cell ${cell} takes two or more values`).toBeGreaterThanOrEqual(2);
  return true;
}

function expectSafeList(list: CountList, published: ProtectedList, withTotal: boolean): void {
  const total = sum(list.counts);
  if (published.status === "withheld") {
    expect(published).toEqual({ status: "withheld", categories: [], merged: {}, cells: [], total: null });
    return;
  }
  expect(published.categories).toEqual(list.categories);
  expect(published.merged).toEqual({});
  expect(published.total).toBe(withTotal ? total : null);
  published.cells.forEach((cell, i) => {
    const value = list.counts[i]!;
    if (cell.suppressed) expect([cell.value, value >= 1]).toEqual([null, true]);
    else expect([cell.value, value === 0 || value >= k]).toEqual([value, true]);
  });
  if (!withTotal) return;
  // With a total, the suppressed counts share what the published ones leave. Each is at least 1,
  // so with s of them sharing `left`, one of them can be anything from 1 to left − (s − 1).
  const hidden = published.cells.filter((cell) => cell.suppressed).length;
  const left = total - sum(published.cells.map((cell) => cell.value ?? 0));
  if (hidden > 0) expect(hidden >= 2 && left - (hidden - 1) >= 2).toBe(true);
}

// ---------------------------------------------------------------------------------------------

describe("the protection test", () => {
  it("agrees with plain enumeration on small tables, with and without the known minimum of 1", () => {
    const caseArb = tableArb(4, 4, 6).chain((table) =>
      fc.record({
        table: fc.constant(table),
        mask: fc.array(fc.array(fc.boolean(), { minLength: table.columns.length, maxLength: table.columns.length }), {
          minLength: table.rows.length,
          maxLength: table.rows.length,
        }),
        minimum: fc.constantFrom(0, 1),
      }),
    );
    let enumerated = 0;
    fc.assert(
      fc.property(caseArb, ({ table, mask, minimum }) => {
        // A reader who knows suppressed cells are at least 1 is only right if no zero is suppressed.
        const suppressed = table.cells.map((row, r) => row.map((v, c) => mask[r]![c]! && v >= minimum));
        const shown = table.cells.map((row, r) => row.map((v, c) => (suppressed[r]![c] ? null : v)));
        const rowTotals = table.cells.map(sum);
        const columnTotals = table.columns.map((_, c) => sum(table.cells.map((row) => row[c]!)));
        const values = feasibleValues(shown, rowTotals, columnTotals, minimum, 1_000_000);
        if (values === null) return;
        enumerated += 1;
        suppressed.forEach((row, r) =>
          row.forEach((flag, c) => {
            if (!flag) return;
            const protectedByEnumeration = values.get(`${r},${c}`)!.size >= 2;
            expect(isCellProtected(table.cells, suppressed, r, c, { knownMinimum: minimum })).toBe(protectedByEnumeration);
          }),
        );
      }),
      { numRuns: 250 },
    );
    expect(enumerated).toBeGreaterThan(200);
  });

  it("finds the classic bridge: two protected blocks joined by one suppressed cell", () => {
    // Rows 0–1 × columns 0–1 and rows 2–3 × columns 2–3 are suppressed blocks; (1, 2) joins them.
    // The hidden cells of rows 0 and 1 add up to (11 − 6) + (11 − 5) = 11, those of columns 0 and 1
    // to 5 + 5 = 10. The first block is in both sums and the bridge only in the first: it is 1.
    const cells = [
      [2, 3, 0, 0, 6],
      [3, 2, 1, 0, 5],
      [0, 0, 2, 3, 7],
      [0, 0, 3, 2, 0],
    ];
    const primary = cells.map((row) => row.map((v) => v >= 1 && v < k));
    expect(isCellProtected(cells, primary, 1, 2)).toBe(false);
    expect(isCellProtected(cells, primary, 0, 0)).toBe(true);
    expect(isCellProtected(cells, primary, 3, 3)).toBe(true);
    const shown = cells.map((row, r) => row.map((v, c) => (primary[r]![c] ? null : v)));
    const values = feasibleValues(shown, cells.map(sum), cells[0]!.map((_, c) => sum(cells.map((row) => row[c]!))), 0)!;
    expect([...values.get("1,2")!]).toEqual([1]);
    expect(values.get("0,0")!.size).toBeGreaterThanOrEqual(2);

    const table = { rows: ["r0", "r1", "r2", "r3"], columns: ["c0", "c1", "c2", "c3", "c4"], cells };
    const published = protectTable(table);
    expect(published.status).toBe("published");
    expect(published.cells[1]![2]!.suppressed).toBe(true);
    // The cheapest way to put the bridge on a cycle runs through column c4: (2, 4) and (1, 4).
    expect(published.cells[1]![4]!.suppressed).toBe(true);
    expect(published.cells[2]![4]!.suppressed).toBe(true);
    expect(published.cells[0]![4]).toEqual({ value: 6, suppressed: false });
    expectSafeTable(table, published);
  });

  it("counts a cycle of ones as no protection, since a reader knows suppressed cells are not zero", () => {
    // Row a: 1 + 1 + 5 = 7. A reader who sees 5 and the total 7, and knows the two hidden cells are
    // at least 1 (zeros are never hidden), knows both are exactly 1.
    const cells = [
      [1, 1, 5],
      [1, 1, 5],
      [5, 5, 5],
    ];
    const primary = cells.map((row) => row.map((v) => v >= 1 && v < k));
    expect(isCellProtected(cells, primary, 0, 0, { knownMinimum: 0 })).toBe(true);
    expect(isCellProtected(cells, primary, 0, 0)).toBe(false);
    const table = { rows: ["a", "b", "c"], columns: ["x", "y", "z"], cells };
    const published = protectTable(table);
    // Each 1 can only go up, so its row's and its column's 5 must be able to come down:
    // every cell ends up suppressed, and only the totals are shown.
    expect(published.cells.flat().every((cell) => cell.suppressed)).toBe(true);
    expect(published.rowTotals).toEqual([7, 7, 15]);
    expectSafeTable(table, published);
  });

  it("protects a lone small cell with the cheapest rectangle", () => {
    // 3 is small. Rows 13, 15; columns 10, 18. Suppressing all four cells leaves one free
    // parameter: the 3 could be anything from 1 to 9 as far as a reader can tell.
    const table = { rows: ["a", "b"], columns: ["x", "y"], cells: [[3, 10], [7, 8]] };
    const published = protectTable(table);
    expect(published.cells.flat().map((cell) => cell.suppressed)).toEqual([true, true, true, true]);
    expect([published.rowTotals, published.columnTotals, published.total]).toEqual([[13, 15], [10, 18], 28]);
    const values = feasibleValues([[null, null], [null, null]], [13, 15], [10, 18], 1)!;
    expect(Math.min(...values.get("0,0")!)).toBe(1);
    expectSafeTable(table, published);
  });
});

describe("merging sparse categories", () => {
  it("merges rows below k and tops the merged row up with the smallest remaining row", () => {
    const table = { rows: ["A", "B", "C", "D"], columns: ["low", "high"], cells: [[2, 0], [0, 1], [6, 6], [5, 4]] };
    const published = protectTable(table);
    // A (2) and B (1) make 3, below k, so D (9), smaller than C (12), joins them.
    expect(published.rows).toEqual(["C", "Other"]);
    expect(published.merged.rows).toEqual({ Other: ["A", "B", "D"] });
    expect(published.rowTotals).toEqual([12, 12]);
    expectSafeTable(table, published);
  });

  it("merges further when the merged row would pin down its members", () => {
    // A and B are 4 each. "Other (A, B) = 8", with both known to be below 5, means both are 4.
    const pinned = { rows: ["A", "B", "C"], columns: ["n"], cells: [[4], [4], [20]] };
    const first = protectTable(pinned);
    expect(first.merged.rows).toEqual({ Other: ["A", "B", "C"] });
    // A is 4; B, the smallest remaining, tops it up to 9, and C = 5 stays. But a reader knows the
    // row that topped up is at least 5 and no larger than C = 5, so A = 9 − 5 = 4. C joins too.
    const topped = { rows: ["A", "B", "C"], columns: ["n"], cells: [[4], [5], [5]] };
    expect(protectTable(topped).merged.rows).toEqual({ Other: ["A", "B", "C"] });
    // A = 3 instead: B is between 5 and C = 6, so A is 2 or 3, and B's topping up is enough.
    const loose = { rows: ["A", "B", "C"], columns: ["n"], cells: [[3], [5], [6]] };
    expect(protectTable(loose).merged.rows).toEqual({ Other: ["A", "B"] });
    expect(protectTable({ rows: ["A", "B"], columns: ["n"], cells: [[4], [4]] }).status).toBe("withheld");
  });

  it("takes an existing category that carries the merged label into the merged one", () => {
    const table = { rows: ["Other", "A", "B"], columns: ["n"], cells: [[7], [2], [9]] };
    const published = protectTable(table);
    expect(published.rows).toEqual(["B", "Other"]);
    expect(published.merged.rows).toEqual({ Other: ["Other", "A"] });
    expect(protectTable(table, { otherLabel: "Rest" }).merged.rows).toEqual({ Rest: ["Other", "A"] });
  });

  it("keeps the columns with mergeColumns: false, withholding when one is small but keeping an empty one", () => {
    const severities = ["low", "medium", "high"];
    const small = { rows: ["A", "B"], columns: severities, cells: [[6, 5, 1], [7, 5, 2]] };
    expect(protectTable(small, { mergeColumns: false }).status).toBe("withheld");
    expect(protectTable(small).merged.columns).toEqual({ Other: ["medium", "high"] });
    const empty = { rows: ["A", "B"], columns: severities, cells: [[6, 5, 0], [7, 5, 0]] };
    const published = protectTable(empty, { mergeColumns: false });
    expect(published.columns).toEqual(severities);
    expect(published.columnTotals).toEqual([13, 10, 0]);
    expectSafeTable(empty, published, { mergeColumns: false });
  });

  it("withholds a table whose grand total is below k, showing nothing else", () => {
    const published = protectTable({ rows: ["A", "B"], columns: ["n"], cells: [[2], [2]] });
    expect(published).toEqual({ status: "withheld", rows: [], columns: [], merged: { rows: {}, columns: {} }, cells: [], rowTotals: [], columnTotals: [], total: null });
  });

  it("never lets a reader who knows the merging rule pin down a count of merged rows", () => {
    // The reader sees the merged total and its members, the rows left alone, and knows the rule.
    // They try every split of the merged total over its members, keep the splits for which the
    // rule would have merged exactly these rows, and look for any set of members whose count is
    // then fixed at a value from 1 to k − 1.
    const totalsArb = fc.array(countArb(8), { minLength: 2, maxLength: 5 });
    let examined = 0;
    fc.assert(
      fc.property(totalsArb, (totals) => {
        const rows = totals.map((_, i) => `r${i}`);
        const published = protectTable({ rows, columns: ["n"], cells: totals.map((t) => [t]) });
        const members = published.merged.rows.Other;
        if (published.status === "withheld" || members === undefined) return;
        const memberIndex = members.map((label) => rows.indexOf(label));
        const groupTotal = sum(memberIndex.map((i) => totals[i]!));
        if (choose(groupTotal + members.length - 1, members.length - 1) > 20_000) return;
        examined += 1;
        const subsetSums = new Map<number, Set<number>>();
        for (const split of compositions(groupTotal, members.length)) {
          const candidate = [...totals];
          memberIndex.forEach((i, j) => (candidate[i] = split[j]!));
          const again = protectTable({ rows, columns: ["n"], cells: candidate.map((t) => [t]) });
          if (again.status !== "published" || JSON.stringify(again.merged.rows.Other) !== JSON.stringify(members)) continue;
          for (let subset = 1; subset < 1 << members.length; subset++) {
            const value = sum(split.filter((_, j) => subset & (1 << j)));
            if (!subsetSums.has(subset)) subsetSums.set(subset, new Set());
            subsetSums.get(subset)!.add(value);
          }
        }
        for (const [subset, values] of subsetSums) {
          const [only] = [...values];
          if (values.size === 1) expect(only === 0 || only! >= k, `members ${subset.toString(2)} fixed at ${only}`).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
    expect(examined).toBeGreaterThan(50);
  });
});

describe("random tables", () => {
  it("publish only safe, true numbers, and no suppressed cell can be recomputed", () => {
    fc.assert(
      fc.property(tableArb(12, 6, 12), (table) => {
        expectSafeTable(table, protectTable(table));
      }),
      { numRuns: 250 },
    );
  });

  it("keep every fixed column and stay safe with mergeColumns: false", () => {
    fc.assert(
      fc.property(tableArb(12, 4, 12), (table) => {
        expectSafeTable(table, protectTable(table, { mergeColumns: false }), { mergeColumns: false });
      }),
      { numRuns: 200 },
    );
  });

  it("cannot be recomputed, by exhaustive enumeration, when small", () => {
    let enumerated = 0;
    fc.assert(
      fc.property(tableArb(4, 4, 8), fc.integer({ min: 3, max: 6 }), (table, kk) => {
        const published = protectTable(table, { k: kk });
        // The shared checks assume k = MIN_CELL; with another k, check the core directly.
        if (kk === k) {
          if (expectSafeTable(table, published)) enumerated += 1;
          return;
        }
        if (published.status === "withheld") return;
        for (const cell of published.cells.flat()) if (!cell.suppressed) expect(cell.value === 0 || cell.value! >= kk).toBe(true);
        const values = feasibleValues(published.cells.map((row) => row.map((cell) => cell.value)), published.rowTotals, published.columnTotals, 1);
        if (values === null) return;
        enumerated += 1;
        for (const taken of values.values()) expect(taken.size).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
    expect(enumerated).toBeGreaterThan(150);
  });

  it("are protected the same way every time, without touching the input", () => {
    fc.assert(
      fc.property(tableArb(12, 6, 12), (table) => {
        const before = JSON.stringify(table);
        const first = protectTable(table);
        expect(JSON.stringify(table)).toBe(before);
        expect(JSON.stringify(protectTable(structuredClone(table)))).toBe(JSON.stringify(first));
      }),
      { numRuns: 100 },
    );
  });
});

describe("lists", () => {
  it("with a total: small counts are suppressed together with enough others", () => {
    fc.assert(
      fc.property(listArb(12), (list) => {
        expectSafeList(list, protectList(list), true);
      }),
      { numRuns: 300 },
    );
  });

  it("with a total: hand-checked cases", () => {
    // 3 alone could be recomputed from the total; 8, the smallest other count, hides it:
    // a reader sees 3 + 8 = 11, so the 3 could be anything from 1 to 10.
    const trl = { categories: ["TRL 1", "TRL 2", "TRL 3", "TRL 4"], counts: [3, 20, 0, 8] };
    const published = protectList(trl);
    expect(published.cells.map((cell) => cell.value)).toEqual([null, 20, 0, null]);
    expect(published.total).toBe(31);
    expect(isListCellProtected(trl.counts, [true, false, false, false], 0)).toBe(false);
    expect(isListCellProtected(trl.counts, [true, false, false, true], 0)).toBe(true);
    // Two ones share 2: each is known to be 1. The 10 has to go too.
    expect(protectList({ categories: ["a", "b", "c"], counts: [1, 1, 10] }).cells.every((cell) => cell.suppressed)).toBe(true);
    // Five ones and a total of 5: nothing can hide them.
    expect(protectList({ categories: ["a", "b", "c", "d", "e"], counts: [1, 1, 1, 1, 1] }).status).toBe("withheld");
  });

  it("without a total: only the small counts are suppressed", () => {
    fc.assert(
      fc.property(listArb(12), (list) => {
        const published = protectList(list, { publishTotal: false });
        expectSafeList(list, published, false);
        if (published.status === "published") published.cells.forEach((cell, i) => expect(cell.suppressed).toBe(list.counts[i]! >= 1 && list.counts[i]! < k));
      }),
      { numRuns: 200 },
    );
  });

  it("multiple responses: small counts are suppressed, and no total is ever published", () => {
    fc.assert(
      fc.property(listArb(20), (list) => {
        const published = protectMultiResponse(list);
        expect(published.status).toBe("published");
        expect(published.total).toBeNull();
        expect(published.merged).toEqual({});
        published.cells.forEach((cell, i) => {
          const value = list.counts[i]!;
          expect(cell).toEqual(value >= 1 && value < k ? { value: null, suppressed: true } : { value, suppressed: false });
        });
      }),
      { numRuns: 200 },
    );
    // Why no total: 13 flagged projects, 9 under rule A only and 4 under rule B only. Shown: A 9,
    // B hidden. Were the 13 projects shown too (a sum of responses would be worse: 13 − 9), a
    // reader would know B is at least 13 − 9 = 4, since every flagged project has a rule, and,
    // being hidden, at most 4.
    const rules = { categories: ["A", "B"], counts: [9, 4] };
    expect(protectMultiResponse(rules).cells.map((cell) => cell.value)).toEqual([9, null]);
    expect([1, 2, 3, 4].filter((b) => b + 9 >= 13)).toEqual([4]);
    // Told that the reader can learn the 13 elsewhere, A is hidden too: B could be anything from 1
    // to 4 again.
    expect(protectMultiResponse(rules, { knownItemCount: 13 }).cells.map((cell) => cell.value)).toEqual([null, null]);
  });

  it("multiple responses with a known number of items: no small count can be pinned down", () => {
    // Items (projects), each under a non-empty set of categories (rules).
    const itemsArb = fc.integer({ min: 1, max: 6 }).chain((categoryCount) =>
      fc.array(fc.array(fc.boolean(), { minLength: categoryCount, maxLength: categoryCount }).filter((row) => row.includes(true)), { maxLength: 16 }).map((items) => ({ categoryCount, items })),
    );
    let enumerated = 0;
    fc.assert(
      fc.property(itemsArb, ({ categoryCount, items }) => {
        const counts = Array.from({ length: categoryCount }, (_, c) => items.filter((row) => row[c]).length);
        const list = { categories: counts.map((_, c) => `rule ${c}`), counts };
        const published = protectMultiResponse(list, { knownItemCount: items.length });
        expect(published.total).toBeNull();
        if (published.status === "withheld") return;
        published.cells.forEach((cell, i) => {
          if (!cell.suppressed) expect([cell.value, counts[i] === 0 || counts[i]! >= k]).toEqual([counts[i], true]);
          else expect(counts[i]).toBeGreaterThanOrEqual(1);
        });
        // The reader: shown counts fixed; each hidden count at least 1 and at most the number of
        // items, and below k if it is one of the small ones; all counts add up to at least the
        // number of items. Every combination is tried.
        const hidden = published.cells.flatMap((cell, i) => (cell.suppressed ? [i] : []));
        const ranges = hidden.map((i) => (counts[i]! < k ? [1, Math.min(k - 1, items.length)] : [k, items.length]) as [number, number]);
        if (ranges.reduce((n, [low, high]) => n * (high - low + 1), 1) > 50_000) return;
        enumerated += 1;
        const shown = sum(published.cells.map((cell) => cell.value ?? 0));
        const seen = hidden.map(() => new Set<number>());
        const visit = (j: number, chosen: number[]) => {
          if (j === hidden.length) {
            if (shown + sum(chosen) >= items.length) chosen.forEach((v, m) => seen[m]!.add(v));
            return;
          }
          for (let v = ranges[j]![0]; v <= ranges[j]![1]; v++) visit(j + 1, [...chosen, v]);
        };
        visit(0, []);
        hidden.forEach((i, m) => counts[i]! < k && expect(seen[m]!.size, `rule ${i}`).toBeGreaterThanOrEqual(2));
      }),
      { numRuns: 300 },
    );
    expect(enumerated).toBeGreaterThan(200);
  });
});

describe("releases and the institution view", () => {
  type Release = Readonly<Record<string, ProtectedTable>>;
  /** A quarter is protected once, when it closes; a later release carries the frozen table along. */
  const nextRelease = (previous: Release, quarter: string, counts: CountTable): Release => {
    if (quarter in previous) throw new Error(`${quarter} is closed and frozen.`);
    return { ...previous, [quarter]: protectTable(counts) };
  };

  it("adjacent releases differ only by the new, separately protected quarter", () => {
    fc.assert(
      fc.property(tableArb(8, 4, 12), tableArb(8, 4, 12), tableArb(8, 4, 12), (q1, q2, lateQ1) => {
        const a = nextRelease({}, "2025-Q1", q1);
        const b = nextRelease(a, "2025-Q2", q2);
        expect(b["2025-Q1"]).toBe(a["2025-Q1"]);
        expect(JSON.stringify(b["2025-Q1"])).toBe(JSON.stringify(a["2025-Q1"]));
        expect(Object.keys(b).filter((quarter) => !(quarter in a))).toEqual(["2025-Q2"]);
        // The only new numbers are the protected Q2 table, which is safe on its own.
        expect(JSON.stringify(b["2025-Q2"])).toBe(JSON.stringify(protectTable(q2)));
        expectSafeTable(q2, b["2025-Q2"]!);
        // Protecting Q1 again gives the same table byte for byte; revised Q1 data cannot reopen it.
        expect(JSON.stringify(protectTable(structuredClone(q1)))).toBe(JSON.stringify(a["2025-Q1"]));
        expect(() => nextRelease(b, "2025-Q1", lateQ1)).toThrow(/frozen/);
      }),
      { numRuns: 150 },
    );
  });

  const institutionArb = fc
    .record({ rowCount: fc.integer({ min: 1, max: 8 }), columnCount: fc.integer({ min: 1, max: 4 }) })
    .chain(({ rowCount, columnCount }) => {
      const grid = fc.array(fc.array(countArb(8), { minLength: columnCount, maxLength: columnCount }), { minLength: rowCount, maxLength: rowCount });
      return fc.record({ own: grid, others: grid });
    })
    .map(({ own, others }) => {
      const rows = own.map((_, r) => `area ${r}`);
      const columns = own[0]!.map((_, c) => `level ${c}`);
      const jurisdiction = own.map((row, r) => row.map((v, c) => v + others[r]![c]!));
      return { own: { rows, columns, cells: own }, jurisdiction: { rows, columns, cells: jurisdiction } };
    });

  it("an institution's view of the others is protected like any table, whatever its own counts", () => {
    fc.assert(
      fc.property(institutionArb, ({ own, jurisdiction }) => {
        const others = subtractTable(jurisdiction, own);
        const published = protectTable(others);
        // The institution knows `own` exactly, but the others' table involves no own count, so
        // what it can work out about the others is what the table itself shows.
        expectSafeTable(others, published);
      }),
      { numRuns: 200 },
    );
  });

  it("shows why the jurisdiction's total is never shown next to an institution's own counts", () => {
    const own = { rows: ["A"], columns: ["n"], cells: [[7]] };
    const jurisdiction = { rows: ["A"], columns: ["n"], cells: [[10]] };
    const others = subtractTable(jurisdiction, own);
    expect(protectTable(others).status).toBe("withheld");
    // The jurisdiction's table on its own is fine to publish to an agency ...
    expect(protectTable(jurisdiction).total).toBe(10);
    // ... but next to its own 7 it tells the institution that the others have exactly 3.
    expect(protectTable(jurisdiction).total! - sum(own.cells.flat())).toBe(3);
  });

  it("subtracts by label and refuses a part larger than the whole", () => {
    const whole = { rows: ["A", "B"], columns: ["x", "y"], cells: [[5, 6], [7, 8]] };
    expect(subtractTable(whole, { rows: ["B"], columns: ["y"], cells: [[3]] }).cells).toEqual([[5, 6], [7, 5]]);
    expect(() => subtractTable(whole, { rows: ["A"], columns: ["x"], cells: [[6]] })).toThrow(RangeError);
    expect(() => subtractTable(whole, { rows: ["C"], columns: ["x"], cells: [[1]] })).toThrow(RangeError);
  });
});

describe("input", () => {
  it("is checked", () => {
    const table = { rows: ["A"], columns: ["x"], cells: [[5]] };
    expect(() => protectTable(table, { k: 2 })).toThrow(RangeError);
    expect(() => protectTable(table, { k: 4.5 })).toThrow(RangeError);
    expect(() => protectTable({ rows: ["A", "A"], columns: ["x"], cells: [[5], [5]] })).toThrow(RangeError);
    expect(() => protectTable({ rows: ["A"], columns: ["x", "y"], cells: [[5]] })).toThrow(RangeError);
    expect(() => protectTable({ rows: ["A"], columns: ["x"], cells: [[-1]] })).toThrow(RangeError);
    expect(() => protectTable(table, { otherLabel: " " })).toThrow(RangeError);
    expect(() => protectList({ categories: ["a"], counts: [1.5] })).toThrow(RangeError);
    expect(() => protectMultiResponse({ categories: ["a", "b"], counts: [1] })).toThrow(RangeError);
    expect(() => protectMultiResponse({ categories: ["a"], counts: [6] }, { knownItemCount: 5 })).toThrow(RangeError);
    expect(() => protectMultiResponse({ categories: ["a"], counts: [4] }, { knownItemCount: 5 })).toThrow(RangeError);
    expect(() => isCellProtected([[5]], [[false]], 0, 0)).toThrow(RangeError);
  });

  it("handles empty tables and lists", () => {
    expect(protectTable({ rows: [], columns: [], cells: [] }).status).toBe("withheld");
    expect(protectList({ categories: [], counts: [] }).status).toBe("withheld");
    expect(protectMultiResponse({ categories: [], counts: [] })).toEqual({ status: "published", categories: [], merged: {}, cells: [], total: null });
  });
});

// ---------------------------------------------------------------------------------------------

function choose(n: number, r: number): number {
  let result = 1;
  for (let i = 1; i <= r; i++) result = (result * (n - r + i)) / i;
  return result;
}

/** Every way of writing `total` as an ordered sum of `parts` non-negative integers. */
function* compositions(total: number, parts: number): Generator<number[]> {
  if (parts === 1) {
    yield [total];
    return;
  }
  for (let first = 0; first <= total; first++) for (const rest of compositions(total - first, parts - 1)) yield [first, ...rest];
}
