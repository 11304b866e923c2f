import { isSecretariat } from '@ccp/kit';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { visibleTo } from '../domain/questionnaire-versions.js';
import { readResponse } from '../domain/read-response.js';
import type { QuestionnaireKind } from '../model/questionnaire.js';
import { fromEnum } from './enum-values.js';

export const Query: QueryResolvers = {
  questionnaires: (_, { kind }, ctx) =>
    ctx.deps.questionnaires.list(kind ? fromEnum<QuestionnaireKind>(kind) : undefined, {
      drafts: isSecretariat(ctx.caller),
    }),
  questionnaire: async (_, { id }, ctx) => visibleTo(ctx.caller, await ctx.questionnaireById.load(id)),
  currentQuestionnaire: (_, { kind }, ctx) =>
    ctx.currentQuestionnaire.load(fromEnum<QuestionnaireKind>(kind)),
  questionnaireResponse: (_, key, ctx) =>
    readResponse(ctx.deps, ctx.caller, key, (id) => ctx.responseById.load(id)),
};
