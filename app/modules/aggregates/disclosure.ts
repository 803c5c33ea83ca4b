// Small-count protection for the aggregate tables published to export-control agencies: merging
// sparse categories, primary and complementary cell suppression with an exact protection test,
// for two-way tables, one-way lists with a total, and multiple-response lists. Pure: no I/O.
// The method, and what a reader is assumed to know, are described in docs/aggregates.md.

/** The smallest count that may be published, other than zero. */
export const MIN_CELL = 5;

/** A two-way table of counts (rows × columns) with row and column totals and a grand total published. */
export type CountTable = { rows: string[]; columns: string[]; cells: number[][] }; // cells[r][c], non-negative integers

/** A one-way table: categories with their counts. */
export type CountList = { categories: string[]; counts: number[] };

/** `value` is null exactly when the cell is suppressed. */
export type ProtectedCell = { value: number | null; suppressed: boolean };

/**
 * A table safe to publish. When `status` is "withheld" every array is empty, `merged` holds no
 * entries and `total` is null: the only thing shown is that the numbers are too small.
 * Every published row and column total is at least k, except that a column kept with
 * `mergeColumns: false` may be all zeros (total 0), since a zero discloses no one.
 */
export type ProtectedTable = {
  status: "published" | "withheld";
  rows: string[];
  columns: string[];
  /** For each merged label, the original categories it holds (in their original order). */
  merged: { rows: Record<string, string[]>; columns: Record<string, string[]> };
  cells: ProtectedCell[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number | null;
};

/**
 * A list safe to publish. `total` is null when no total is published (withheld lists, lists
 * protected with `publishTotal: false`, and multiple-response lists). Lists are protected by
 * suppression, not by merging, so `merged` is always empty; it is there so that lists and tables
 * can be rendered by the same code.
 */
export type ProtectedList = {
  status: "published" | "withheld";
  categories: string[];
  merged: Record<string, string[]>;
  cells: ProtectedCell[];
  total: number | null;
};

export type TableOptions = {
  /** Smallest publishable non-zero count; an integer of at least 3. Defaults to MIN_CELL. */
  k?: number;
  /** Label of the merged category. Defaults to "Other". */
  otherLabel?: string;
  /**
   * false keeps every column as it is (a fixed scale such as severity). A column whose total is
   * then between 1 and k−1 withholds the whole table; an all-zero column is kept.
   */
  mergeColumns?: boolean;
};

export type ListOptions = {
  k?: number;
  /** false publishes no total, so only primary suppression is needed. Defaults to true. */
  publishTotal?: boolean;
};

export type ProtectionOptions = {
  /**
   * What every reader knows each suppressed cell to be at least. The method never suppresses a
   * zero, and the method is public, so the default is 1.
   */
  knownMinimum?: number;
};

/** One cell of a protecting cycle, and the direction it moves in (+1 up, −1 down). */
export type CycleStep = { row: number; column: number; step: 1 | -1 };

const DEFAULT_OTHER_LABEL = "Other";

// ---------------------------------------------------------------------------------------------
// Public functions

/** Merges sparse rows (and columns), then suppresses small cells and enough others to protect them. */
export function protectTable(table: CountTable, options: TableOptions = {}): ProtectedTable {
  const k = checkK(options.k);
  const otherLabel = checkOtherLabel(options.otherLabel);
  checkTable(table);
  const rowTotals = table.cells.map(sum);
  const columnTotals = table.columns.map((_, c) => sum(table.cells.map((row) => at(row, c))));
  if (sum(rowTotals) < k) return withheldTable();

  const rowGroups = groupCategories(table.rows, rowTotals, k, otherLabel);
  const columnGroups =
    options.mergeColumns === false
      ? keepColumns(table.columns, columnTotals, k)
      : groupCategories(table.columns, columnTotals, k, otherLabel);
  if (rowGroups === null || columnGroups === null) return withheldTable();

  const cells = rowGroups.members.map((rowMembers) =>
    columnGroups.members.map((columnMembers) =>
      sum(rowMembers.map((r) => sum(columnMembers.map((c) => at(at(table.cells, r), c))))),
    ),
  );
  const columnCount = columnGroups.labels.length;
  const graph = tableGraph(cells);
  const suppressed = cells.flat().map((value) => isSmall(value, k));
  if (!completeSuppression(graph, suppressed, 1)) return withheldTable();

  return {
    status: "published",
    rows: rowGroups.labels,
    columns: columnGroups.labels,
    merged: { rows: rowGroups.merged, columns: columnGroups.merged },
    cells: cells.map((row, r) => row.map((value, c) => publishCell(value, at(suppressed, r * columnCount + c)))),
    rowTotals: cells.map(sum),
    columnTotals: columnGroups.labels.map((_, c) => sum(cells.map((row) => at(row, c)))),
    total: sum(cells.map(sum)),
  };
}

/**
 * Suppresses small counts of a one-way list (each item counted once) and, when the total is
 * published, enough other counts that none of them can be recomputed from the total.
 */
export function protectList(list: CountList, options: ListOptions = {}): ProtectedList {
  const k = checkK(options.k);
  checkList(list);
  const total = sum(list.counts);
  if (total < k) return withheldList();
  const suppressed = list.counts.map((value) => isSmall(value, k));
  const publishTotal = options.publishTotal !== false;
  if (publishTotal && !completeSuppression(listGraph(list.counts), suppressed, 1)) return withheldList();
  return {
    status: "published",
    categories: [...list.categories],
    merged: {},
    cells: list.counts.map((value, i) => publishCell(value, at(suppressed, i))),
    total: publishTotal ? total : null,
  };
}

export type MultiResponseOptions = {
  k?: number;
  /**
   * How many items have at least one category, when a reader can learn that number elsewhere:
   * flagged projects by rule, say, where every flagged project has a rule and the number of
   * flagged projects is the total of another published table. The hidden counts then add up to at
   * least that number less the shown ones, which can pin a hidden count down; the smallest shown
   * count is then hidden as well.
   */
  knownItemCount?: number;
};

/**
 * For multiple-response lists (a project counted under several categories, e.g. partner
 * countries): no total is published and nothing is merged, so only primary suppression applies,
 * unless `knownItemCount` says a reader knows how many items there are.
 */
export function protectMultiResponse(list: CountList, options: MultiResponseOptions = {}): ProtectedList {
  const k = checkK(options.k);
  checkList(list);
  const suppressed = list.counts.map((value) => isSmall(value, k));
  if (options.knownItemCount !== undefined) {
    const items = options.knownItemCount;
    checkCount(items);
    if (list.counts.some((value) => value > items)) throw new RangeError("No count can exceed the number of items.");
    if (sum(list.counts) < items) throw new RangeError("Every item counts under at least one category.");
    if (!hidesFromItemCount(list.counts, suppressed, items, k)) {
      const shown = list.counts.flatMap((value, i) => (!suppressed[i] && value >= 1 ? [i] : []));
      const smallest = shown.sort((a, b) => at(list.counts, a) - at(list.counts, b) || a - b)[0];
      if (smallest === undefined) return withheldList();
      suppressed[smallest] = true;
      if (!hidesFromItemCount(list.counts, suppressed, items, k)) return withheldList();
    }
  }
  return {
    status: "published",
    categories: [...list.categories],
    merged: {},
    cells: list.counts.map((value, i) => publishCell(value, at(suppressed, i))),
    total: null,
  };
}

/**
 * Whether every count hidden for being small keeps two or more possible values for a reader who
 * knows the number of items: each hidden count is at least 1 and at most the number of items (at
 * most k−1 if it is one of the small ones; the reader is told which), and the hidden counts add up
 * to at least the number of items less the shown counts. Once a count of k or more is hidden
 * alongside, a small one can always be 1, so that suffices.
 */
function hidesFromItemCount(counts: readonly number[], suppressed: readonly boolean[], items: number, k: number): boolean {
  const needed = items - sum(counts.filter((_, i) => !suppressed[i]));
  const ceilings = counts.map((value, i) => (!suppressed[i] ? 0 : isSmall(value, k) ? Math.min(k - 1, items) : items));
  const allCeilings = sum(ceilings);
  return counts.every((value, i) => {
    if (!suppressed[i] || !isSmall(value, k)) return true;
    const ceiling = at(ceilings, i);
    return Math.max(1, needed - (allCeilings - ceiling)) < ceiling;
  });
}

/**
 * True when the suppressed cell (row, column) cannot be recomputed exactly from what is published:
 * the unsuppressed cells, every row and column total and the grand total, with every suppressed
 * cell known to be at least `knownMinimum`. `cells` is the true (already merged) table.
 */
export function isCellProtected(
  cells: readonly (readonly number[])[],
  suppressed: readonly (readonly boolean[])[],
  row: number,
  column: number,
  options: ProtectionOptions = {},
): boolean {
  return findProtectingCycle(cells, suppressed, row, column, options) !== null;
}

/**
 * A witness for isCellProtected: cells that can move together, one up and the next down around a
 * cycle, so that every total stays the same and every suppressed cell stays at or above
 * `knownMinimum`. Moving them gives a second table that fits everything published, with a
 * different value in (row, column). Null when there is none, i.e. the cell can be recomputed.
 */
export function findProtectingCycle(
  cells: readonly (readonly number[])[],
  suppressed: readonly (readonly boolean[])[],
  row: number,
  column: number,
  options: ProtectionOptions = {},
): CycleStep[] | null {
  const columnCount = cells[0]?.length ?? 0;
  const graph = tableGraph(cells);
  const flags = cells.flatMap((values, r) => values.map((_, c) => suppressed[r]?.[c] === true));
  const x = row * columnCount + column;
  if (!flags[x]) throw new RangeError(`Cell (${row}, ${column}) is not suppressed.`);
  const cycle = protectingCycle(graph, flags, x, checkKnownMinimum(options.knownMinimum));
  return cycle && cycle.map(({ edge, step }) => ({ row: Math.floor(edge / columnCount), column: edge % columnCount, step }));
}

/** isCellProtected for a one-way list whose total is published. */
export function isListCellProtected(
  counts: readonly number[],
  suppressed: readonly boolean[],
  index: number,
  options: ProtectionOptions = {},
): boolean {
  if (!suppressed[index]) throw new RangeError(`Count ${index} is not suppressed.`);
  const flags = counts.map((_, i) => suppressed[i] === true);
  return protectingCycle(listGraph(counts), flags, index, checkKnownMinimum(options.knownMinimum)) !== null;
}

/**
 * `whole` minus `part`, cell by cell, matched by label: the other institutions' table is the
 * jurisdiction's table minus the institution's own. `part` may lack rows or columns of `whole`
 * (they count as zero) but may not have any that `whole` lacks, nor exceed it anywhere.
 */
export function subtractTable(whole: CountTable, part: CountTable): CountTable {
  checkTable(whole);
  checkTable(part);
  const rowIndex = new Map(whole.rows.map((label, i) => [label, i]));
  const columnIndex = new Map(whole.columns.map((label, i) => [label, i]));
  const cells = whole.cells.map((row) => [...row]);
  part.rows.forEach((rowLabel, pr) => {
    const r = rowIndex.get(rowLabel);
    if (r === undefined) throw new RangeError(`Row "${rowLabel}" is not in the table it is subtracted from.`);
    part.columns.forEach((columnLabel, pc) => {
      const c = columnIndex.get(columnLabel);
      if (c === undefined) throw new RangeError(`Column "${columnLabel}" is not in the table it is subtracted from.`);
      const difference = at(at(cells, r), c) - at(at(part.cells, pr), pc);
      if (difference < 0) throw new RangeError(`Cell ("${rowLabel}", "${columnLabel}") would be negative.`);
      at(cells, r)[c] = difference;
    });
  });
  return { rows: [...whole.rows], columns: [...whole.columns], cells };
}

// ---------------------------------------------------------------------------------------------
// Merging sparse categories

type Grouping = { labels: string[]; members: number[][]; merged: Record<string, string[]> };

/**
 * Categories whose total is below k go into one merged category (with any category that already
 * carries the merged label). While the merged category is below k, or its make-up would let a
 * reader pin down a small count (see isMergedGroupSafe), the smallest remaining category joins it.
 * Null when every category has joined and it is still not safe.
 */
function groupCategories(labels: readonly string[], totals: readonly number[], k: number, otherLabel: string): Grouping | null {
  const sparse = totals.map((total) => total < k);
  if (!sparse.includes(true)) return ungrouped(labels);
  const inGroup = labels.map((label, i) => at(sparse, i) || label === otherLabel);
  const chosenBySize = labels.map(() => false);
  while (!isMergedGroupSafe(totals, inGroup, chosenBySize, k)) {
    let smallest = -1;
    totals.forEach((total, i) => {
      if (!inGroup[i] && (smallest < 0 || total < at(totals, smallest))) smallest = i;
    });
    if (smallest < 0) return null;
    inGroup[smallest] = true;
    chosenBySize[smallest] = true;
  }
  const kept = labels.flatMap((label, i) => (inGroup[i] ? [] : [{ label, i }]));
  const groupMembers = labels.flatMap((_, i) => (inGroup[i] ? [i] : []));
  return {
    labels: [...kept.map(({ label }) => label), otherLabel],
    members: [...kept.map(({ i }) => [i]), groupMembers],
    merged: Object.fromEntries([[otherLabel, groupMembers.map((i) => at(labels, i))]]),
  };
}

/**
 * Whether a reader who sees the merged total, the totals left unmerged and the rule above can pin
 * down the count of any set of the sparse members at a value between 1 and k−1. The reader is given
 * every true fact the rule implies: a sparse member is below k; a member that joined for its size
 * is between k and the smallest total left unmerged (it was the smallest when it joined); the
 * sparse members together are below k, or at least k, whichever is true. The sparse members all
 * have the same bounds, so a set of them is pinned down exactly when one of its size is.
 */
function isMergedGroupSafe(totals: readonly number[], inGroup: readonly boolean[], chosenBySize: readonly boolean[], k: number): boolean {
  const groupTotal = sum(totals.filter((_, i) => inGroup[i]));
  if (groupTotal < k) return false;
  const outside = totals.filter((_, i) => !inGroup[i]);
  const smallestOutside = outside.length > 0 ? Math.min(...outside) : Infinity;
  let sparseCount = 0;
  let sparseTotal = 0;
  let largeCount = 0;
  let largeCeiling = 0;
  totals.forEach((total, i) => {
    if (!inGroup[i]) return;
    if (total < k) {
      sparseCount += 1;
      sparseTotal += total;
    } else {
      largeCount += 1;
      largeCeiling += chosenBySize[i] ? smallestOutside : Infinity;
    }
  });
  const most = k - 1;
  const sparseLow = Math.max(sparseTotal >= k ? k : 0, groupTotal - largeCeiling, 0);
  const sparseHigh = Math.min(sparseTotal < k ? most : Infinity, groupTotal - k * largeCount, sparseCount * most);
  for (let size = 1; size <= sparseCount; size++) {
    const low = Math.max(0, sparseLow - (sparseCount - size) * most);
    const high = Math.min(size * most, sparseHigh);
    if (low === high && low >= 1) return false;
  }
  return true;
}

function keepColumns(labels: readonly string[], totals: readonly number[], k: number): Grouping | null {
  return totals.some((total) => isSmall(total, k)) ? null : ungrouped(labels);
}

function ungrouped(labels: readonly string[]): Grouping {
  return { labels: [...labels], members: labels.map((_, i) => [i]), merged: {} };
}

// ---------------------------------------------------------------------------------------------
// Suppression as a graph
//
// Each cell is an edge from its row's node to its column's node (a list: every count is an edge
// between one free node and the total node). A cell X can be recomputed unless some integer change
// to the suppressed cells alters X, keeps every published total and keeps each suppressed cell at or
// above the known minimum. By conformal decomposition such a change exists exactly when a simple
// cycle of suppressed cells runs through X with its changes alternating +1, −1, where every cell
// that goes down is above the known minimum. Walking the cycle from X's column back to X's row,
// a cell crossed from a row to a column changes like X and one crossed back the other way, so the
// search is a reachability question in a directed graph: no enumeration of cycles is needed.

type Graph = { tails: number[]; heads: number[]; values: number[]; incident: number[][] };
type Move = { edge: number; step: 1 | -1 };

function tableGraph(cells: readonly (readonly number[])[]): Graph {
  const rowCount = cells.length;
  const columnCount = cells[0]?.length ?? 0;
  const edges = cells.flatMap((row, r) => row.map((value, c) => ({ tail: r, head: rowCount + c, value })));
  return graphOf(rowCount + columnCount, edges);
}

function listGraph(counts: readonly number[]): Graph {
  return graphOf(2, counts.map((value) => ({ tail: 0, head: 1, value })));
}

function graphOf(nodeCount: number, edges: readonly { tail: number; head: number; value: number }[]): Graph {
  const incident: number[][] = Array.from({ length: nodeCount }, () => []);
  edges.forEach(({ tail, head }, e) => {
    at(incident, tail).push(e);
    at(incident, head).push(e);
  });
  return { tails: edges.map((e) => e.tail), heads: edges.map((e) => e.head), values: edges.map((e) => e.value), incident };
}

/** The change to `edge` when the walk crosses it from `from`, given that X moves by `step`. */
function stepAcross(graph: Graph, edge: number, from: number, step: 1 | -1): 1 | -1 {
  return at(graph.tails, edge) === from ? step : step === 1 ? -1 : 1;
}

function canMove(graph: Graph, edge: number, step: 1 | -1, knownMinimum: number): boolean {
  return step === 1 || at(graph.values, edge) > knownMinimum;
}

function protectingCycle(graph: Graph, suppressed: readonly boolean[], x: number, knownMinimum: number): Move[] | null {
  for (const step of [1, -1] as const) {
    if (!canMove(graph, x, step, knownMinimum)) continue;
    const path = closingPath(graph, x, step, knownMinimum, (e) => e !== x && at(suppressed, e), () => 0);
    if (path !== null) return [{ edge: x, step }, ...path.moves];
  }
  return null;
}

/**
 * The cheapest walk from X's column (head) back to X's row (tail) over the edges `usable` allows,
 * each crossed only in a direction it can change in. Dijkstra over a few dozen nodes, ties going to
 * the lower node and edge numbers, so that the result is deterministic.
 */
function closingPath(
  graph: Graph,
  x: number,
  step: 1 | -1,
  knownMinimum: number,
  usable: (edge: number) => boolean,
  cost: (edge: number) => number,
): { moves: Move[]; cost: number } | null {
  const nodeCount = graph.incident.length;
  const start = at(graph.heads, x);
  const goal = at(graph.tails, x);
  const distance = new Array<number>(nodeCount).fill(Infinity);
  const via = new Array<number>(nodeCount).fill(-1);
  const done = new Array<boolean>(nodeCount).fill(false);
  distance[start] = 0;
  for (;;) {
    let node = -1;
    for (let v = 0; v < nodeCount; v++) {
      if (!done[v] && at(distance, v) < Infinity && (node < 0 || at(distance, v) < at(distance, node))) node = v;
    }
    if (node < 0 || node === goal) break;
    done[node] = true;
    for (const edge of at(graph.incident, node)) {
      if (!usable(edge) || !canMove(graph, edge, stepAcross(graph, edge, node, step), knownMinimum)) continue;
      const next = at(graph.tails, edge) === node ? at(graph.heads, edge) : at(graph.tails, edge);
      const through = at(distance, node) + cost(edge);
      if (!done[next] && through < at(distance, next)) {
        distance[next] = through;
        via[next] = edge;
      }
    }
  }
  if (at(distance, goal) === Infinity) return null;
  const moves: Move[] = [];
  for (let node = goal; node !== start; ) {
    const edge = at(via, node);
    const from = at(graph.tails, edge) === node ? at(graph.heads, edge) : at(graph.tails, edge);
    moves.unshift({ edge, step: stepAcross(graph, edge, from, step) });
    node = from;
  }
  return { moves, cost: at(distance, goal) };
}

/**
 * Adds complementary suppressions until every suppressed cell is protected; false when that is
 * impossible. For the first unprotected cell: the smallest single unsuppressed non-zero cell that
 * protects it (cells in its row or column first among equal values); failing that, the cheapest set
 * of cells that closes a protecting cycle through it, by total value and then by number of cells.
 * Every cell on that cycle is then protected by it too. A cell that no cycle through all non-zero
 * cells can protect makes the table impossible to publish.
 */
function completeSuppression(graph: Graph, suppressed: boolean[], knownMinimum: number): boolean {
  const edgeCount = graph.values.length;
  const isProtected = (e: number) => protectingCycle(graph, suppressed, e, knownMinimum) !== null;
  for (let round = 0; round <= edgeCount; round++) {
    const open = suppressed.findIndex((flag, e) => flag && !isProtected(e));
    if (open < 0) break;
    const single = singleCandidates(graph, suppressed, open).find((candidate) => {
      suppressed[candidate] = true;
      const helps = isProtected(open);
      suppressed[candidate] = false;
      return helps;
    });
    if (single !== undefined) {
      suppressed[single] = true;
      continue;
    }
    const completion = cheapestCompletion(graph, suppressed, open, knownMinimum);
    if (completion === null) return false;
    for (const edge of completion) suppressed[edge] = true;
  }
  // Every suppressed cell, primary or complementary, must be protected.
  return suppressed.every((flag, e) => !flag || isProtected(e));
}

function singleCandidates(graph: Graph, suppressed: readonly boolean[], open: number): number[] {
  const sharesLine = (e: number) => at(graph.tails, e) === at(graph.tails, open) || at(graph.heads, e) === at(graph.heads, open);
  return graph.values
    .flatMap((value, e) => (!suppressed[e] && value >= 1 ? [e] : []))
    .sort((a, b) => at(graph.values, a) - at(graph.values, b) || Number(!sharesLine(a)) - Number(!sharesLine(b)) || a - b);
}

function cheapestCompletion(graph: Graph, suppressed: readonly boolean[], open: number, knownMinimum: number): number[] | null {
  const perCell = graph.values.length + 1;
  const usable = (e: number) => e !== open && (at(suppressed, e) || at(graph.values, e) >= 1);
  const cost = (e: number) => (at(suppressed, e) ? 0 : at(graph.values, e) * perCell + 1);
  let best: { moves: Move[]; cost: number } | null = null;
  for (const step of [1, -1] as const) {
    if (!canMove(graph, open, step, knownMinimum)) continue;
    const path = closingPath(graph, open, step, knownMinimum, usable, cost);
    if (path !== null && (best === null || path.cost < best.cost)) best = path;
  }
  return best && best.moves.map(({ edge }) => edge).filter((edge) => !suppressed[edge]);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function isSmall(value: number, k: number): boolean {
  return value >= 1 && value < k;
}

function publishCell(value: number, suppressed: boolean): ProtectedCell {
  return suppressed ? { value: null, suppressed: true } : { value, suppressed: false };
}

function withheldTable(): ProtectedTable {
  return { status: "withheld", rows: [], columns: [], merged: { rows: {}, columns: {} }, cells: [], rowTotals: [], columnTotals: [], total: null };
}

function withheldList(): ProtectedList {
  return { status: "withheld", categories: [], merged: {}, cells: [], total: null };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Index access for indices known to be in range (the compiler cannot see that). */
function at<T>(values: readonly T[], index: number): T {
  return values[index] as T;
}

// ---------------------------------------------------------------------------------------------
// Input checks: these are programming errors, not user input, so they throw plain errors.

function checkK(k: number | undefined): number {
  const value = k ?? MIN_CELL;
  // With k = 2 a suppressed count in a list without a total could only be 1.
  if (!Number.isSafeInteger(value) || value < 3) throw new RangeError(`k must be an integer of at least 3, not ${value}.`);
  return value;
}

function checkKnownMinimum(knownMinimum: number | undefined): number {
  const value = knownMinimum ?? 1;
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`knownMinimum must be a non-negative integer, not ${value}.`);
  return value;
}

function checkOtherLabel(otherLabel: string | undefined): string {
  const value = otherLabel ?? DEFAULT_OTHER_LABEL;
  if (value.trim() === "") throw new RangeError("otherLabel must not be blank.");
  return value;
}

function checkLabels(labels: readonly string[], what: string): void {
  if (new Set(labels).size !== labels.length) throw new RangeError(`The ${what} labels must be distinct.`);
}

function checkCount(value: unknown): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Counts must be non-negative integers, not ${String(value)}.`);
  }
}

function checkTable(table: CountTable): void {
  checkLabels(table.rows, "row");
  checkLabels(table.columns, "column");
  if (table.cells.length !== table.rows.length) throw new RangeError("The table needs one row of cells per row label.");
  for (const row of table.cells) {
    if (row.length !== table.columns.length) throw new RangeError("Every row of cells needs one cell per column label.");
    row.forEach(checkCount);
  }
}

function checkList(list: CountList): void {
  checkLabels(list.categories, "category");
  if (list.counts.length !== list.categories.length) throw new RangeError("The list needs one count per category.");
  list.counts.forEach(checkCount);
}
