import { referenceEconomies } from '@ccp/kit';
import type { QuestionRecord, QuestionType } from '../model/questionnaire.js';
import type { Cell, ResponseTable } from './read-model.js';
import { isSmall, shown, suppressEach, suppressPartition, suppressTable } from './suppression.js';

/** The category of answers outside the definition's values that too few responses share to be named. */
export const OTHER = '(other)';
/** The category of responses that left the question unanswered (in cross-tabulations). */
export const NO_ANSWER = '(no answer)';

/** What one column of answers is: a question, or one row of a matrix (`<question>.<row>`). */
export interface Measure {
  key: string;
  question: QuestionRecord;
  /** The matrix row, for a row of a matrix. */
  row: string | null;
}

/**
 * A question's answers as categories: for each response of the selection, which categories it falls in (none:
 * unanswered). `totals` and `hidden` have one entry per category and a last one for "no answer".
 */
export interface Dimension {
  measure: Measure;
  categories: string[];
  /** Each response in exactly one category (or none): the categories partition the responses. */
  additive: boolean;
  totals: number[];
  hidden: boolean[];
  answered: number;
  /** Per selected response, its category (−1: unanswered), when the categories partition the responses. */
  single: Int32Array | null;
  /** Otherwise per selected response its categories (empty: unanswered). */
  multi: number[][] | null;
}

export interface NumberSummary {
  count: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
  bucketFrom: (number | null)[];
  bucketTo: (number | null)[];
}

/** One question's distribution as published: counts withheld by the suppression rule are null. */
export interface QuestionResult {
  questionId: string;
  type: QuestionType;
  suppressed: boolean;
  answered: number | null;
  unanswered: number | null;
  values: string[];
  /** For a matrix, the row each value belongs to; null otherwise. */
  rows: (string | null)[];
  counts: (number | null)[];
  number: NumberSummary | null;
}

export interface CrossTabResult {
  rowQuestionId: string;
  columnQuestionId: string;
  suppressed: boolean;
  responseCount: number | null;
  rowValues: string[];
  columnValues: string[];
  /** Row-major: the count of row value r and column value c is `counts[r * columnValues.length + c]`. */
  counts: (number | null)[];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
}

const isNumeric = (q: QuestionRecord) => q.type === 'number' || q.type === 'scale';

/** Inserts `v` into `list` (ordered by `order`), keeping at most `max` entries. */
function insertSorted(list: number[], v: number, max: number, order: (a: number, b: number) => number): void {
  let i = list.length;
  while (i > 0 && order(list[i - 1]!, v) > 0) i -= 1;
  list.splice(i, 0, v);
  if (list.length > max) list.pop();
}

/** Bucket bounds of a number question: its points when few, else ten equal buckets or open-ended nice ones. */
interface Buckets {
  from: (number | null)[];
  to: (number | null)[];
  labels: string[];
  index(value: number): number;
}

const MAX_POINTS = 11;

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const m = raw / magnitude;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * magnitude;
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;

/**
 * Without both bounds in the definition the range comes from all responses to the kind, trimmed to the k-th
 * smallest and largest answers (so no single answer sets a bound), with open-ended first and last buckets.
 */
function bucketsOf(q: QuestionRecord, all: () => Float64Array, k: number): Buckets {
  const whole = q.integer || q.type === 'scale';
  if (q.min != null && q.max != null && whole && q.max - q.min < MAX_POINTS) {
    const points = Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min! + i);
    return {
      from: points,
      to: points,
      labels: points.map(String),
      index: (v) => Math.min(points.length - 1, Math.max(0, Math.round(v) - q.min!)),
    };
  }
  if (q.min != null && q.max != null && q.max > q.min) {
    const width = (q.max - q.min) / 10;
    const from = Array.from({ length: 10 }, (_, i) => round(q.min! + i * width));
    const to = from.map((f, i) => (i === 9 ? q.max! : round(f + width)));
    return {
      from,
      to,
      labels: from.map((f, i) => (i === 9 ? `[${f}, ${to[i]}]` : `[${f}, ${to[i]})`)),
      index: (v) => Math.min(9, Math.max(0, Math.floor((v - q.min!) / width))),
    };
  }
  const sorted = all();
  if (sorted.length < k || sorted.length === 0) {
    return { from: [null], to: [null], labels: ['(all)'], index: () => 0 };
  }
  const lo = sorted[k - 1]!;
  const hi = sorted[sorted.length - k]!;
  const step = hi > lo ? niceStep((hi - lo) / 8) : Math.max(1, niceStep(Math.abs(lo) || 1));
  const start = Math.floor(lo / step) * step;
  const count = Math.max(1, Math.floor((hi - start) / step) + 1);
  const from = Array.from({ length: count }, (_, i) => (i === 0 ? null : round(start + i * step)));
  const to = Array.from({ length: count }, (_, i) =>
    i === count - 1 ? null : round(start + (i + 1) * step),
  );
  return {
    from,
    to,
    labels: from.map((f, i) =>
      f === null ? (to[i] === null ? '(all)' : `< ${to[i]}`) : to[i] === null ? `≥ ${f}` : `[${f}, ${to[i]})`,
    ),
    index: (v) => Math.min(count - 1, Math.max(0, Math.floor((v - start) / step))),
  };
}

/** The values a question's answers are counted by, from its definition. */
function definedValues(measure: Measure): string[] {
  const q = measure.question;
  if (measure.row !== null || q.type === 'single-choice' || q.type === 'multiple-choice') {
    return q.options.map((o) => o.value);
  }
  if (q.type === 'yes-no') return ['true', 'false'];
  if (q.type === 'economy') return q.economyScope === 'any' ? [] : referenceEconomies().map((e) => e.code);
  return [];
}

const cellValues = (cell: Cell | undefined): string[] =>
  cell === undefined ? [] : Array.isArray(cell) ? (cell as string[]) : [String(cell)];

/**
 * Tabulates the selected responses of one table. Categories are fixed by the definition (and, for answers
 * outside it — an economy pick of any country, an option of another version — by how many responses of the
 * whole table share them), never by the selection, so the list of categories reveals nothing about it.
 */
/** A column of the whole table as category codes: one per response (−1: unanswered), or several. */
interface CodedColumn {
  categories: string[];
  single: Int32Array | null;
  multi: number[][] | null;
}

export class Tabulation {
  constructor(
    /** The version whose definition names the categories (answers to other versions are coded by it too). */
    readonly questionnaireId: string,
    readonly table: ResponseTable,
    readonly rows: readonly number[],
    readonly k: number,
    /** The whole selection is withheld (too few responses, or a neighbouring selection differs by too few). */
    readonly withheld: boolean,
  ) {}

  /** How many responses of the whole table gave each value of a column. */
  private valueCounts(key: string): Map<string, number> {
    return this.table.memo(`values:${key}`, () => {
      const counts = new Map<string, number>();
      for (const cell of this.table.column(key)) {
        for (const v of cellValues(cell)) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      return counts;
    });
  }

  private allNumbers(key: string): Float64Array {
    return this.table.memo(`numbers:${key}`, () => {
      const values: number[] = [];
      for (const cell of this.table.column(key)) if (typeof cell === 'number') values.push(cell);
      return Float64Array.from(values).sort();
    });
  }

  buckets(measure: Measure): Buckets {
    return bucketsOf(measure.question, () => this.allNumbers(measure.key), this.k);
  }

  /**
   * Every response of the table coded by the categories of a measure (as the asked version defines it): computed
   * once per change of the table, so a query only gathers the codes of the responses it selects.
   */
  private coded(measure: Measure): CodedColumn {
    const { key, question } = measure;
    return this.table.memo(`coded:${this.questionnaireId}:${key}`, () => {
      const column = this.table.column(key);
      const size = this.table.size;
      if (measure.row === null && isNumeric(question)) {
        const b = this.buckets(measure);
        const single = new Int32Array(size);
        for (let r = 0; r < size; r += 1) {
          const cell = column[r];
          single[r] = typeof cell === 'number' ? b.index(cell) : -1;
        }
        return { categories: b.labels, single, multi: null };
      }
      const defined = definedValues(measure);
      const index = new Map(defined.map((v, i) => [v, i] as const));
      // Values outside the definition are named when at least k responses of the whole table gave them.
      const seen = this.valueCounts(key);
      const extra = [...seen]
        .filter(([v, c]) => !index.has(v) && c >= this.k)
        .map(([v]) => v)
        .sort();
      for (const v of extra) index.set(v, index.size);
      const hasRare = [...seen.keys()].some((v) => !index.has(v));
      const categories = [...defined, ...extra, ...(hasRare ? [OTHER] : [])];
      const other = categories.length - 1;
      const at = (v: Cell) => index.get(String(v)) ?? other;
      if (question.type === 'multiple-choice' || (question.type === 'economy' && question.multiple)) {
        // Answers never repeat an option (answers.ts refuses it), so each counts once.
        const multi = Array.from({ length: size }, (_, r) =>
          column[r] === undefined ? [] : cellValues(column[r]).map(at),
        );
        return { categories, single: null, multi };
      }
      const single = new Int32Array(size);
      for (let r = 0; r < size; r += 1) single[r] = column[r] === undefined ? -1 : at(column[r]!);
      return { categories, single, multi: null };
    });
  }

  dimension(measure: Measure): Dimension {
    const coded = this.coded(measure);
    const { categories } = coded;
    const n = this.rows.length;
    const noAnswer = categories.length;
    const totals = new Array<number>(noAnswer + 1).fill(0);
    let single: Int32Array | null = null;
    let multi: number[][] | null = null;
    if (coded.single) {
      single = new Int32Array(n);
      for (let i = 0; i < n; i += 1) {
        const c = coded.single[this.rows[i]!]!;
        single[i] = c;
        totals[c < 0 ? noAnswer : c]! += 1;
      }
    } else {
      multi = new Array(n);
      for (let i = 0; i < n; i += 1) {
        const cats = coded.multi![this.rows[i]!]!;
        multi[i] = cats;
        if (cats.length === 0) totals[noAnswer]! += 1;
        else for (const c of cats) totals[c]! += 1;
      }
    }
    const answered = n - totals[noAnswer]!;
    let hidden: boolean[];
    if (this.withheld) hidden = totals.map(() => true);
    else if (single) hidden = suppressPartition(totals, this.k);
    else {
      const [, unansweredHidden] = suppressPartition([answered, totals[noAnswer]!], this.k);
      hidden = [...suppressEach(totals.slice(0, noAnswer), answered, this.k), unansweredHidden!];
    }
    return { measure, categories, additive: single !== null, totals, hidden, answered, single, multi };
  }

  /** A text question: only how many answered it. */
  private answeredOnly(measure: Measure, answered: number): QuestionResult {
    const unanswered = this.rows.length - answered;
    const [, hide] = this.withheld ? [true, true] : suppressPartition([answered, unanswered], this.k);
    return {
      questionId: measure.key,
      type: measure.question.type,
      suppressed: this.withheld || isSmall(answered, this.k),
      answered: hide ? null : answered,
      unanswered: hide ? null : unanswered,
      values: [],
      rows: [],
      counts: [],
      number: null,
    };
  }

  question(question: QuestionRecord): QuestionResult {
    const measure: Measure = { key: question.id, question, row: null };
    if (question.type === 'text') {
      const column = this.table.column(question.id);
      return this.answeredOnly(measure, this.rows.filter((r) => column[r] !== undefined).length);
    }
    if (question.type === 'matrix') return this.matrix(question);
    const d = this.dimension(measure);
    const noAnswer = d.categories.length;
    const hideAnswered = d.hidden[noAnswer]!;
    return {
      questionId: question.id,
      type: question.type,
      suppressed: this.withheld || isSmall(d.answered, this.k),
      answered: hideAnswered ? null : d.answered,
      unanswered: hideAnswered ? null : d.totals[noAnswer]!,
      values: d.categories,
      rows: d.categories.map(() => null),
      counts: shown(d.totals.slice(0, noAnswer), d.hidden),
      number: isNumeric(question) ? this.numberSummary(measure, d) : null,
    };
  }

  /** Every row of a matrix is its own distribution; "no answer" to a row is a withheld-or-not cell of it. */
  private matrix(question: QuestionRecord): QuestionResult {
    const values: string[] = [];
    const rows: (string | null)[] = [];
    const counts: (number | null)[] = [];
    const anyRow = new Uint8Array(this.rows.length);
    for (const row of question.rows) {
      const d = this.dimension({ key: `${question.id}.${row.value}`, question, row: row.value });
      d.single?.forEach((c, i) => {
        if (c >= 0) anyRow[i] = 1;
      });
      values.push(...d.categories);
      rows.push(...d.categories.map(() => row.value));
      counts.push(...shown(d.totals.slice(0, d.categories.length), d.hidden));
    }
    const answered = anyRow.reduce((sum, x) => sum + x, 0);
    const [, hide] = this.withheld
      ? [true, true]
      : suppressPartition([answered, this.rows.length - answered], this.k);
    return {
      questionId: question.id,
      type: question.type,
      suppressed: this.withheld || isSmall(answered, this.k),
      answered: hide ? null : answered,
      unanswered: hide ? null : this.rows.length - answered,
      values,
      rows,
      counts,
      number: null,
    };
  }

  /**
   * Count and mean of the answers, and the k-th smallest and largest answer as `min` and `max`: the true
   * extremes would each be one response's answer.
   */
  private numberSummary(measure: Measure, d: Dimension): NumberSummary {
    const b = this.buckets(measure);
    const summary: NumberSummary = {
      count: null,
      mean: null,
      min: null,
      max: null,
      bucketFrom: b.from,
      bucketTo: b.to,
    };
    if (this.withheld || d.answered < this.k) return summary;
    const column = this.table.column(measure.key);
    // The k smallest and k largest answers, kept sorted as they come (k is small): no sort of the selection.
    const low: number[] = [];
    const high: number[] = [];
    let sum = 0;
    let count = 0;
    for (const r of this.rows) {
      const v = column[r];
      if (typeof v !== 'number') continue;
      sum += v;
      count += 1;
      if (low.length < this.k || v < low[low.length - 1]!) insertSorted(low, v, this.k, (a, b) => a - b);
      if (high.length < this.k || v > high[high.length - 1]!) insertSorted(high, v, this.k, (a, b) => b - a);
    }
    return {
      ...summary,
      count: d.hidden[d.categories.length] ? null : count,
      mean: round(sum / count),
      min: low[this.k - 1]!,
      max: high[this.k - 1]!,
    };
  }

  crossTab(rowMeasure: Measure, columnMeasure: Measure): CrossTabResult {
    const a = this.dimension(rowMeasure);
    const b = this.dimension(columnMeasure);
    const rowCount = a.categories.length + 1;
    const columnCount = b.categories.length + 1;
    const counts = new Array<number>(rowCount * columnCount).fill(0);
    const categoriesOf = (d: Dimension, i: number): readonly number[] => {
      const none = d.categories.length;
      if (d.single) return [d.single[i]! < 0 ? none : d.single[i]!];
      const cats = d.multi![i]!;
      return cats.length ? cats : [none];
    };
    for (let i = 0; i < this.rows.length; i += 1) {
      for (const r of categoriesOf(a, i))
        for (const c of categoriesOf(b, i)) counts[r * columnCount + c]! += 1;
    }
    const hidden = this.withheld
      ? counts.map(() => true)
      : suppressTable(
          counts,
          { rows: a.hidden, columns: b.hidden },
          { rows: a.additive, columns: b.additive },
          this.k,
        );
    return {
      rowQuestionId: rowMeasure.key,
      columnQuestionId: columnMeasure.key,
      suppressed: this.withheld,
      responseCount: this.withheld ? null : this.rows.length,
      rowValues: [...a.categories, NO_ANSWER],
      columnValues: [...b.categories, NO_ANSWER],
      counts: shown(counts, hidden),
      rowTotals: shown(a.totals, a.hidden),
      columnTotals: shown(b.totals, b.hidden),
    };
  }
}
