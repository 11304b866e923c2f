import {
  isEconomyCode,
  isSpecializationCode,
  MEMBER_TYPES,
  parseInput,
  requestedId,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { type QuestionnaireRecord, type QuestionRecord, questionsById } from '../model/questionnaire.js';
import { ResponseTable, type ResultsSelection } from '../results/read-model.js';
import { isSmall, suppressPartition } from '../results/suppression.js';
import { type CrossTabResult, type Measure, type QuestionResult, Tabulation } from '../results/tabulate.js';
import type { SurveysDeps } from './deps.js';
import { knownQuestionnaire } from './lookups.js';

const id = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const resultsFilterInput = z
  .object({
    campaignIds: z.array(id).max(25, 'at most 25 campaigns').nullish(),
    economies: z
      .array(z.string().refine(isEconomyCode, 'is not the code of an APEC economy'))
      .max(21, 'at most 21 economies')
      .nullish(),
    specializations: z
      .array(z.string().refine(isSpecializationCode, 'is not a code of the specialization taxonomy'))
      .max(25, 'at most 25 specializations')
      .nullish(),
    memberTypes: z.array(z.enum(MEMBER_TYPES)).max(MEMBER_TYPES.length).nullish(),
    allVersions: z.boolean().nullish(),
  })
  .nullish();

export type ResultsFilterInput = z.input<typeof resultsFilterInput>;

const CRITERIA = ['campaignIds', 'economies', 'specializations', 'memberTypes'] as const;

/** A questionnaire's filtered results, computed on demand from the read model. */
export interface ResultsView {
  questionnaire: QuestionnaireRecord;
  minCell: number;
  /** Null when withheld. */
  responseCount: number | null;
  suppressed: boolean;
  tabulation: Tabulation | null;
}

/**
 * The questionnaire versions a selection covers: the one asked for, or with `allVersions` every version of its
 * kind that has responses (the table holds all of them).
 */
function versionsOf(
  table: ResponseTable | undefined,
  questionnaire: QuestionnaireRecord,
  all: boolean,
): Set<string> {
  return new Set([questionnaire.id, ...(all && table ? table.questionnaireIds : [])]);
}

/** A questionnaire version; published ones are kept in memory (they never change). */
async function questionnaireOf(deps: SurveysDeps, id: string): Promise<QuestionnaireRecord> {
  const cached = deps.results.questionnaires.get(id);
  if (cached) return cached;
  const questionnaire = await knownQuestionnaire(deps, id);
  if (questionnaire.status !== 'draft') deps.results.questionnaires.set(id, questionnaire);
  return questionnaire;
}

/**
 * The selections one step from the asked one: each criterion dropped (wider), each value of a criterion with
 * several dropped (narrower), the other versions left out. Comparing a selection with them is how a reader
 * would single out a handful of responses, so the difference with each must not be small either.
 */
function neighbours(selection: ResultsSelection, askedId: string): ResultsSelection[] {
  const wider: ResultsSelection[] = [];
  for (const key of CRITERIA) {
    const values = selection[key];
    if (!values?.length) continue;
    wider.push({ ...selection, [key]: undefined });
    if (values.length > 1) {
      for (const v of values) wider.push({ ...selection, [key]: values.filter((x) => x !== v) });
    }
  }
  if (selection.questionnaireIds.size > 1) wider.push({ ...selection, questionnaireIds: new Set([askedId]) });
  return wider;
}

/** The submitted responses a filter selects, before anything is withheld. */
export interface Selected {
  questionnaire: QuestionnaireRecord;
  selection: ResultsSelection;
  table: ResponseTable | null;
  rows: number[];
}

export async function selectResponses(
  deps: SurveysDeps,
  questionnaireId: unknown,
  filter: unknown,
): Promise<Selected> {
  const q = requestedId(questionnaireId, 'questionnaireId');
  const f = parseInput(resultsFilterInput, filter, 'filter') ?? {};
  const questionnaire = await questionnaireOf(deps, q);
  const table = deps.results.model.table(questionnaire.kind);
  const selection: ResultsSelection = {
    questionnaireIds: versionsOf(table, questionnaire, f.allVersions ?? false),
    campaignIds: f.campaignIds ?? undefined,
    economies: f.economies ?? undefined,
    specializations: f.specializations ?? undefined,
    memberTypes: f.memberTypes ?? undefined,
  };
  return {
    questionnaire,
    selection,
    table: table ?? null,
    rows: table ? deps.results.model.select(table, selection) : [],
  };
}

/** Results are public: open data, protected by small-cell suppression (docs/surveys.md, "Results"). */
export async function readResults(
  deps: SurveysDeps,
  questionnaireId: unknown,
  filter: unknown,
): Promise<ResultsView> {
  const { questionnaire, selection, table, rows } = await selectResponses(deps, questionnaireId, filter);
  const { model, minCell: k } = deps.results;
  if (!table) return { questionnaire, minCell: k, responseCount: 0, suppressed: false, tabulation: null };
  const differsByFew = (other: ResultsSelection) =>
    isSmall(Math.abs(model.select(table, other).length - rows.length), k);
  const withheld = isSmall(rows.length, k) || neighbours(selection, questionnaire.id).some(differsByFew);
  return {
    questionnaire,
    minCell: k,
    responseCount: withheld ? null : rows.length,
    suppressed: withheld,
    tabulation: new Tabulation(questionnaire.id, table, rows, k, withheld),
  };
}

/** The questions results are given for: every question but the personal ones (kept apart, never tabulated). */
export const resultQuestions = (questionnaire: QuestionnaireRecord): QuestionRecord[] =>
  [...questionsById(questionnaire).values()].filter((q) => !q.personal);

/** A question id, or `<question>.<row>` for a row of a matrix, as a measure of the questionnaire. */
function measureOf(questionnaire: QuestionnaireRecord, key: string, field: string): Measure {
  const questions = new Map(resultQuestions(questionnaire).map((q) => [q.id, q] as const));
  const whole = questions.get(key);
  if (whole && whole.type !== 'matrix' && whole.type !== 'text') return { key, question: whole, row: null };
  const dot = key.lastIndexOf('.');
  const matrix = dot > 0 ? questions.get(key.slice(0, dot)) : undefined;
  const row = key.slice(dot + 1);
  if (matrix?.type === 'matrix' && matrix.rows.some((r) => r.value === row))
    return { key, question: matrix, row };
  const reason = whole
    ? whole.type === 'text'
      ? 'is a text question: text answers are not tabulated'
      : 'is a matrix: name one of its rows as <question>.<row>'
    : `is not a question of ${questionnaire.id} that results cover`;
  throw validationError([{ field, reason }]);
}

/** Distributions of the asked questions (all but personal ones without `questionIds`), in the questionnaire's order. */
export function questionResults(view: ResultsView, questionIds?: readonly string[] | null): QuestionResult[] {
  const all = resultQuestions(view.questionnaire);
  let questions = all;
  if (questionIds) {
    if (questionIds.length > 200) throw validationError([{ field: 'ids', reason: 'at most 200 questions' }]);
    const known = new Set(all.map((q) => q.id));
    const unknown = questionIds.filter((qid) => !known.has(qid));
    if (unknown.length) {
      throw validationError([
        {
          field: 'ids',
          reason: `${unknown.join(', ')}: not questions of ${view.questionnaire.id} that results cover`,
        },
      ]);
    }
    const asked = new Set(questionIds);
    questions = all.filter((q) => asked.has(q.id));
  }
  const tabulation = view.tabulation ?? emptyTabulation(view);
  return questions.map((q) => tabulation.question(q));
}

export function crossTab(
  view: ResultsView,
  rowQuestionId: unknown,
  columnQuestionId: unknown,
): CrossTabResult {
  const rowKey = requestedId(rowQuestionId, 'rowQuestionId');
  const columnKey = requestedId(columnQuestionId, 'columnQuestionId');
  const rows = measureOf(view.questionnaire, rowKey, 'rowQuestionId');
  const columns = measureOf(view.questionnaire, columnKey, 'columnQuestionId');
  if (rowKey === columnKey) {
    throw validationError([{ field: 'columnQuestionId', reason: 'must differ from rowQuestionId' }]);
  }
  return (view.tabulation ?? emptyTabulation(view)).crossTab(rows, columns);
}

function emptyTabulation(view: ResultsView): Tabulation {
  return new Tabulation(view.questionnaire.id, new ResponseTable(), [], view.minCell, false);
}

export interface EconomyResponseRateView {
  economy: string;
  audience: number;
  responded: number | null;
  rate: number | null;
  suppressed: boolean;
}

export interface CampaignResponseRatesView {
  campaignId: string;
  questionnaireId: string;
  minCell: number;
  audience: number;
  responded: number | null;
  rate: number | null;
  suppressed: boolean;
  economies: EconomyResponseRateView[];
}

const rateOf = (responded: number | null, audience: number) =>
  responded === null || audience === 0 ? null : Math.round((responded / audience) * 1e4) / 1e4;

/**
 * A campaign's response rate, in all and per economy: distinct clusters that submitted against the clusters it
 * asked (counted when it opened). Clusters count in the economy they had when asked. The economies' responding
 * counts partition the total, so they are withheld like a distribution's cells. Null for an unknown campaign.
 */
export async function responseRates(
  deps: SurveysDeps,
  campaignId: unknown,
): Promise<CampaignResponseRatesView | null> {
  const cid = requestedId(campaignId, 'campaignId');
  const { model, minCell: k } = deps.results;
  const { repository: campaigns, members } = deps.campaigns;
  const campaign = deps.results.campaigns.get(cid) ?? (await campaigns.byId(cid));
  if (!campaign) return null;
  if (campaign.audienceCounts) deps.results.campaigns.set(cid, campaign);
  const audience = new Map((campaign.audienceCounts ?? []).map((a) => [a.economy, a.clusters] as const));
  const asked = campaign.audienceId ? await members.of(campaign.audienceId) : null;
  const economyAsked = new Map(asked?.clusterIds.map((c, i) => [c, asked.economies[i]!] as const) ?? []);
  const respondents = new Map<string, string>();
  const table = model.table(campaign.questionnaireKind);
  for (let r = 0; table && r < table.size; r += 1) {
    if (table.campaignIds[r] !== cid) continue;
    const cluster = table.clusterIds[r]!;
    respondents.set(cluster, economyAsked.get(cluster) ?? table.economies[r]!);
  }
  const byEconomy = new Map<string, number>();
  for (const economy of respondents.values()) byEconomy.set(economy, (byEconomy.get(economy) ?? 0) + 1);
  const codes = [...new Set([...audience.keys(), ...byEconomy.keys()])].sort();
  const responded = codes.map((e) => byEconomy.get(e) ?? 0);
  const total = respondents.size;
  const totalHidden = isSmall(total, k);
  const hidden = totalHidden ? responded.map(() => true) : suppressPartition(responded, k);
  const audienceTotal = [...audience.values()].reduce((a, b) => a + b, 0);
  return {
    campaignId: cid,
    questionnaireId: campaign.questionnaireId,
    minCell: k,
    audience: audienceTotal,
    responded: totalHidden ? null : total,
    rate: rateOf(totalHidden ? null : total, audienceTotal),
    suppressed: totalHidden,
    economies: codes.map((economy, i) => {
      const count = hidden[i] ? null : responded[i]!;
      return {
        economy,
        audience: audience.get(economy) ?? 0,
        responded: count,
        rate: rateOf(count, audience.get(economy) ?? 0),
        suppressed: hidden[i]!,
      };
    }),
  };
}
