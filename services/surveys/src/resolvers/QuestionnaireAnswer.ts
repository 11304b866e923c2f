import type { QuestionnaireAnswerResolvers } from '../__generated__/resolvers-types.js';
import { encodeAnswer } from '../domain/answers.js';

export const QuestionnaireAnswer: QuestionnaireAnswerResolvers = {
  value: (answer) => encodeAnswer(answer),
};
