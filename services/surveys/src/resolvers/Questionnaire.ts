import type { QuestionnaireKind, QuestionnaireResolvers } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/read-response.js';
import { toEnum } from './enum-values.js';

export const Questionnaire: QuestionnaireResolvers = {
  __resolveReference: (ref, ctx) => ctx.questionnaireById.load(requestedId(ref.id, 'id')),
  kind: (questionnaire) => toEnum<QuestionnaireKind>(questionnaire.kind),
};
