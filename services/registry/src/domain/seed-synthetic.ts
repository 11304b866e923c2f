import { type CloudEvent, type EventValidator, type OutboxRelay, SYSTEM_ACTOR } from '@ccp/kit';
import type { ClusterDocument, ClusterModel, ClusterRecord } from '../model/cluster.js';
import { toClusterRecord } from '../model/cluster.js';
import { flushOutboxes, insertClusterDocuments, newClusterDocument, SlugAllocator } from './bulk-clusters.js';
import { parseInput } from './input.js';
import { registerClusterInput } from './register-cluster.js';
import { type SyntheticCluster, type SyntheticOptions, syntheticClusters } from './synthetic.js';

/** What writing synthetic clusters needs: the registry's own deps, or the command's (no read model). */
export interface SeedDeps {
  clusters: ClusterModel;
  relay: OutboxRelay;
  validator: EventValidator;
  readModel?: { put(record: ClusterRecord): void };
  /**
   * Publishes events straight to Kafka (the command): documents are then stored with an empty outbox and
   * their events sent after the insert, in order. On FerretDB's SQLite backend clearing outboxes afterwards
   * costs collection scans that make 10,000 clusters take tens of minutes. Synthetic data is for load
   * tests: an interrupted run may leave clusters whose events were not sent; drop the database and run it
   * again. Without it, the outbox relay publishes.
   */
  publishEvents?: (events: CloudEvent[]) => Promise<void>;
}

export interface SeedOptions extends SyntheticOptions {
  /** Published (with both events) unless false: drafts then. */
  publish?: boolean;
  /** Clusters per insertMany. */
  batch?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  generated: number;
  inserted: number;
  skipped: number;
  failed: number;
}

/**
 * Writes the synthetic registry through the bulk path of imports, as origin `seeded` (claimable, no
 * manager), skipping ids already stored so a re-run adds nothing; the events leave once every batch is in
 * (see SeedDeps.publishEvents). A slug taken meanwhile by another writer counts as failed.
 */
export async function seedSyntheticClusters(deps: SeedDeps, opts: SeedOptions = {}): Promise<SeedProgress> {
  const batchSize = Math.max(1, opts.batch ?? 500);
  const stored = await deps.clusters
    .find({}, { _id: 1, slug: 1 })
    .lean<Pick<ClusterDocument, '_id' | 'slug'>[]>();
  const existing = new Set(stored.map((d) => d._id));
  const slugs = SlugAllocator.of(stored.map((d) => d.slug));
  const progress: SeedProgress = { generated: 0, inserted: 0, skipped: 0, failed: 0 };

  const write = async (batch: SyntheticCluster[]) => {
    const docs = batch.map((c) => {
      const input = parseInput(registerClusterInput, c.input);
      return newClusterDocument(
        {
          id: c.id,
          input,
          slug: slugs.forName(input.name.en),
          origin: 'seeded',
          registeredBy: SYSTEM_ACTOR.subject,
          actor: SYSTEM_ACTOR,
          createdAt: new Date(c.createdAt),
          publishedAt: opts.publish === false ? null : new Date(c.publishedAt),
        },
        deps.validator,
      );
    });
    const events = new Map(docs.map((d) => [d._id, d.outbox]));
    if (deps.publishEvents) for (const d of docs) d.outbox = [];
    const outcomes = await insertClusterDocuments(deps.clusters, docs, batchSize);
    const inserted = docs.filter((d) => outcomes.get(d._id) === 'inserted');
    for (const doc of inserted) deps.readModel?.put(toClusterRecord(doc));
    progress.inserted += inserted.length;
    progress.skipped += docs.filter((d) => outcomes.get(d._id) === 'duplicate-id').length;
    progress.failed += docs.filter((d) => outcomes.get(d._id) === 'duplicate-slug').length;
    written.push(...inserted.map((d) => d._id));
    if (deps.publishEvents) unsent.push(...inserted.flatMap((d) => events.get(d._id) ?? []));
  };
  const written: string[] = [];
  const unsent: CloudEvent[] = [];

  let batch: SyntheticCluster[] = [];
  for (const cluster of syntheticClusters(opts)) {
    progress.generated += 1;
    if (existing.has(cluster.id)) {
      progress.skipped += 1;
    } else {
      batch.push(cluster);
    }
    if (batch.length >= batchSize) {
      await write(batch);
      batch = [];
    }
    if (progress.generated % batchSize === 0) opts.onProgress?.({ ...progress });
  }
  if (batch.length) await write(batch);
  // Published once everything is in: each chunk costs two collection scans on FerretDB's SQLite backend,
  // so few large chunks beat one per batch. A crash before this leaves the events to the registry's sweep.
  if (deps.publishEvents) {
    for (let i = 0; i < unsent.length; i += 50) await deps.publishEvents(unsent.slice(i, i + 50));
  } else {
    await flushOutboxes(deps, written, 2500);
  }
  if (progress.generated % batchSize !== 0) opts.onProgress?.({ ...progress });
  return progress;
}
