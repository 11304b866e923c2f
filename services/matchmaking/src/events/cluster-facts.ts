import {
  applyOnce,
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  insertNew,
  TOPICS,
} from '@ccp/kit';
import type { PartnerIndex } from '../matching/partner-index.js';
import {
  type ClusterFacts,
  type ClusterFactsDocument,
  type ClusterFactsModel,
  factsFields,
  toClusterFacts,
} from '../model/cluster-facts.js';

export const CLUSTER_FACTS_GROUP = 'ccp-matchmaking';

/** Registry events that carry a cluster's full facts (their schemas require them). */
const FACT_EVENTS = new Set([
  'ccp.registry.cluster.registered.v1',
  'ccp.registry.cluster.updated.v1',
  'ccp.registry.cluster.submitted.v1',
  'ccp.registry.cluster.published.v1',
  'ccp.registry.cluster.returned.v1',
  'ccp.registry.cluster.archived.v1',
  'ccp.registry.cluster.claimed.v1',
]);

interface ClusterFactsData {
  clusterId: string;
  economy: string;
  name: Record<string, string>;
  status: string;
  specializations?: string[];
  region?: string | null;
  location?: { lat: number; lng: number } | null;
  profile?: {
    partnershipDestinations?: string[];
    contacts?: { languages?: string[]; visibility?: string }[];
    lastVerifiedAt?: string | null;
  };
}

/** Contacts a signed-in manager can reach: their languages are the ones a partner can talk in. */
const REACHABLE = new Set(['PUBLIC', 'REGISTERED']);

/** The facts a registry cluster event carries (every one carries the current public snapshot), or null. */
export function factsOfEvent(
  event: Pick<CloudEvent, 'type' | 'subject' | 'time' | 'data'>,
): ClusterFacts | null {
  if (!FACT_EVENTS.has(event.type)) return null;
  const data = event.data as unknown as ClusterFactsData;
  if (typeof data?.economy !== 'string' || typeof data.status !== 'string' || !data.name) return null;
  const contacts = data.profile?.contacts ?? [];
  return {
    id: event.subject,
    economy: data.economy,
    names: data.name as ClusterFacts['names'],
    status: data.status,
    specializations: [...new Set(data.specializations ?? [])],
    region: data.region ?? null,
    location: data.location ? { lat: data.location.lat, lng: data.location.lng } : null,
    partnershipDestinations: [...new Set(data.profile?.partnershipDestinations ?? [])],
    languages: [
      ...new Set(contacts.filter((c) => REACHABLE.has(c.visibility ?? '')).flatMap((c) => c.languages ?? [])),
    ],
    updatedAt: event.time ? new Date(event.time) : null,
    lastVerifiedAt: data.profile?.lastVerifiedAt ? new Date(data.profile.lastVerifiedAt) : null,
  };
}

/**
 * Keeps one facts document per cluster from registry events, and the partner index with it. Each document
 * carries its applied marker (`applyOnce`), so redelivered or older events change nothing. On FerretDB's
 * SQLite backend a guarded update scans the collection (~0.4 s at 10,000 clusters) while inserts are cheap,
 * so a batch keeps only each cluster's newest event (every event carries the whole snapshot) and inserts the
 * clusters the database does not hold yet in one `insertMany`; known ones get one guarded update each.
 */
export class ClusterFactsProjection {
  /** The applied sequence the database holds per cluster, as far as this process knows (never more). */
  private readonly stored = new Map<string, number>();

  constructor(
    readonly model: ClusterFactsModel,
    readonly index: PartnerIndex,
  ) {}

  /** Reads every facts document into the index (at start). */
  async load(): Promise<void> {
    const docs = await this.model.find({}).lean<ClusterFactsDocument[]>();
    for (const doc of docs) {
      this.stored.set(doc._id, doc.applied.sequence);
      this.index.putFacts(toClusterFacts(doc), doc.applied.sequence);
    }
  }

  private documentOf(event: CloudEvent, facts: ClusterFacts): ClusterFactsDocument {
    return { _id: facts.id, ...factsFields(facts), applied: { sequence: event.sequence, eventId: event.id } };
  }

  private noteApplied(event: CloudEvent, facts: ClusterFacts): void {
    this.stored.set(facts.id, Math.max(this.stored.get(facts.id) ?? 0, event.sequence));
    this.index.putFacts(facts, event.sequence);
  }

  /** One event (the consumer's handler for single events; tests feed the read model with it). */
  async apply(event: CloudEvent): Promise<HandleResult> {
    const facts = factsOfEvent(event);
    if (!facts) return 'skipped';
    const stored = this.stored.get(facts.id);
    if (stored !== undefined && stored >= event.sequence) return 'skipped';
    const doc = this.documentOf(event, facts);
    // Unknown here almost always means new: an insert costs no scan, a duplicate falls back to the guarded update.
    if (stored === undefined && (await insertNew(this.model, [doc])).size === 0) {
      this.noteApplied(event, facts);
      return 'applied';
    }
    const { _id, ...state } = doc;
    const result = await applyOnce(this.model, _id, event, state);
    if (result === 'applied') this.noteApplied(event, facts);
    return result;
  }

  /** A partition's batch: each cluster's newest event, new clusters inserted together. */
  async applyBatch(events: CloudEvent[]): Promise<void> {
    const newest = new Map<string, { event: CloudEvent; facts: ClusterFacts }>();
    for (const event of events) {
      const facts = factsOfEvent(event);
      if (!facts) continue;
      const known = newest.get(facts.id);
      if (!known || known.event.sequence < event.sequence) newest.set(facts.id, { event, facts });
    }
    const fresh: { event: CloudEvent; facts: ClusterFacts }[] = [];
    const known: CloudEvent[] = [];
    for (const item of newest.values()) {
      const stored = this.stored.get(item.facts.id);
      if (stored === undefined) fresh.push(item);
      else if (stored < item.event.sequence) known.push(item.event);
    }
    if (fresh.length) {
      const duplicates = await insertNew(
        this.model,
        fresh.map(({ event, facts }) => this.documentOf(event, facts)),
      );
      fresh.forEach(({ event, facts }, i) => {
        if (duplicates.has(i)) known.push(event);
        else this.noteApplied(event, facts);
      });
    }
    for (const event of known) await this.apply(event);
  }
}

export interface ClusterFactsConsumerOptions extends ConsumerDeps {
  projection: ClusterFactsProjection;
  groupId?: string;
}

export function clusterFactsConsumer({
  projection,
  groupId,
  ...rest
}: ClusterFactsConsumerOptions): EventConsumer {
  return new EventConsumer({
    ...rest,
    groupId: groupId ?? CLUSTER_FACTS_GROUP,
    topics: [TOPICS.cluster],
    handleBatch: (events) => projection.applyBatch(events),
  });
}
