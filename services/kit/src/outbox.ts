import type { Producer } from 'kafkajs';
import type { Model } from 'mongoose';
import type { CloudEvent } from './events.js';
import { publishEvents } from './kafka.js';
import type { Logger } from './logger.js';
import { outboxPublished } from './metrics.js';

/**
 * Fields an aggregate document carries for the embedded outbox: the change and its events are written
 * in one single-document update, so no event is lost or invented when a write or a publish fails.
 */
export const outboxSchemaFields = {
  version: { type: Number, required: true, default: 0 },
  outbox: { type: [Object], default: () => [] },
};

export interface OutboxDocument {
  _id: string;
  version: number;
  outbox: CloudEvent[];
}

export interface OutboxRelayOptions {
  model: Model<any>;
  producer: Producer;
  logger: Logger;
  sweepIntervalMs?: number;
  /** How often the sweep looks through every aggregate even when no flush failed (default 60 s). */
  fullSweepIntervalMs?: number;
}

/** Events per producer send in `flushMany`. */
const SEND_BATCH = 50;

/**
 * Publishes what aggregates left in their outbox: right after each write (`flush`) and by a periodic sweep
 * that catches whatever a crash left behind. Published events are removed with a version-guarded `$set`
 * of the remaining list (FerretDB v1's `$pull` removes only exactly-equal elements, silently).
 */
export class OutboxRelay {
  private readonly chains = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  /** A flush failed: the next tick sweeps. */
  private dirty = true;
  private lastSweep = 0;

  constructor(private readonly opts: OutboxRelayOptions) {}

  /** Serialized per aggregate within this process, so one aggregate's events leave in order. */
  flush(id: string): Promise<void> {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous.then(() => this.publishPending(id));
    const settled = next.catch((err) => {
      this.dirty = true;
      this.opts.logger.warn({ err, id }, 'outbox publish failed; the sweep will retry');
    });
    this.chains.set(id, settled);
    void settled.finally(() => {
      if (this.chains.get(id) === settled) this.chains.delete(id);
    });
    return next;
  }

  /**
   * Publishes the outboxes of many aggregates at once (bulk imports, generators): per chunk one read, one
   * send, and one clearing update per version — on FerretDB's SQLite backend every filtered update scans
   * the collection, so clearing aggregate by aggregate costs a scan each. An aggregate changed since the
   * read keeps its outbox (the version guard) and is left to `flush` or the sweep. Returns the events sent.
   */
  async flushMany(ids: readonly string[], chunk = 500): Promise<number> {
    const { model, producer } = this.opts;
    let sent = 0;
    for (let i = 0; i < ids.length; i += chunk) {
      const docs = await model
        .find({ _id: { $in: ids.slice(i, i + chunk) } }, { version: 1, outbox: 1 })
        .lean<OutboxDocument[]>();
      const pending = docs.filter((d) => d.outbox?.length);
      if (pending.length === 0) continue;
      const events = pending.flatMap((d) => d.outbox);
      // Sent in order, a bounded batch at a time: one batch per partition must stay under the broker's message.max.bytes.
      for (let j = 0; j < events.length; j += SEND_BATCH) await publishEvents(producer, events.slice(j, j + SEND_BATCH));
      outboxPublished.inc(events.length);
      sent += events.length;
      const byVersion = new Map<number, string[]>();
      for (const d of pending) byVersion.set(d.version, [...(byVersion.get(d.version) ?? []), d._id]);
      for (const [version, same] of byVersion) {
        await model.updateMany({ _id: { $in: same }, version }, { $set: { outbox: [] } });
      }
    }
    return sent;
  }

  async sweep(): Promise<number> {
    const pending = await this.opts.model
      .find({ 'outbox.0': { $exists: true } }, { _id: 1 })
      .lean<{ _id: string }[]>();
    await Promise.all(pending.map((d) => this.flush(d._id).catch(() => {})));
    return pending.length;
  }

  start(): void {
    const interval = this.opts.sweepIntervalMs ?? 5000;
    const full = this.opts.fullSweepIntervalMs ?? 60_000;
    // Every write flushes at once, so the sweep only repairs: after a failed flush, at start (a crash may
    // have left events) and now and then. Sweeping every few seconds would scan the whole collection each
    // time on FerretDB's SQLite backend, which at 10,000 clusters keeps it busy without a pause.
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      if (!this.dirty && Date.now() - this.lastSweep < full) return;
      this.dirty = false;
      this.lastSweep = Date.now();
      this.sweeping = true;
      this.sweep()
        .catch((err) => {
          this.dirty = true;
          this.opts.logger.warn({ err }, 'outbox sweep failed');
        })
        .finally(() => {
          this.sweeping = false;
        });
    }, interval);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.chains.values()]);
  }

  private async publishPending(id: string): Promise<void> {
    const { model, producer } = this.opts;
    let doc = await model.findById(id, { version: 1, outbox: 1 }).lean<OutboxDocument>();
    if (!doc || doc.outbox.length === 0) return;
    const sent = doc.outbox;
    await publishEvents(producer, sent);
    outboxPublished.inc(sent.length);
    const sentIds = new Set(sent.map((e) => e.id));
    // A write may have appended events meanwhile: keep those, guarded by the version we read.
    for (let attempt = 0; attempt < 5 && doc; attempt++) {
      const remaining = doc.outbox.filter((e) => !sentIds.has(e.id));
      const res = await model.updateOne({ _id: id, version: doc.version }, { $set: { outbox: remaining } });
      if (res.matchedCount === 1) return;
      doc = await model.findById(id, { version: 1, outbox: 1 }).lean<OutboxDocument>();
    }
  }
}
