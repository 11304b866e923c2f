import type { AudienceCount, CampaignAudienceSpec } from '../model/campaign.js';
import type { SurveysDeps } from './deps.js';

export interface ResolvedAudience {
  /** Sorted by economy, then id: the order invitations and reminders are batched in. */
  clusterIds: string[];
  economies: string[];
  /** Per economy, by code: every named economy (0 when it has no published cluster) and those of named clusters. */
  counts: AudienceCount[];
}

interface Fact {
  _id: string;
  economy: string;
}

/**
 * Whom an opening campaign asks: the clusters published now, from the cluster facts registry's events keep here.
 * A scan of the facts (any filter but `{_id}` is one on FerretDB's SQLite backend), once per opening.
 */
export async function resolveAudience(
  deps: SurveysDeps,
  spec: CampaignAudienceSpec,
): Promise<ResolvedAudience> {
  const facts = deps.clusterFacts.model;
  const found = new Map<string, string>();
  if (spec.economies.length) {
    const inEconomies = await facts
      .find({ economy: { $in: spec.economies }, status: 'published' }, { economy: 1 })
      .lean<Fact[]>();
    for (const f of inEconomies) found.set(f._id, f.economy);
  }
  if (spec.clusterIds.length) {
    const named = await facts
      .find({ _id: { $in: spec.clusterIds }, status: 'published' }, { economy: 1 })
      .lean<Fact[]>();
    for (const f of named) found.set(f._id, f.economy);
  }
  const members = [...found].sort(([a, ea], [b, eb]) => ea.localeCompare(eb) || a.localeCompare(b));
  const perEconomy = new Map<string, number>(spec.economies.map((e) => [e, 0]));
  for (const [, economy] of members) perEconomy.set(economy, (perEconomy.get(economy) ?? 0) + 1);
  return {
    clusterIds: members.map(([id]) => id),
    economies: members.map(([, economy]) => economy),
    counts: [...perEconomy]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([economy, clusters]) => ({ economy, clusters })),
  };
}
