import type {
  QuestionnaireResponseResolvers,
  QuestionnaireResponseStatus,
} from '../__generated__/resolvers-types.js';
import { readAnswers } from '../domain/read-response.js';
import { toEnum } from './enum-values.js';

export const QuestionnaireResponse: QuestionnaireResponseResolvers = {
  questionnaire: async (response, _, ctx) => {
    const questionnaire = await ctx.questionnaireById.load(response.questionnaireId);
    // Questionnaires are never deleted, so a response without one is corrupt data, not a user error.
    if (!questionnaire)
      throw new Error(`questionnaire ${response.questionnaireId} of ${response.id} is missing`);
    return questionnaire;
  },
  cluster: (response) => ({ id: response.clusterId }),
  answers: (response, _, ctx) => readAnswers(ctx.caller, response),
  status: (response) => toEnum<QuestionnaireResponseStatus>(response.status),
  createdAt: (response) => response.createdAt.toISOString(),
  updatedAt: (response) => response.updatedAt.toISOString(),
  submittedAt: (response) => response.submittedAt?.toISOString() ?? null,
};
