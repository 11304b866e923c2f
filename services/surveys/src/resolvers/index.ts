import { mergeResolvers } from '@ccp/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { campaignResolvers } from './campaigns.js';
import { Cluster } from './Cluster.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Question } from './Question.js';
import { Questionnaire } from './Questionnaire.js';
import { QuestionnaireAnswer } from './QuestionnaireAnswer.js';
import { QuestionnaireResponse } from './QuestionnaireResponse.js';
import { questionnaireResolvers } from './questionnaires.js';
import { resultsResolvers } from './results.js';

/** Each feature module contributes fields to the shared types; one field is resolved by one module only. */
const features: Resolvers[] = [campaignResolvers, resultsResolvers, questionnaireResolvers];

export const resolvers: Resolvers = mergeResolvers<Resolvers>(
  {
    Query,
    Mutation,
    Cluster,
    Questionnaire,
    Question,
    QuestionnaireResponse,
    QuestionnaireAnswer,
  },
  features,
);
