import type { ClusterResolvers, QuestionnaireStatus } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/read-response.js';

/** Surveys' view of a cluster (owned by registry): its id, extended with its questionnaire status. */
export interface ClusterRef {
  id: string;
}

export const Cluster: ClusterResolvers = {
  __resolveReference: (ref) => ({ id: requestedId(ref.id, 'id') }),
  questionnaireStatus: async (cluster, _, ctx): Promise<QuestionnaireStatus> => {
    const progress = await ctx.internationalizationProgress.load(cluster.id);
    if (!progress) return 'NOT_STARTED';
    return progress === 'submitted' ? 'SUBMITTED' : 'IN_PROGRESS';
  },
};
