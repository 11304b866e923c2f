import type { QuestionType, Resolvers } from '../__generated__/resolvers-types.js';
import { exportResponses, listSubmittedResponses, type ResponsePage } from '../domain/export-responses.js';
import { crossTab, questionResults, readResults, responseRates } from '../domain/results.js';
import type { ResponseRecord } from '../model/response.js';
import { toEnum } from './enum-values.js';

/** A page of submitted responses: ids from the read model, records loaded for the page only. */
export interface SubmittedResponsePageView extends Omit<ResponsePage, 'ids'> {
  nodes: Promise<ResponseRecord[]>;
}

/** Results for analysts (public, suppressed), individual responses and exports (the rule of responseAccess). */
export const resultsResolvers: Resolvers = {
  Query: {
    questionnaireResults: (_, { questionnaireId, filter }, ctx) =>
      readResults(ctx.deps, questionnaireId, filter),
    campaignResponseRates: (_, { campaignId }, ctx) => responseRates(ctx.deps, campaignId),
    submittedResponses: async (_, { questionnaireId, filter, first, after }, ctx) => {
      const { ids, ...page } = await listSubmittedResponses(ctx.deps, ctx.caller, {
        questionnaireId,
        filter,
        first,
        after,
      });
      const nodes = ctx.responseById
        .loadMany(ids)
        .then((records) => records.filter((r): r is ResponseRecord => r !== null && !(r instanceof Error)));
      return { ...page, nodes };
    },
    responseExport: (_, { questionnaireId, filter, format }, ctx) =>
      exportResponses(ctx.deps, ctx.caller, { questionnaireId, filter, format }),
  },
  QuestionnaireResults: {
    questions: (view, { ids }) => questionResults(view, ids),
    crossTab: (view, { rowQuestionId, columnQuestionId }) => crossTab(view, rowQuestionId, columnQuestionId),
  },
  QuestionResults: {
    type: (result) => toEnum<QuestionType>(result.type),
  },
  SubmittedResponsePage: {
    pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
  },
};
