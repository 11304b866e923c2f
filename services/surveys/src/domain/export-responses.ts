import {
  type Caller,
  forbiddenError,
  isSecretariat,
  requireSignedIn,
  validationError,
  writeCsv,
} from '@ccp/kit';
import type { QuestionnaireRecord } from '../model/questionnaire.js';
import type { Cell, ResponseTable } from '../results/read-model.js';
import type { SurveysDeps } from './deps.js';
import { resultQuestions, selectResponses } from './results.js';

export const MAX_EXPORT_ROWS = 20_000;
export const MAX_RESPONSE_PAGE = 200;

/**
 * Who may read individual responses (DESIGN.md: the secretariat, a cluster's managers, its economy's
 * coordinator): a test of a response's cluster and economy for the caller, checked before anything is read.
 * Anonymous callers are asked to sign in; signed-in callers who manage and coordinate nothing, and API clients,
 * are refused; the others get exactly the responses they may read.
 */
export function responseAccess(
  caller: Caller,
  action: string,
): (clusterId: string, economy: string) => boolean {
  requireSignedIn(caller, action);
  if (isSecretariat(caller)) return () => true;
  const clusters = new Set<string>();
  const economies = new Set<string>();
  for (const g of caller.grants) {
    if (g.role === 'cluster-manager' && g.clusterId) clusters.add(g.clusterId);
    if (g.role === 'economy-coordinator' && g.economy) economies.add(g.economy);
  }
  if (clusters.size === 0 && economies.size === 0) {
    throw forbiddenError(
      `You are not allowed to ${action}: only the secretariat, cluster managers and economy coordinators may`,
    );
  }
  return (clusterId, economy) => clusters.has(clusterId) || economies.has(economy);
}

async function visibleRows(
  deps: SurveysDeps,
  caller: Caller,
  action: string,
  questionnaireId: unknown,
  filter: unknown,
) {
  const may = responseAccess(caller, action);
  const selected = await selectResponses(deps, questionnaireId, filter);
  const { table } = selected;
  const rows = table ? selected.rows.filter((r) => may(table.clusterIds[r]!, table.economies[r]!)) : [];
  return { ...selected, rows };
}

const CURSOR = /^r(\d{1,9})$/;

const encodeCursor = (row: number) => Buffer.from(`r${row}`).toString('base64url');

function decodeCursor(after: string): number {
  const match = CURSOR.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!match) throw validationError([{ field: 'after', reason: 'is not a cursor this list gave' }]);
  return Number(match[1]);
}

export interface ResponsePage {
  ids: string[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * Submitted responses the caller may read, filtered like results, in the order they were submitted. Responses
 * are kept in submission order and never removed, so a cursor (the last row's position) stays valid.
 */
export async function listSubmittedResponses(
  deps: SurveysDeps,
  caller: Caller,
  args: { questionnaireId: unknown; filter?: unknown; first?: number | null; after?: string | null },
): Promise<ResponsePage> {
  const size = args.first ?? 50;
  if (!Number.isInteger(size) || size < 0 || size > MAX_RESPONSE_PAGE) {
    throw validationError([{ field: 'first', reason: `must be between 0 and ${MAX_RESPONSE_PAGE}` }]);
  }
  const from = args.after ? decodeCursor(args.after) : -1;
  const { table, rows } = await visibleRows(
    deps,
    caller,
    'read individual responses',
    args.questionnaireId,
    args.filter,
  );
  const rest = rows.filter((r) => r > from);
  const page = rest.slice(0, size);
  return {
    ids: table ? page.map((r) => table.ids[r]!) : [],
    totalCount: rows.length,
    hasNextPage: rest.length > page.length,
    endCursor: page.length ? encodeCursor(page[page.length - 1]!) : null,
  };
}

/** A column of the export: a question, or one row of a matrix (`<question>.<row>`). */
interface AnswerColumn {
  name: string;
  multiple: boolean;
}

export const META_COLUMNS = [
  'responseId',
  'campaignId',
  'questionnaireId',
  'questionnaireVersion',
  'clusterId',
  'economy',
  'submittedAt',
] as const;

/** The export's answer columns: fixed by the questionnaire version, whatever the responses hold. */
export function answerColumns(questionnaire: QuestionnaireRecord): AnswerColumn[] {
  return resultQuestions(questionnaire).flatMap((q) => {
    if (q.type === 'matrix') return q.rows.map((r) => ({ name: `${q.id}.${r.value}`, multiple: false }));
    return [{ name: q.id, multiple: q.type === 'multiple-choice' || (q.type === 'economy' && q.multiple) }];
  });
}

export interface ResponseExport {
  format: 'CSV' | 'JSON';
  contentType: string;
  filename: string;
  rowCount: number;
  columns: string[];
  content: string;
}

type JsonValue = string | number | boolean | readonly string[] | null;

const jsonCell = (cell: Cell | undefined, column: AnswerColumn): JsonValue =>
  cell === undefined ? null : column.multiple && !Array.isArray(cell) ? [String(cell)] : cell;

const csvCell = (cell: Cell | undefined): string =>
  cell === undefined ? '' : Array.isArray(cell) ? cell.join(';') : String(cell);

function metaOf(table: ResponseTable, r: number): JsonValue[] {
  return [
    table.ids[r]!,
    table.campaignIds[r] ?? null,
    table.questionnaireIds[r]!,
    table.versions[r]!,
    table.clusterIds[r]!,
    table.economies[r]!,
    table.submittedAt[r]!.toISOString(),
  ];
}

/**
 * Individual responses as one file, one row per response: the metadata columns, then one column per question
 * of the asked version (a matrix one per row, `<question>.<row>`; a multiple answer `;`-joined in CSV, an array
 * in JSON), personal questions left out. CSV cells are formula-guarded. Same readers as the responses.
 */
export async function exportResponses(
  deps: SurveysDeps,
  caller: Caller,
  args: { questionnaireId: unknown; filter?: unknown; format?: 'CSV' | 'JSON' | null },
): Promise<ResponseExport> {
  const { questionnaire, table, rows } = await visibleRows(
    deps,
    caller,
    'export individual responses',
    args.questionnaireId,
    args.filter,
  );
  if (rows.length > MAX_EXPORT_ROWS) {
    throw validationError([
      {
        field: 'filter',
        reason: `selects ${rows.length} responses; narrow it to at most ${MAX_EXPORT_ROWS}`,
      },
    ]);
  }
  const answers = answerColumns(questionnaire);
  const columns = [...META_COLUMNS, ...answers.map((c) => c.name)];
  const cells = answers.map((c) => (table ? table.column(c.name) : []));
  const format = args.format ?? 'CSV';
  const stamp = new Date().toISOString().slice(0, 10);
  const base = { format, rowCount: rows.length, columns, filename: `${questionnaire.id}-responses-${stamp}` };
  if (format === 'JSON') {
    const objects = rows.map((r) => {
      const values: JsonValue[] = [...metaOf(table!, r), ...answers.map((c, i) => jsonCell(cells[i]![r], c))];
      return Object.fromEntries(columns.map((name, i) => [name, values[i]]));
    });
    return {
      ...base,
      contentType: 'application/json',
      filename: `${base.filename}.json`,
      content: JSON.stringify(objects),
    };
  }
  const lines = rows.map((r) => [
    ...metaOf(table!, r).map((v) => (v === null ? '' : String(v))),
    ...cells.map((column) => csvCell(column[r])),
  ]);
  return {
    ...base,
    contentType: 'text/csv; charset=utf-8',
    filename: `${base.filename}.csv`,
    content: writeCsv(columns, lines),
  };
}
