/**
 * Small-cell suppression of published results (docs/surveys.md, "Results"): no count from 1 to k − 1 is ever
 * shown, nor one that shown figures would let a reader work out. Zero is shown (it counts nobody).
 */

/** A count a reader must not see: someone is in it, but fewer than k. */
export const isSmall = (count: number, k: number) => count > 0 && count < k;

/**
 * Cells that partition a shown total (the options of a single choice plus "no answer", histogram buckets,
 * economies of a campaign): each small cell is withheld, and when exactly one cell of the line would be
 * withheld the smallest other cell is withheld too, since the total minus the shown cells would give it away.
 * Returns which cells to withhold.
 */
export function suppressPartition(counts: readonly number[], k: number): boolean[] {
  const hidden = counts.map((c) => isSmall(c, k));
  protectLine(
    counts,
    hidden,
    counts.map((_, i) => i),
  );
  return hidden;
}

/**
 * One additive line (cells summing to a shown total): with exactly one withheld cell, withholds the smallest
 * other cell, preferring one that counts somebody. True when it changed anything.
 */
function protectLine(counts: readonly number[], hidden: boolean[], line: readonly number[]): boolean {
  const withheld = line.filter((i) => hidden[i]);
  if (withheld.length !== 1) return false;
  let pick = -1;
  for (const i of line) {
    if (hidden[i]) continue;
    const better =
      pick < 0 ||
      (counts[i]! > 0 && counts[pick]! === 0) ||
      (counts[i]! > 0 === counts[pick]! > 0 && counts[i]! < counts[pick]!);
    if (better) pick = i;
  }
  // A line of one cell: its value is the total, which the caller shows only when it is not small.
  if (pick < 0) return false;
  hidden[pick] = true;
  return true;
}

/**
 * Counts that do not partition anything (the options of a multiple choice, each chosen or not by each of
 * `answered` responses): a count is withheld when it, or the number of those who did not choose the option,
 * is small.
 */
export function suppressEach(counts: readonly number[], answered: number, k: number): boolean[] {
  return counts.map((c) => isSmall(c, k) || isSmall(answered - c, k));
}

/**
 * A cross-tabulation (row-major `counts`, `rowsHidden.length` × `columnsHidden.length`) whose row and column
 * totals are shown or withheld as the two questions' own distributions show them, so the table reveals
 * nothing they hide. Cells are withheld when small; then, until nothing changes, every additive line with a
 * shown total and exactly one withheld cell gets a second one. A row is additive only when the columns
 * partition the responses (not a multiple choice, where one response counts in several columns), and vice
 * versa. Returns which cells to withhold.
 */
export function suppressTable(
  counts: readonly number[],
  totalsHidden: { rows: readonly boolean[]; columns: readonly boolean[] },
  additive: { rows: boolean; columns: boolean },
  k: number,
): boolean[] {
  const rows = totalsHidden.rows.length;
  const columns = totalsHidden.columns.length;
  const cells = counts.map((c) => isSmall(c, k));
  const lines: number[][] = [];
  if (additive.columns) {
    for (let r = 0; r < rows; r += 1) {
      if (!totalsHidden.rows[r]) lines.push(Array.from({ length: columns }, (_, c) => r * columns + c));
    }
  }
  if (additive.rows) {
    for (let c = 0; c < columns; c += 1) {
      if (!totalsHidden.columns[c]) lines.push(Array.from({ length: rows }, (_, r) => r * columns + c));
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) if (protectLine(counts, cells, line)) changed = true;
  }
  return cells;
}

/** The shown value of a count: null where it is withheld. */
export const shown = (counts: readonly number[], hidden: readonly boolean[]): (number | null)[] =>
  counts.map((c, i) => (hidden[i] ? null : c));
