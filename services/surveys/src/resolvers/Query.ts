import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import type { QuestionnaireKind } from '../model/questionnaire.js';
import { readResponse } from '../domain/read-response.js';
import { fromEnum } from './enum-values.js';

export const Query: QueryResolvers = {
  questionnaires: (_, { kind }, ctx) =>
    ctx.deps.questionnaires.list(kind ? fromEnum<QuestionnaireKind>(kind) : undefined),
  questionnaire: (_, { id }, ctx) => ctx.questionnaireById.load(id),
  currentQuestionnaire: (_, { kind }, ctx) =>
    ctx.currentQuestionnaire.load(fromEnum<QuestionnaireKind>(kind)),
  questionnaireResponse: (_, { questionnaireId, clusterId }, ctx) =>
    readResponse(ctx.deps, ctx.caller, questionnaireId, clusterId, (id) => ctx.responseById.load(id)),
};
