import type {
  ConditionOperator,
  EconomyScope,
  QuestionnaireKind,
  Resolvers,
  TextFormat,
} from '../__generated__/resolvers-types.js';
import {
  createQuestionnaireVersion,
  deleteQuestionnaireDraft,
  publishQuestionnaireVersion,
  retireQuestionnaireVersion,
  updateQuestionnaireVersion,
} from '../domain/questionnaire-versions.js';
import type { QuestionnaireKind as StoredKind } from '../model/questionnaire.js';
import { fromEnum, toEnum } from './enum-values.js';

/** Questionnaire definitions: what issue 7 added to questions, the condition language, and authoring versions. */
export const questionnaireResolvers: Resolvers = {
  Question: {
    format: (q) => (q.format ? toEnum<TextFormat>(q.format) : null),
    economyScope: (q) => (q.economyScope ? toEnum<EconomyScope>(q.economyScope) : null),
  },
  QuestionCondition: {
    op: (c) => toEnum<ConditionOperator>(c.op),
    questionId: (c) => c.questionId ?? null,
    row: (c) => c.row ?? null,
    value: (c) => (c.value == null ? null : JSON.stringify(c.value)),
    conditions: (c) => c.conditions ?? [],
  },
  Mutation: {
    createQuestionnaireVersion: (_, { kind, definition }, ctx) =>
      createQuestionnaireVersion(
        ctx.deps,
        ctx.caller,
        fromEnum<StoredKind>(kind as QuestionnaireKind),
        definition,
      ),
    updateQuestionnaireVersion: (_, { id, definition, expectedRevision }, ctx) =>
      updateQuestionnaireVersion(ctx.deps, ctx.caller, id, definition, expectedRevision),
    publishQuestionnaireVersion: (_, { id }, ctx) => publishQuestionnaireVersion(ctx.deps, ctx.caller, id),
    retireQuestionnaireVersion: (_, { id }, ctx) => retireQuestionnaireVersion(ctx.deps, ctx.caller, id),
    deleteQuestionnaireDraft: (_, { id }, ctx) => deleteQuestionnaireDraft(ctx.deps, ctx.caller, id),
  },
};
