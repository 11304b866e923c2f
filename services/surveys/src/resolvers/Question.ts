import type { QuestionResolvers, QuestionType } from '../__generated__/resolvers-types.js';
import { toEnum } from './enum-values.js';

export const Question: QuestionResolvers = {
  type: (question) => toEnum<QuestionType>(question.type),
};
