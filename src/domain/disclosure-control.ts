/**
 * Statistical disclosure control for the board's figures (README "Board disclosure control").
 *
 * Figures are cells with declared relationships, so the rules below hold for any figure a
 * table declares, not for a list of special cases:
 *
 * - Primary suppression: a count of people or episodes from 1 to the threshold − 1 is not
 *   shown; zero reveals nobody and is shown. A count at the end of a period that differs
 *   by 1 to threshold − 1 from the same count at the end of an adjacent period is not shown
 *   either, in both periods, so their difference (who joined, left or changed group in
 *   between) cannot be worked out.
 * - Events (offences, screens) and statistics (shares, means, medians, ranges, per-person
 *   figures) are hidden when the count of people behind them is from 1 to threshold − 1 or
 *   hidden, so one person's answers never show as an average (behind nobody, there is no
 *   figure to hide).
 * - Secondary suppression: wherever cells add up (a total and its parts in one table; all
 *   sites and each site), no hidden cell may be the only unknown, hidden parts of a shown
 *   total may not add up to a small group, and no hidden cell other than a zero may be worked
 *   out by solving the relations together (checked exactly by linear algebra). Each time one would be, the smallest shown
 *   part of that relation is hidden too, until none can.
 *
 * The method is the one the Office for National Statistics and NHS England describe for
 * tables of small counts: threshold suppression with complementary (secondary) suppression
 * (ONS, "Disclosure control guidance for tables produced from surveys", 2014; NHS England,
 * "Analysis and publication of small numbers", 2023).
 */

export type CellKind =
  /** People or episodes, and the denominators of shares (screens, sessions): 1 to threshold − 1 is suppressed. */
  | "count"
  /** Things people did or had, which add up (offences, negative screens): hidden when the people behind are. */
  | "events"
  /** Shares, means, medians, per-person figures: hidden when the people behind are, never added up. */
  | "statistic"
  /** Not about people (funding, stock checks): never suppressed. */
  | "public";

export type Cell = {
  /** The same figure has the same key in every site's and every period's table. */
  key: string;
  kind: CellKind;
  value: number | null;
  /** The count behind a cell (the people behind a mean, a share's denominator): hidden when it is below the threshold or hidden. */
  behind?: string;
  /** Cells it is computed from: hidden when any of them is (a rate with its count). */
  from?: string[];
  /** "end": the state at the end of the period, compared with adjacent periods; "period": what happened in it. */
  basis: "end" | "period";
  /** Never shown: the complement of a share, present so that the relation it completes is known. */
  unshown?: boolean;
};

/** `total` is the sum of `parts` (keys of cells in the same table). */
export type Relation = { total: string; parts: string[] };

/** One released table: a site's (or all sites') figures for one period, with that site's threshold. */
export type DisclosureTable = { threshold: number; cells: Cell[]; relations: Relation[] };

/** Why a cell is not shown. */
export type Suppressed =
  /** A count from 1 to threshold − 1. */
  | "small"
  /** It differs by 1 to threshold − 1 from the same count in an adjacent period. */
  | "changed"
  /** Too few people behind an events or statistic cell, or the count behind it is hidden. */
  | "few"
  /** Hidden so that another hidden cell cannot be worked out. */
  | "secondary";

export type DisclosureInput = {
  /** Tables released together: what one of them hides must stay hidden given all the others. */
  tables: DisclosureTable[];
  /** Tables that add up cell by cell: all sites (`total`) is the sum of each site (`parts`), by index. */
  sums: { total: number; parts: number[] }[];
  /** The same table at an adjacent period (previous, next, or earlier in a period in progress). */
  neighbours: { table: number; other: DisclosureTable }[];
};

type Ref = { table: number; key: string };
const refId = (ref: Ref) => `${ref.table}\u0000${ref.key}`;

const ADDITIVE: ReadonlySet<CellKind> = new Set(["count", "events"]);

export function isSmall(value: number | null, threshold: number): boolean {
  return value !== null && value > 0 && value < threshold;
}

/** The cells of each table that must not be shown, and why. */
export function suppress(input: DisclosureInput): Map<string, Suppressed>[] {
  const { tables } = input;
  const byKey = tables.map((t) => new Map(t.cells.map((c) => [c.key, c])));
  const hidden = tables.map(() => new Map<string, Suppressed>());
  const cellAt = (ref: Ref) => byKey[ref.table]!.get(ref.key);
  const valueAt = (ref: Ref) => cellAt(ref)?.value ?? 0;
  const isHidden = (ref: Ref) => hidden[ref.table]!.has(ref.key);
  const isUnknown = (ref: Ref) => isHidden(ref) || cellAt(ref)?.unshown === true;

  // Primary suppression.
  tables.forEach((table, t) => {
    for (const cell of table.cells) if (cell.kind === "count" && isSmall(cell.value, table.threshold)) hidden[t]!.set(cell.key, "small");
  });
  for (const { table, other } of input.neighbours) {
    const before = new Map(other.cells.map((c) => [c.key, c.value]));
    for (const cell of tables[table]!.cells) {
      if (cell.kind !== "count" || cell.basis !== "end" || hidden[table]!.has(cell.key)) continue;
      const then = before.get(cell.key) ?? 0;
      if (cell.value !== null && isSmall(Math.abs(cell.value - (then ?? 0)), tables[table]!.threshold)) hidden[table]!.set(cell.key, "changed");
    }
  }

  const relations = relationInstances(input, byKey);

  for (let changed = true; changed; ) {
    changed = false;
    // Events, statistics and the counts of shares follow the people behind them ("0 of 1").
    tables.forEach((table, t) => {
      for (const cell of table.cells) {
        if (cell.kind === "public" || hidden[t]!.has(cell.key)) continue;
        const behind = cell.behind ? { table: t, key: cell.behind } : null;
        const tooFew = behind !== null && (isSmall(valueAt(behind), table.threshold) || isHidden(behind));
        if (tooFew || (cell.from ?? []).some((key) => isHidden({ table: t, key }))) {
          hidden[t]!.set(cell.key, "few");
          changed = true;
        }
      }
    });
    // Each relation on its own: never one unknown, never a small hidden sum of counts.
    for (const relation of relations) {
      const unknown = relation.cells.filter(isUnknown);
      if (!unknown.some(isHidden)) continue;
      // With the total shown, the hidden parts add up to what the shown ones leave; with the
      // total hidden too, what follows is only the shown parts' sum.
      const hiddenParts = isUnknown(relation.total) ? 0 : unknown.reduce((s, ref) => s + valueAt(ref), 0);
      const counts = relation.cells.every((ref) => cellAt(ref)?.kind === "count");
      const threshold = Math.max(...relation.cells.map((ref) => tables[ref.table]!.threshold));
      if (unknown.length === 1 || (counts && isSmall(hiddenParts, threshold))) {
        changed = hideOneMore(relation, isUnknown, valueAt, hidden) || changed;
      }
    }
    if (changed) continue;
    // All relations together: no hidden cell may be solved for.
    const equations = relations.map((r) => new Map(r.cells.filter(isUnknown).map((ref) => [refId(ref), ref === r.total ? -1 : 1])));
    const solvable = new Set(determined(equations));
    // A hidden zero that follows (from a total with no parts, say) gives nobody away.
    for (const ref of relations.flatMap((r) => r.cells).filter((ref) => isHidden(ref) && valueAt(ref) !== 0 && solvable.has(refId(ref)))) {
      const relation = relations.find((r) => r.cells.some((c) => refId(c) === refId(ref)) && r.cells.some((c) => !isUnknown(c)));
      if (relation && hideOneMore(relation, isUnknown, valueAt, hidden)) {
        changed = true;
        break;
      }
    }
  }
  return hidden;
}

type RelationInstance = { total: Ref; parts: Ref[]; cells: Ref[] };

/** Every relation within each table, and all sites against each site for every additive cell. */
function relationInstances(input: DisclosureInput, byKey: Map<string, Cell>[]): RelationInstance[] {
  const instances: RelationInstance[] = [];
  const add = (total: Ref, parts: Ref[]) => instances.push({ total, parts, cells: [total, ...parts] });
  input.tables.forEach((table, t) => {
    for (const relation of table.relations) {
      if (!byKey[t]!.has(relation.total)) continue;
      add({ table: t, key: relation.total }, relation.parts.filter((key) => byKey[t]!.has(key)).map((key) => ({ table: t, key })));
    }
  });
  for (const { total, parts } of input.sums) {
    for (const cell of input.tables[total]!.cells) {
      if (!ADDITIVE.has(cell.kind)) continue;
      add(
        { table: total, key: cell.key },
        parts.filter((p) => byKey[p]!.has(cell.key)).map((p) => ({ table: p, key: cell.key })),
      );
    }
  }
  return instances;
}

/**
 * Hide the smallest shown cell of the relation: a part rather than the total, and one that
 * is not zero when there is one (a hidden zero protects nothing once its people are known).
 */
function hideOneMore(
  relation: RelationInstance,
  isUnknown: (ref: Ref) => boolean,
  valueAt: (ref: Ref) => number,
  hidden: Map<string, Suppressed>[],
): boolean {
  const rank = (ref: Ref) => [ref === relation.total ? 1 : 0, valueAt(ref) === 0 ? 1 : 0, valueAt(ref)] as const;
  const candidates = relation.cells
    .filter((ref) => !isUnknown(ref))
    .sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.table - b.table || a.key.localeCompare(b.key);
    });
  const chosen = candidates[0];
  if (!chosen) return false;
  hidden[chosen.table]!.set(chosen.key, "secondary");
  return true;
}

/**
 * Which unknowns follow from a system of linear equations (each equation: unknown → its
 * coefficient; the constants, made of shown cells, do not matter). An unknown is determined
 * when its unit vector lies in the row space: in the reduced row echelon form its pivot row
 * has no other unknown left. An equation with an unknown that appears in no other equation
 * constrains nothing else and is set aside first, which keeps the system small.
 */
export function determined(equations: Map<string, number>[]): string[] {
  let kept = equations.filter((e) => e.size > 0);
  for (let pruned = true; pruned; ) {
    const uses = new Map<string, number>();
    for (const equation of kept) for (const id of equation.keys()) uses.set(id, (uses.get(id) ?? 0) + 1);
    const next = kept.filter((e) => e.size === 1 || ![...e.keys()].some((id) => uses.get(id) === 1));
    pruned = next.length < kept.length;
    kept = next;
  }
  const ids = [...new Set(kept.flatMap((e) => [...e.keys()]))];
  const column = new Map(ids.map((id, i) => [id, i]));
  const matrix = kept.map((equation) => {
    const row = new Array<number>(ids.length).fill(0);
    for (const [id, coefficient] of equation) row[column.get(id)!] = coefficient;
    return row;
  });
  return reducedRowEchelon(matrix, ids.length)
    .filter(({ row, column: pivot }) => matrix[row]!.every((v, c) => c === pivot || Math.abs(v) < EPSILON))
    .map(({ column: pivot }) => ids[pivot]!);
}

const EPSILON = 1e-9;

function reducedRowEchelon(matrix: number[][], width: number): { row: number; column: number }[] {
  const pivots: { row: number; column: number }[] = [];
  let row = 0;
  for (let column = 0; column < width && row < matrix.length; column++) {
    let best = row;
    for (let r = row + 1; r < matrix.length; r++) if (Math.abs(matrix[r]![column]!) > Math.abs(matrix[best]![column]!)) best = r;
    if (Math.abs(matrix[best]![column]!) < EPSILON) continue;
    [matrix[row], matrix[best]] = [matrix[best]!, matrix[row]!];
    const pivot = matrix[row]!;
    const scale = pivot[column]!;
    for (let c = 0; c < width; c++) pivot[c] = pivot[c]! / scale;
    for (let r = 0; r < matrix.length; r++) {
      const other = matrix[r]!;
      const factor = other[column]!;
      if (r === row || Math.abs(factor) < EPSILON) continue;
      for (let c = 0; c < width; c++) other[c] = other[c]! - factor * pivot[c]!;
    }
    pivots.push({ row, column });
    row += 1;
  }
  return pivots;
}
