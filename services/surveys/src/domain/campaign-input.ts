import { expectedVersion, type FieldProblem, isEconomyCode, plainText, validationError } from '@ccp/kit';
import { z } from 'zod';
import type { QuestionnaireRecord } from '../model/questionnaire.js';
import type { SurveysDeps } from './deps.js';

/** An audience's explicit clusters at most (the largest economy's clusters fit several times over). */
export const MAX_AUDIENCE_CLUSTERS = 10_000;

const id = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const dateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
  .transform((s) => new Date(s));
const title = z.object({ en: plainText(200), ru: plainText(200).nullish() });
const economyCode = z
  .string()
  .refine(
    isEconomyCode,
    'is not an APEC economy code (ISO 3166-1 alpha-2, schemas/reference/economies.json)',
  );
const audience = z
  .object({
    economies: z.array(economyCode).max(21, 'at most 21 economies').nullish(),
    clusterIds: z.array(id).max(MAX_AUDIENCE_CLUSTERS, `at most ${MAX_AUDIENCE_CLUSTERS} clusters`).nullish(),
  })
  .transform((a) => ({
    economies: [...new Set(a.economies ?? [])],
    clusterIds: [...new Set(a.clusterIds ?? [])],
  }))
  .refine((a) => a.economies.length + a.clusterIds.length > 0, 'must name at least one economy or cluster');
const reminderDays = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(90, 'at most 90 days');

export const createCampaignInput = z
  .object({
    questionnaireId: id,
    title,
    audience,
    opensAt: dateTime,
    closesAt: dateTime,
    reminderDaysBeforeClose: reminderDays.nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.closesAt.getTime() <= v.opensAt.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'must be after opensAt' });
    }
  });

export const updateCampaignInput = z.object({
  questionnaireId: id.nullish(),
  title: title.nullish(),
  audience: audience.nullish(),
  opensAt: dateTime.nullish(),
  closesAt: dateTime.nullish(),
  reminderDaysBeforeClose: reminderDays.nullish(),
  expectedVersion,
});

/** A published questionnaire version a campaign may ask; follow-ups are asked only by the service itself. */
export async function campaignQuestionnaire(
  deps: SurveysDeps,
  questionnaireId: string,
): Promise<QuestionnaireRecord> {
  const questionnaire = await deps.questionnaires.byId(questionnaireId);
  const problem = (reason: string) => validationError([{ field: 'questionnaireId', reason }]);
  if (!questionnaire) throw problem(`${questionnaireId} is not a known questionnaire`);
  if (!isPublished(questionnaire)) {
    throw problem(`${questionnaireId} is ${questionnaire.status}; only a published version can be asked`);
  }
  if (questionnaire.kind === 'follow-up') {
    throw problem(
      'follow-up questionnaires are asked by the service, one year after each collaboration is agreed',
    );
  }
  return questionnaire;
}

/** Only a published version is asked: a draft may still change, a retired one is kept for its responses. */
export const isPublished = (questionnaire: QuestionnaireRecord) => questionnaire.status === 'published';

/** The economy of each explicit cluster; an unknown or unpublished one is the caller's mistake, named by position. */
export async function audienceClusters(
  deps: SurveysDeps,
  clusterIds: readonly string[],
): Promise<Map<string, string>> {
  if (clusterIds.length === 0) return new Map();
  const facts = await deps.clusterFacts.model
    .find({ _id: { $in: [...clusterIds] } }, { economy: 1, status: 1 })
    .lean<{ _id: string; economy: string; status: string }[]>();
  const byId = new Map(facts.map((f) => [f._id, f]));
  const problems: FieldProblem[] = [];
  clusterIds.forEach((clusterId, i) => {
    const fact = byId.get(clusterId);
    const field = `audience.clusterIds.${i}`;
    if (!fact) problems.push({ field, reason: `${clusterId} is not a known cluster` });
    else if (fact.status !== 'published') problems.push({ field, reason: `${clusterId} is not published` });
  });
  if (problems.length) throw validationError(problems);
  return new Map(facts.map((f) => [f._id, f.economy]));
}

/** The economies an audience touches: those named, and those of the clusters named. */
export const scopeOf = (economies: readonly string[], clusterEconomies: Iterable<string>): string[] =>
  [...new Set([...economies, ...clusterEconomies])].sort();
