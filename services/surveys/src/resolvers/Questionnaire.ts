import type { QuestionnaireKind, QuestionnaireResolvers } from '../__generated__/resolvers-types.js';
import { toEnum } from './enum-values.js';

export const Questionnaire: QuestionnaireResolvers = {
  __resolveReference: (ref, ctx) => ctx.questionnaireById.load(ref.id),
  kind: (questionnaire) => toEnum<QuestionnaireKind>(questionnaire.kind),
};
