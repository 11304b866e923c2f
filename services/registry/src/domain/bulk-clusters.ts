import { type Actor, type EventValidator, insertNew } from '@ccp/kit';
import type { z } from 'zod';
import { clusterPublished, clusterRegistered } from '../events/cluster-events.js';
import type { ClusterDocument, ClusterModel } from '../model/cluster.js';
import { historyEntry } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';
import { compactNames } from './input.js';
import { completenessOf, emptyProfile, PROFILE_SECTIONS, storedSection } from './profile.js';
import type { registerClusterInput } from './register-cluster.js';
import { slugify } from './slug.js';

export type ParsedClusterInput = z.output<typeof registerClusterInput>;

/** A cluster to create in bulk: a parsed registration input plus who brings it, and how. */
export interface NewCluster {
  id: string;
  input: ParsedClusterInput;
  slug: string;
  origin: 'imported' | 'seeded';
  /** The importer (or `system`): recorded, but accounts makes no one manager of an imported or seeded cluster. */
  registeredBy: string;
  actor: Actor;
  createdAt: Date;
  /** Published right away, at this time; draft when absent. */
  publishedAt?: Date | null;
}

/** A slug as registration makes them: lower-case ascii words joined by hyphens. */
export const SLUG_FORMAT = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX = 100;

/**
 * Hands out free slugs for a bulk write from one read of the slugs in store (a `freeSlug` query per row
 * would scan the collection once per row). The unique index still settles a race with a registration.
 */
export class SlugAllocator {
  private readonly nextSuffix = new Map<string, number>();

  private constructor(private readonly taken: Set<string>) {}

  static async load(clusters: ClusterModel): Promise<SlugAllocator> {
    const docs = await clusters.find({}, { slug: 1 }).lean<Pick<ClusterDocument, 'slug'>[]>();
    return SlugAllocator.of(docs.map((d) => d.slug));
  }

  static of(taken: Iterable<string>): SlugAllocator {
    return new SlugAllocator(new Set(taken));
  }

  isTaken(slug: string): boolean {
    return this.taken.has(slug);
  }

  take(slug: string): void {
    this.taken.add(slug);
  }

  /** The name's slug if free, else with the lowest free suffix -2, -3, … (as registration does). */
  forName(name: string): string {
    const base = slugify(name);
    let slug = base;
    if (this.taken.has(slug)) {
      let n = this.nextSuffix.get(base) ?? 2;
      while (this.taken.has(`${base}-${n}`)) n += 1;
      this.nextSuffix.set(base, n + 1);
      slug = `${base}-${n}`;
    }
    this.taken.add(slug);
    return slug;
  }
}

/**
 * The document a bulk-created cluster starts as: a draft at version 1 with its registered event, or, when
 * published, version 2 with the published event after it — the same events, history and completeness as
 * registration and publication one by one. Both events are checked against their schemas here.
 */
export function newClusterDocument(c: NewCluster, validator: EventValidator): ClusterDocument {
  const v = c.input;
  const profile = emptyProfile();
  for (const key of PROFILE_SECTIONS) {
    (profile as unknown as Record<string, unknown>)[key] = storedSection(key, v[key]);
  }
  const draft: ClusterDocument = {
    _id: c.id,
    origin: c.origin,
    slug: c.slug,
    names: compactNames(v.name),
    economyCode: v.economyCode,
    region: v.region ?? null,
    location: v.location ?? null,
    specializations: [...new Set(v.specializations ?? [])],
    ...profile,
    completeness: 0,
    lastVerifiedAt: null,
    archivedAt: null,
    archiveReason: null,
    status: 'draft',
    createdAt: c.createdAt,
    publishedAt: null,
    registeredBy: c.registeredBy,
    lastReturn: null,
    history: [],
    version: 1,
    outbox: [],
  };
  draft.completeness = completenessOf(draft);
  const registered = clusterRegistered(draft, c.actor);
  validator.assertValid(registered);
  if (!c.publishedAt) return { ...draft, history: [historyEntry(registered)], outbox: [registered] };
  const published: ClusterDocument = { ...draft, status: 'published', publishedAt: c.publishedAt, version: 2 };
  const publishedEvent = clusterPublished(published, c.actor);
  validator.assertValid(publishedEvent);
  return {
    ...published,
    history: [historyEntry(registered), historyEntry(publishedEvent)],
    outbox: [registered, publishedEvent],
  };
}

export type InsertOutcome = 'inserted' | 'duplicate-id' | 'duplicate-slug';

/**
 * Inserts documents with unordered insertMany calls of `batchSize`: one round trip per batch, and a
 * duplicate id or slug fails only its own document. Any other failure is thrown.
 */
export async function insertClusterDocuments(
  clusters: ClusterModel,
  docs: readonly ClusterDocument[],
  batchSize = 500,
): Promise<Map<string, InsertOutcome>> {
  const outcomes = new Map<string, InsertOutcome>();
  for (let start = 0; start < docs.length; start += batchSize) {
    const batch = docs.slice(start, start + batchSize);
    const failedAt = await insertNew(clusters, batch);
    for (const [i, doc] of batch.entries()) {
      if (!failedAt.has(i)) outcomes.set(doc._id, 'inserted');
      // FerretDB does not name the violated index: a document already stored under this id means the id.
      else outcomes.set(doc._id, (await clusters.exists({ _id: doc._id })) ? 'duplicate-id' : 'duplicate-slug');
    }
  }
  return outcomes;
}

/**
 * Publishes the outboxes of newly written clusters in chunks (one read, one send, one clearing update per
 * chunk: on FerretDB's SQLite backend a per-cluster flush costs a collection scan each).
 */
export async function flushOutboxes(
  deps: Pick<RegistryDeps, 'relay'>,
  ids: readonly string[],
  chunk = 500,
): Promise<void> {
  await deps.relay.flushMany(ids, chunk);
}
