import type { CloudEvent } from '@ccp/kit';
import { factsOfEvent } from '../events/cluster-facts.js';
import type { ClusterFacts, ClusterFactsCache } from '../model/cluster-facts.js';
import {
  type OpenOffer,
  type PairScore,
  type PartnerProfile,
  quickScore,
  type ScoringContext,
  scorePair,
  scoringContext,
} from './scoring.js';
import { type Taxonomy, taxonomy as platformTaxonomy } from './taxonomy.js';

export interface PartnerSuggestion extends PairScore {
  clusterId: string;
}

export interface SuggestOptions {
  /** Clusters never to suggest (those already connected). */
  exclude?: ReadonlySet<string>;
  offers?: Iterable<OfferFacts>;
  now?: Date;
}

/** A cooperation offer as the offer read model holds it (only these fields are read). */
export interface OfferFacts {
  id: string;
  clusterId: string;
  kind: string;
  status: string;
  title: { en: string };
  sectors: readonly string[];
  targetEconomies: readonly string[];
  deadline: string | null;
}

interface IndexedCluster {
  facts: ClusterFacts;
  sequence: number;
  profile: PartnerProfile;
}

const NOTHING: ReadonlySet<string> = new Set();

const primaryLanguage = (tag: string) => tag.trim().split(/[-_]/)[0]!.toLowerCase();

/** The newer of the last update and the last verification; verification wins a tie. */
function freshnessOf(facts: ClusterFacts): { freshAt: number | null; verified: boolean } {
  const updated = facts.updatedAt?.getTime() ?? null;
  const verified = facts.lastVerifiedAt?.getTime() ?? null;
  if (verified !== null && (updated === null || verified >= updated))
    return { freshAt: verified, verified: true };
  return { freshAt: updated, verified: false };
}

/**
 * Matchmaking's in-memory read model of clusters, per process: every cluster's facts (all statuses, for "is
 * it published, what is its economy") and the profile the score reads, so one cluster's suggestions are a
 * scan of memory, not of the database (FerretDB's SQLite backend scans for anything but a lone `_id`).
 * Loaded from the database at start, fed by the cluster facts projection and by this process's follower of
 * the cluster topic; every change is guarded by the cluster's sequence, so late or repeated events change
 * nothing. Open offers come from the offer read model with each question.
 */
export class PartnerIndex implements ClusterFactsCache {
  private readonly clusters = new Map<string, IndexedCluster>();
  /** Clusters already connected (an accepted match request or a collaboration), both ways. */
  private readonly connections = new Map<string, Set<string>>();

  constructor(readonly taxonomy: Taxonomy = platformTaxonomy()) {}

  get size(): number {
    return this.clusters.size;
  }

  get publishedCount(): number {
    let n = 0;
    for (const c of this.clusters.values()) if (c.facts.status === 'published') n++;
    return n;
  }

  facts(id: string): ClusterFacts | undefined {
    return this.clusters.get(id)?.facts;
  }

  sequenceOf(id: string): number | undefined {
    return this.clusters.get(id)?.sequence;
  }

  /** Newer facts replace what is known; returns whether they did. */
  putFacts(facts: ClusterFacts, sequence: number): boolean {
    const known = this.clusters.get(facts.id);
    if (known && known.sequence >= sequence) return false;
    this.clusters.set(facts.id, { facts, sequence, profile: this.profileOf(facts) });
    return true;
  }

  /** A registry cluster event; false when it carries no facts or is not newer. */
  applyClusterEvent(event: Pick<CloudEvent, 'type' | 'subject' | 'sequence' | 'time' | 'data'>): boolean {
    const facts = factsOfEvent(event);
    return facts ? this.putFacts(facts, event.sequence) : false;
  }

  /** Two clusters are connected from now on (connections are never undone). */
  connect(a: string, b: string): void {
    if (a === b) return;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = this.connections.get(from);
      if (set) set.add(to);
      else this.connections.set(from, new Set([to]));
    }
  }

  connectedTo(clusterId: string): ReadonlySet<string> {
    return this.connections.get(clusterId) ?? NOTHING;
  }

  /** `request.accepted` or `collaboration.agreed`: the two clusters are connected. */
  applyConnectionEvent(event: Pick<CloudEvent, 'type' | 'data'>): boolean {
    const data = event.data as { fromClusterId?: unknown; toClusterId?: unknown; clusterIds?: unknown };
    let pair: unknown[] | null = null;
    if (event.type === 'ccp.matchmaking.request.accepted.v1') pair = [data.fromClusterId, data.toClusterId];
    else if (event.type === 'ccp.matchmaking.collaboration.agreed.v1' && Array.isArray(data.clusterIds))
      pair = data.clusterIds;
    const [a, b] = pair ?? [];
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    this.connect(a, b);
    return true;
  }

  private profileOf(facts: ClusterFacts): PartnerProfile {
    return {
      id: facts.id,
      economy: facts.economy,
      specializations: [...new Set(facts.specializations)].map((s) => this.taxonomy.intern(s)),
      destinations: facts.partnershipDestinations,
      languages: [...new Set(facts.languages.map(primaryLanguage).filter(Boolean))].sort(),
      ...freshnessOf(facts),
      offers: [],
    };
  }

  profile(id: string): PartnerProfile | undefined {
    return this.clusters.get(id)?.profile;
  }

  /** Open offers not past their deadline, by cluster, in id order. */
  private openOffersByCluster(offers: Iterable<OfferFacts>, ctx: ScoringContext): Map<string, OpenOffer[]> {
    const byCluster = new Map<string, OpenOffer[]>();
    for (const o of offers) {
      if (o.status !== 'open' || (o.deadline !== null && o.deadline < ctx.today)) continue;
      const open: OpenOffer = {
        id: o.id,
        kind: o.kind,
        title: o.title.en,
        sectors: [...new Set(o.sectors)].map((code) => this.taxonomy.intern(code)),
        targetEconomies: o.targetEconomies,
        deadline: o.deadline,
      };
      const list = byCluster.get(o.clusterId);
      if (list) list.push(open);
      else byCluster.set(o.clusterId, [open]);
    }
    for (const list of byCluster.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return byCluster;
  }

  /** How `otherId` scores as a partner for `clusterId`, whether or not it would be suggested; null if either is unknown. */
  explain(
    clusterId: string,
    otherId: string,
    { offers = [], now = new Date() }: Omit<SuggestOptions, 'exclude'> = {},
  ): PairScore | null {
    const self = this.clusters.get(clusterId);
    const other = this.clusters.get(otherId);
    if (!self || !other) return null;
    const ctx = scoringContext(now, this.taxonomy);
    const open = this.openOffersByCluster(offers, ctx);
    const withOffers = (p: PartnerProfile) => ({ ...p, offers: open.get(p.id) ?? [] });
    return scorePair(withOffers(self.profile), withOffers(other.profile), ctx);
  }

  /**
   * The best `first` partners for a cluster: published clusters of other economies, not the cluster itself
   * nor one in `exclude`, related by something of substance; score descending, then cluster id. `offers`
   * are the platform's cooperation offers (open ones count).
   */
  suggest(
    clusterId: string,
    first: number,
    { exclude = new Set(), offers = [], now = new Date() }: SuggestOptions = {},
  ): PartnerSuggestion[] {
    const known = this.clusters.get(clusterId);
    if (!known || first <= 0) return [];
    const ctx: ScoringContext = scoringContext(now, this.taxonomy);
    const open = this.openOffersByCluster(offers, ctx);
    const withOffers = (p: PartnerProfile) => {
      const list = open.get(p.id);
      return list ? { ...p, offers: list } : p;
    };
    const self = { facts: known.facts, profile: withOffers(known.profile) };
    // The best so far, kept sorted; `first` is at most a page (≤ 200), so insertion beats sorting them all.
    const top: { id: string; score: number; profile: PartnerProfile }[] = [];
    const better = (score: number, id: string, than: { id: string; score: number }) =>
      score > than.score || (score === than.score && id < than.id);
    for (const candidate of this.clusters.values()) {
      const { facts } = candidate;
      if (facts.status !== 'published' || facts.economy === self.facts.economy || facts.id === clusterId)
        continue;
      if (exclude.has(facts.id)) continue;
      const profile = withOffers(candidate.profile);
      const score = quickScore(self.profile, profile, ctx);
      if (score === null) continue;
      if (top.length === first && !better(score, facts.id, top[top.length - 1]!)) continue;
      let at = top.length;
      while (at > 0 && better(score, facts.id, top[at - 1]!)) at--;
      top.splice(at, 0, { id: facts.id, score, profile });
      if (top.length > first) top.pop();
    }
    return top.map(({ id, profile }) => ({ clusterId: id, ...scorePair(self.profile, profile, ctx) }));
  }
}
