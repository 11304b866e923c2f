import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import type { QuestionnaireKind } from '../model/questionnaire.js';
import { responseId } from '../model/response.js';
import { fromEnum } from './enum-values.js';

export const Query: QueryResolvers = {
  questionnaires: (_, { kind }, ctx) =>
    ctx.deps.questionnaires.list(kind ? fromEnum<QuestionnaireKind>(kind) : undefined),
  questionnaire: (_, { id }, ctx) => ctx.questionnaireById.load(id),
  currentQuestionnaire: (_, { kind }, ctx) =>
    ctx.currentQuestionnaire.load(fromEnum<QuestionnaireKind>(kind)),
  questionnaireResponse: (_, { questionnaireId, clusterId }, ctx) =>
    ctx.responseById.load(responseId(questionnaireId, clusterId)),
};
