import type { ClusterFacts } from '../model/cluster-facts.js';
import type { MatchmakingDeps } from './deps.js';

export interface ScoreCriterion {
  name: string;
  weight: number;
  contribution: number;
}

export interface PartnerSuggestion {
  clusterId: string;
  score: number;
  criteria: ScoreCriterion[];
}

/** Criteria and their weights; the weights sum to 1 so a score stays between 0 and 1. */
export const PARTNER_CRITERIA = {
  sharedSpecializations: 1,
} as const;

export function jaccard(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  const union = new Set([...left, ...right]);
  if (union.size === 0) return 0;
  let shared = 0;
  for (const code of left) if (right.has(code)) shared++;
  return shared / union.size;
}

export function scorePartner(self: ClusterFacts, candidate: ClusterFacts): PartnerSuggestion {
  const weight = PARTNER_CRITERIA.sharedSpecializations;
  const criteria = [
    {
      name: 'sharedSpecializations',
      weight,
      contribution: weight * jaccard(self.specializations, candidate.specializations),
    },
  ];
  return { clusterId: candidate.id, score: criteria.reduce((sum, c) => sum + c.contribution, 0), criteria };
}

/**
 * Published clusters of other economies ranked by what they share with this one; best first, ties by
 * cluster id so the same facts always give the same list. Clusters with nothing in common are left out.
 */
export async function suggestPartners(
  deps: MatchmakingDeps,
  clusterId: string,
  first: number,
): Promise<PartnerSuggestion[]> {
  const self = await deps.clusterFacts.byId(clusterId);
  if (!self || self.specializations.length === 0 || first === 0) return [];
  const candidates = await deps.clusterFacts.publishedSharingSpecializations(
    self.specializations,
    self.economy,
    self.id,
  );
  return candidates
    .map((candidate) => scorePartner(self, candidate))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || (a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : 0))
    .slice(0, first);
}
