import { type CloudEvent, type Logger, TOPICS, TopicFollower, type TopicPosition, topicEnds } from '@ccp/kit';
import type { Kafka } from 'kafkajs';
import { type ClusterDocument, type ClusterModel, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import { factsOfEvent, factsOfRecord, type SearchEntry, searchEntry } from './entry.js';
import {
  type Direction,
  type FacetCounts,
  facetList,
  type Match,
  orderMatches,
  runSearch,
  type SearchQuery,
  type SortKey,
} from './search.js';
import { type Cursor, decodeCursor, encodeCursor } from './filter.js';

export interface MapPoints {
  count: number;
  ids: string[];
  lat: number[];
  lng: number[];
  economyCodes: string[];
  specializations: string[];
  names(locale: string): string[];
}

export interface SearchPage {
  nodes: SearchEntry[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  facets: FacetCounts;
}

const nameIn = (entry: SearchEntry, locale: string) =>
  entry.names[locale] ?? entry.names[locale.split('-')[0] ?? 'en'] ?? entry.names.en ?? '';

/**
 * The registry's in-memory read model: a search entry for every cluster (all statuses) and the full
 * records, so searches, facets, map points and profile reads cost no database round trip. On FerretDB's
 * SQLite backend every query but a lone `{_id}` scans the collection, so this is what keeps reads fast.
 *
 * Kept current by this process's own writes (`put`) and, for changes made elsewhere (other replicas, the
 * import and generator commands), by the registry's cluster events: an event newer than the cached record
 * replaces the search entry at once and makes the record be read again from the database on next use.
 * Every update is guarded by the cluster's version, so events arriving late or twice change nothing.
 */
export class ClusterReadModel {
  private readonly entries = new Map<string, SearchEntry>();
  private readonly records = new Map<string, ClusterRecord>();
  private readonly slugs = new Map<string, string>();
  private readonly ordered = new Map<string, SearchEntry[]>();
  private follower: TopicFollower | undefined;
  private startOffsets: TopicPosition[] = [];
  /** How many records were read from the database after load (stale or unknown); exposed for tests. */
  refetches = 0;

  constructor(
    private readonly clusters: ClusterModel,
    private readonly logger?: Logger,
  ) {}

  get size() {
    return this.entries.size;
  }

  /**
   * Notes where the cluster topic ends, then reads every cluster: events from that point on are applied by
   * `follow`, so nothing written between the two is missed.
   */
  async load(kafka?: Kafka): Promise<void> {
    if (kafka) this.startOffsets = await topicEnds(kafka, [TOPICS.cluster]);
    const docs = await this.clusters.find({}, { outbox: 0 }).lean<ClusterDocument[]>();
    for (const doc of docs) this.put(toClusterRecord(doc));
  }

  /** Follows the cluster topic from where `load` noted it ended, with a group of its own (one per process). */
  async follow(kafka: Kafka, groupId: string): Promise<void> {
    this.follower = new TopicFollower({
      kafka,
      groupId,
      topics: [TOPICS.cluster],
      apply: (event) => this.applyEvent(event),
      logger: this.logger,
      skipped: 'read model: unreadable cluster event skipped',
    });
    await this.follower.start(this.startOffsets);
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = undefined;
  }

  /** A record read or written by this process; ignored when an equal or newer version is known. */
  put(record: ClusterRecord): void {
    const known = this.entries.get(record.id);
    if (known && known.version > record.version) return;
    const cached = this.records.get(record.id);
    if (!cached || cached.version <= record.version) this.records.set(record.id, record);
    if (known?.version === record.version) return;
    this.setEntry(searchEntry(factsOfRecord(record)));
  }

  /** A registry event: newer facts replace the entry, and the cached record is read again when next needed. */
  applyEvent(event: Pick<CloudEvent, 'sequence' | 'time' | 'data' | 'type'>): boolean {
    if (!event.type.startsWith('ccp.registry.cluster.')) return false;
    const facts = factsOfEvent(event);
    if (!facts) return false;
    const known = this.entries.get(facts.id);
    if (known && known.version >= facts.version) return false;
    this.setEntry(searchEntry(facts));
    const cached = this.records.get(facts.id);
    if (cached && cached.version < facts.version) this.records.delete(facts.id);
    return true;
  }

  /** Forgets a record changed outside the versioned path (erasure), so it is read again. */
  invalidate(id: string): void {
    this.records.delete(id);
  }

  private setEntry(entry: SearchEntry): void {
    const before = this.entries.get(entry.id);
    if (before && before.slug !== entry.slug) this.slugs.delete(before.slug);
    this.entries.set(entry.id, entry);
    this.slugs.set(entry.slug, entry.id);
    this.ordered.clear();
  }

  entry(id: string): SearchEntry | undefined {
    return this.entries.get(id);
  }

  /** Full records in the order asked; what is missing or stale comes from the database in one query. */
  async byIds(ids: readonly string[]): Promise<(ClusterRecord | null)[]> {
    const missing = ids.filter((id) => {
      const record = this.records.get(id);
      const entry = this.entries.get(id);
      return !record || (entry !== undefined && record.version < entry.version);
    });
    if (missing.length) {
      this.refetches += missing.length;
      const docs = await this.clusters
        .find({ _id: { $in: [...new Set(missing)] } }, { outbox: 0 })
        .lean<ClusterDocument[]>();
      for (const doc of docs) this.put(toClusterRecord(doc));
    }
    return ids.map((id) => this.records.get(id) ?? null);
  }

  async bySlug(slug: string): Promise<ClusterRecord | null> {
    const id = this.slugs.get(slug);
    if (id) return (await this.byIds([id]))[0] ?? null;
    const doc = await this.clusters.findOne({ slug }, { outbox: 0 }).lean<ClusterDocument>();
    if (!doc) return null;
    this.put(toClusterRecord(doc));
    return this.records.get(doc._id) ?? null;
  }

  /** Every entry by collated name in a locale, cached until something changes. */
  private byName(locale: string): SearchEntry[] {
    let list = this.ordered.get(locale);
    if (!list) {
      let collator: Intl.Collator;
      try {
        collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
      } catch {
        collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
      }
      list = [...this.entries.values()]
        .map((e) => ({ e, k: nameIn(e, locale) }))
        .sort((a, b) => collator.compare(a.k, b.k) || (a.e.id < b.e.id ? -1 : 1))
        .map((x) => x.e);
      if (this.ordered.size > 20) this.ordered.clear();
      this.ordered.set(locale, list);
    }
    return list;
  }

  /** The matches of a query in the requested order, and the facet counts. */
  matches(q: SearchQuery, sort: SortKey, direction: Direction | null, locale = 'en') {
    const effective: SortKey = sort === 'RELEVANCE' && q.terms.length === 0 ? 'NAME' : sort;
    const { matches, facets } = runSearch(this.byName(locale), q);
    return { ordered: orderMatches(matches, effective, direction), facets, sort: effective };
  }

  search(
    q: SearchQuery,
    opts: { sort: SortKey; direction: Direction | null; locale: string; first: number; after?: string | null },
  ): SearchPage {
    const { ordered, facets } = this.matches(q, opts.sort, opts.direction, opts.locale);
    let start = 0;
    if (opts.after) {
      const cursor: Cursor = decodeCursor(opts.after, opts.sort);
      const at = ordered.findIndex((m: Match) => m.entry.id === cursor.id);
      // The cluster left the results meanwhile: go on from the same position.
      start = at >= 0 ? at + 1 : Math.min(cursor.position, ordered.length);
    }
    const page = ordered.slice(start, start + opts.first).map((m) => m.entry);
    const last = page.at(-1);
    return {
      nodes: page,
      totalCount: ordered.length,
      hasNextPage: start + opts.first < ordered.length,
      endCursor: last ? encodeCursor({ id: last.id, sort: opts.sort, position: start + page.length }) : null,
      facets,
    };
  }

  /** Every match with a location, as columns. */
  mapPoints(q: SearchQuery): MapPoints {
    const ids: string[] = [];
    const lat: number[] = [];
    const lng: number[] = [];
    const economyCodes: string[] = [];
    const specializations: string[] = [];
    const entries: SearchEntry[] = [];
    for (const { entry } of runSearch(this.entries.values(), q).matches) {
      if (!entry.location) continue;
      ids.push(entry.id);
      lat.push(Math.round(entry.location.lat * 1e5) / 1e5);
      lng.push(Math.round(entry.location.lng * 1e5) / 1e5);
      economyCodes.push(entry.economyCode);
      specializations.push(entry.specializations[0] ?? '');
      entries.push(entry);
    }
    return {
      count: ids.length,
      ids,
      lat,
      lng,
      economyCodes,
      specializations,
      names: (locale: string) => entries.map((e) => nameIn(e, locale)),
    };
  }
}

export { facetList };
