import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Cluster } from './Cluster.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Question } from './Question.js';
import { Questionnaire } from './Questionnaire.js';
import { QuestionnaireAnswer } from './QuestionnaireAnswer.js';
import { QuestionnaireResponse } from './QuestionnaireResponse.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Cluster,
  Questionnaire,
  Question,
  QuestionnaireResponse,
  QuestionnaireAnswer,
};
