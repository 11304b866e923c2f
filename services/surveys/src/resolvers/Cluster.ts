import type { ClusterResolvers, QuestionnaireStatus } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/read-response.js';
import { responseId } from '../model/response.js';

/** Surveys' view of a cluster (owned by registry): its id, extended with its questionnaire status. */
export interface ClusterRef {
  id: string;
}

export const Cluster: ClusterResolvers = {
  __resolveReference: (ref) => ({ id: requestedId(ref.id, 'id') }),
  questionnaireStatus: async (cluster, _, ctx): Promise<QuestionnaireStatus> => {
    const current = await ctx.currentQuestionnaire.load('internationalization');
    if (!current) return 'NOT_STARTED';
    const response = await ctx.responseById.load(responseId(current.id, cluster.id));
    if (!response) return 'NOT_STARTED';
    return response.status === 'submitted' ? 'SUBMITTED' : 'IN_PROGRESS';
  },
};
