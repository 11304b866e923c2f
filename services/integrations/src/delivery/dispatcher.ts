import type { Logger } from '@ccp/kit';
import type { DeliveryOptions } from '../config.js';
import { webhookHeaders } from '../domain/signature.js';
import {
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryStore,
  type JournalDocument,
  journalId,
  type PendingState,
} from '../model/delivery.js';
import type { EndpointRecord, EndpointStore } from '../model/endpoint.js';
import { nextAttemptAt, retryAfterMs } from './backoff.js';
import { webhookAttemptDuration, webhookAttempts, webhookLatency, webhookQueueDepth } from './metrics.js';

const USER_AGENT = 'ccp-webhooks/1.0 (+https://apec-ccp.org/docs/webhooks)';
/** Of an error answer's body, this much is kept in the log. */
const ERROR_BODY_CHARS = 200;

/** A pending delivery: where it is in the schedule, and the state of its retries (as its journal has it). */
interface Entry {
  id: string;
  endpointId: string;
  due: number;
  phase: 'scheduled' | 'ready' | 'flight';
  /** Journal entries written (the next is seq + 1). */
  seq: number;
  windowStart: Date | null;
  windowFailures: number;
  /** This delivery's journal writes, one after another: an attempt's record waits for a replay being written. */
  writing: Promise<unknown> | undefined;
  /** The body and event time of a delivery not yet tried, kept while the cache has room (else read by `_id`). */
  cached?: { payload: string; eventTime: Date };
}

/** What a journal entry says, without its identity (the dispatcher numbers it). */
type JournalBody = Omit<JournalDocument, '_id' | 'deliveryId' | 'endpointId' | 'seq'>;

const DUPLICATE_KEY = 11000;
/** Bodies of deliveries not yet tried kept in memory, in all at most this many characters (≈ 2 B each). */
const PAYLOAD_CACHE_CHARS = 16 * 1024 * 1024;

interface Due {
  due: number;
  id: string;
}

/** A binary min-heap of due times. Entries whose due time changed since are skipped when popped. */
class DueHeap {
  private readonly items: Due[] = [];

  peek(): Due | undefined {
    return this.items[0];
  }

  push(item: Due): void {
    const a = this.items;
    let i = a.length;
    a.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as Due;
      if (parent.due <= item.due) break;
      a[i] = parent;
      i = p;
    }
    a[i] = item;
  }

  pop(): Due | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (!last || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      let m = -1;
      let best = last.due;
      for (const c of [l, l + 1]) {
        const child = a[c];
        if (child && child.due < best) {
          m = c;
          best = child.due;
        }
      }
      if (m < 0) break;
      a[i] = a[m] as Due;
      i = m;
    }
    a[i] = last;
    return top;
  }
}

export interface AttemptOutcome {
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  retryAfterMs: number | null;
}

/**
 * Sends due deliveries. The schedule and every pending delivery's retry state live in memory (a heap of due
 * times and, per endpoint, a queue of due deliveries waiting for a free slot); the database only receives
 * inserts: each attempt and each replay is a new entry of the delivery's journal (`webhook_attempts`), and at
 * start the schedule is rebuilt from the log and the journal (decision §32). An attempt reads its delivery's
 * body by `_id` and appends one entry. Per endpoint at most `endpointConcurrency` requests are in flight, in all
 * at most `globalConcurrency`, each cut off after `timeoutMs`: a slow or dead receiver holds its own slots only.
 */
export class Dispatcher {
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new DueHeap();
  private readonly ready = new Map<string, Entry[]>();
  private readonly inFlight = new Map<string, number>();
  private readonly controllers = new Set<AbortController>();
  private readonly running = new Set<Promise<void>>();
  private flying = 0;
  private cachedChars = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly endpoints: EndpointStore,
    private readonly opts: DeliveryOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    const started = performance.now();
    for (const p of await this.deliveries.allPending()) if (this.endpoints.get(p.endpointId)) this.add(p);
    this.logger.info(
      { pending: this.entries.size, ms: Math.round(performance.now() - started) },
      'webhook schedule rebuilt',
    );
    this.pump();
  }

  /** Stops sending; requests in flight are aborted and stay pending (sent again after a restart). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const c of this.controllers) c.abort(new Error('service stopping'));
    await Promise.allSettled([...this.running]);
    await Promise.allSettled([...this.entries.values()].map((e) => e.writing));
  }

  /** How many deliveries wait (scheduled, due, or in flight). */
  get depth(): number {
    return this.entries.size;
  }

  /** The retry state of a pending delivery, or undefined once it is delivered or dead (tests, diagnostics). */
  pendingState(id: string): Pick<Entry, 'seq' | 'windowStart' | 'windowFailures' | 'phase'> | undefined {
    const e = this.entries.get(id);
    return e && { seq: e.seq, windowStart: e.windowStart, windowFailures: e.windowFailures, phase: e.phase };
  }

  /** Schedules a pending delivery (just stored, or found pending at start); one already known is left alone. */
  add(d: PendingState | DeliveryRecord): void {
    if (this.entries.has(d.id)) return;
    const due = (d.nextAttemptAt ?? d.createdAt).getTime();
    const entry: Entry = {
      id: d.id,
      endpointId: d.endpointId,
      due,
      phase: 'scheduled',
      seq: d.seq,
      windowStart: d.windowStart,
      windowFailures: d.windowFailures,
      writing: undefined,
    };
    // Just stored: its first attempt need not read it back.
    if ('payload' in d && this.cachedChars + d.payload.length <= PAYLOAD_CACHE_CHARS) {
      entry.cached = { payload: d.payload, eventTime: d.eventTime };
      this.cachedChars += d.payload.length;
    }
    this.entries.set(d.id, entry);
    this.heap.push({ due, id: d.id });
    webhookQueueDepth.set(this.entries.size);
    this.pump();
  }

  /**
   * Sends a delivery again now with a fresh retry window (whatever its status), keeping its attempts: a replay
   * entry is appended to its journal first, so a restart keeps the fresh window. Replayed while an attempt is in
   * flight, that attempt's outcome counts in the new window (a failure starts it).
   */
  async replay(delivery: DeliveryRecord): Promise<void> {
    let entry = this.entries.get(delivery.id);
    const created = !entry;
    if (!entry) {
      // Not pending: a new entry, scheduled only once its replay is written.
      entry = {
        id: delivery.id,
        endpointId: delivery.endpointId,
        due: Number.POSITIVE_INFINITY,
        phase: 'scheduled',
        seq: delivery.seq,
        windowStart: delivery.windowStart,
        windowFailures: delivery.windowFailures,
        writing: undefined,
      };
      this.entries.set(entry.id, entry);
    }
    const now = new Date();
    try {
      await this.write(entry, () => ({
        kind: 'replay',
        at: now,
        attempt: null,
        status: 'PENDING',
        windowStart: null,
        windowFailures: 0,
        nextAttemptAt: now,
        deliveredAt: null,
      }));
    } catch (err) {
      if (created && this.entries.get(entry.id) === entry && entry.phase === 'scheduled') this.done(entry);
      throw err;
    }
    if (!this.entries.has(entry.id)) {
      // Delivered or dead-lettered while the replay was written: pending again.
      entry.phase = 'scheduled';
      this.entries.set(entry.id, entry);
    }
    if (entry.phase === 'scheduled') {
      entry.due = now.getTime();
      this.heap.push({ due: entry.due, id: entry.id });
    }
    webhookQueueDepth.set(this.entries.size);
    this.pump();
  }

  /** An endpoint was resumed (or its concurrency freed): send what waits for it. */
  wake(): void {
    this.pump();
  }

  /** Forgets an endpoint's deliveries (it was deleted). */
  forgetEndpoint(endpointId: string): void {
    this.ready.delete(endpointId);
    for (const [id, e] of this.entries) if (e.endpointId === endpointId && e.phase !== 'flight') this.done(e);
    webhookQueueDepth.set(this.entries.size);
  }

  private pump(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const now = Date.now();
    for (let top = this.heap.peek(); top && top.due <= now; top = this.heap.peek()) {
      this.heap.pop();
      const entry = this.entries.get(top.id);
      if (entry?.phase !== 'scheduled' || entry.due !== top.due) continue;
      entry.phase = 'ready';
      const queue = this.ready.get(entry.endpointId) ?? [];
      queue.push(entry);
      this.ready.set(entry.endpointId, queue);
    }
    // A snapshot: an endpoint that got a slot moves to the end, so freed slots go round the endpoints in turn.
    for (const [endpointId, queue] of [...this.ready]) {
      if (this.flying >= this.opts.globalConcurrency) break;
      const endpoint = this.endpoints.get(endpointId);
      if (!endpoint) {
        // Deleted: its due entries go (the delete removed them from the database too).
        for (const e of queue) this.done(e);
        this.ready.delete(endpointId);
        continue;
      }
      if (endpoint.status !== 'ACTIVE') continue;
      while (
        queue.length &&
        (this.inFlight.get(endpointId) ?? 0) < this.opts.endpointConcurrency &&
        this.flying < this.opts.globalConcurrency
      ) {
        const entry = queue.shift() as Entry;
        if (this.entries.get(entry.id) !== entry || entry.phase !== 'ready') continue;
        entry.phase = 'flight';
        this.inFlight.set(endpointId, (this.inFlight.get(endpointId) ?? 0) + 1);
        this.flying++;
        let held = true;
        const release = () => {
          if (!held) return;
          held = false;
          this.flying--;
          this.inFlight.set(endpointId, (this.inFlight.get(endpointId) ?? 1) - 1);
          this.pump();
        };
        const run = this.attempt(entry, release)
          .catch((err) => {
            // A database failure: the delivery stays pending (its state unchanged) and is tried again shortly.
            this.logger.error({ err, delivery: entry.id }, 'webhook attempt failed to record');
            if (!this.stopped && this.entries.get(entry.id) === entry)
              this.reschedule(entry, Date.now() + this.opts.retryBaseMs);
          })
          .finally(() => {
            this.running.delete(run);
            release();
            this.pump();
          });
        this.running.add(run);
      }
      this.ready.delete(endpointId);
      if (queue.length) this.ready.set(endpointId, queue);
    }
    const next = this.heap.peek();
    if (next)
      this.timer = setTimeout(() => this.pump(), Math.max(0, Math.min(next.due - Date.now(), 60_000)));
  }

  private reschedule(entry: Entry, due: number): void {
    entry.phase = 'scheduled';
    entry.due = due;
    this.heap.push({ due, id: entry.id });
  }

  private uncache(entry: Entry): void {
    if (entry.cached) this.cachedChars -= entry.cached.payload.length;
    entry.cached = undefined;
  }

  /** The delivery is no longer pending (or its endpoint went): out of the schedule. */
  private done(entry: Entry): void {
    this.uncache(entry);
    if (this.entries.get(entry.id) === entry) this.entries.delete(entry.id);
    webhookQueueDepth.set(this.entries.size);
  }

  /**
   * Appends the next entry to the delivery's journal, after the writes already asked for; `body` is made when
   * it is this one's turn, from the state those left. A duplicate key (another writer numbered it first) reads
   * the entries it missed and numbers again, once.
   */
  private write(entry: Entry, body: (e: Entry) => JournalBody): Promise<JournalDocument> {
    const make = (): JournalDocument => {
      const seq = entry.seq + 1;
      return {
        _id: journalId(entry.id, seq),
        deliveryId: entry.id,
        endpointId: entry.endpointId,
        seq,
        ...body(entry),
      };
    };
    const run = (entry.writing ?? Promise.resolve())
      .catch(() => {})
      .then(async () => {
        let doc = make();
        try {
          await this.deliveries.append(doc);
        } catch (err) {
          if ((err as { code?: number }).code !== DUPLICATE_KEY) throw err;
          const missed = await this.deliveries.journalOf(entry.id, entry.seq);
          const last = missed.at(-1);
          if (!last) throw err;
          Object.assign(entry, {
            seq: last.seq,
            windowStart: last.windowStart,
            windowFailures: last.windowFailures,
          });
          doc = make();
          await this.deliveries.append(doc);
        }
        // The state the entry leaves is the delivery's from now on (what the next entry's body is made from).
        Object.assign(entry, {
          seq: doc.seq,
          windowStart: doc.windowStart,
          windowFailures: doc.windowFailures,
        });
        return doc;
      });
    entry.writing = run.catch(() => {});
    return run;
  }

  /** One attempt; `release` frees its request slots as soon as the answer is in (the record needs none). */
  private async attempt(entry: Entry, release: () => void): Promise<void> {
    let body = entry.cached;
    if (!body) {
      const doc = await this.deliveries.document(entry.id);
      if (!doc) return this.done(entry); // deleted with its endpoint
      body = { payload: doc.payload, eventTime: doc.eventTime };
    }
    const endpoint = this.endpoints.get(entry.endpointId);
    if (!endpoint) return this.done(entry);
    const outcome = await this.send(endpoint, { id: entry.id, payload: body.payload });
    const at = new Date(Date.now() - outcome.durationMs);
    // 410: disabled before the slot is freed, so no other request of the endpoint starts meanwhile.
    if (outcome.httpStatus === 410) await this.disable(endpoint, at);
    release();
    if (this.stopped && outcome.error === 'service stopping') return; // not an answer: stays pending
    // Tried: a retry reads the body by `_id` (retries are spaced by seconds at least).
    this.uncache(entry);
    await this.record(entry, at, body.eventTime, outcome);
  }

  /** One POST of the delivery's body, signed with every secret still valid. */
  async send(
    endpoint: EndpointRecord,
    delivery: Pick<DeliveryRecord, 'id' | 'payload'>,
  ): Promise<AttemptOutcome> {
    const now = new Date();
    const secrets = endpoint.secrets.filter((s) => !s.expiresAt || s.expiresAt > now).map((s) => s.secret);
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(
      () => controller.abort(new Error(`timed out after ${this.opts.timeoutMs} ms`)),
      this.opts.timeoutMs,
    );
    const started = performance.now();
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/cloudevents+json',
          'user-agent': USER_AGENT,
          ...webhookHeaders(secrets, delivery.id, delivery.payload, now),
        },
        body: delivery.payload,
        redirect: 'manual',
        signal: controller.signal,
      });
      const text = res.ok ? '' : await res.text().catch(() => '');
      if (res.ok) await res.body?.cancel().catch(() => {});
      return {
        httpStatus: res.status,
        error: res.ok ? null : `HTTP ${res.status}${text ? `: ${text.slice(0, ERROR_BODY_CHARS)}` : ''}`,
        durationMs: Math.round(performance.now() - started),
        retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
      };
    } catch (err) {
      const reason = controller.signal.aborted ? (controller.signal.reason as Error) : (err as Error);
      const cause = (reason as { cause?: { code?: string; message?: string } }).cause;
      return {
        httpStatus: null,
        error: cause?.code ? `${cause.code}: ${cause.message ?? reason.message}` : reason.message,
        durationMs: Math.round(performance.now() - started),
        retryAfterMs: null,
      };
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
      webhookAttemptDuration.observe((performance.now() - started) / 1000);
    }
  }

  /** Appends the attempt (with the state it leaves) to the journal, then schedules the retry or lets it go. */
  private async disable(endpoint: EndpointRecord, at: Date): Promise<void> {
    await this.endpoints.save({
      ...endpoint,
      status: 'DISABLED',
      disabledReason: `the receiver answered 410 Gone at ${at.toISOString()}`,
      updatedAt: new Date(),
    });
    this.logger.warn({ endpoint: endpoint.id }, 'webhook endpoint disabled: 410 Gone');
  }

  private async record(entry: Entry, at: Date, eventTime: Date, outcome: AttemptOutcome): Promise<void> {
    const ok = outcome.httpStatus !== null && outcome.httpStatus >= 200 && outcome.httpStatus < 300;
    const gone = outcome.httpStatus === 410;
    // Deleted meanwhile (its log with it): nothing to record.
    if (!this.endpoints.get(entry.endpointId)) return this.done(entry);
    let label: 'delivered' | 'retry' | 'dead' | 'gone' = 'delivered';
    const doc = await this.write(entry, (e) => {
      // A replay written since this attempt began reset the window: a failure starts the fresh one.
      const windowStart = e.windowStart ?? at;
      const attempt: AttemptRecord = {
        at,
        httpStatus: outcome.httpStatus,
        durationMs: outcome.durationMs,
        error: outcome.error,
        nextAttemptAt: null,
      };
      const common = { kind: 'attempt' as const, at, attempt, windowStart };
      if (ok) {
        label = 'delivered';
        const deliveredAt = new Date();
        return {
          ...common,
          status: 'DELIVERED',
          windowFailures: e.windowFailures,
          nextAttemptAt: null,
          deliveredAt,
        };
      }
      const failures = e.windowFailures + 1;
      const next = gone ? null : nextAttemptAt(failures, windowStart, outcome.retryAfterMs, this.opts);
      if (!next) {
        label = gone ? 'gone' : 'dead';
        return {
          ...common,
          status: 'DEAD',
          windowFailures: failures,
          nextAttemptAt: null,
          deliveredAt: null,
        };
      }
      label = 'retry';
      attempt.nextAttemptAt = next;
      return {
        ...common,
        status: 'PENDING',
        windowFailures: failures,
        nextAttemptAt: next,
        deliveredAt: null,
      };
    });
    webhookAttempts.inc({ outcome: label });
    if (doc.status === 'DELIVERED') webhookLatency.observe((Date.now() - eventTime.getTime()) / 1000);
    if (!this.endpoints.get(entry.endpointId)) {
      // Deleted while the entry was written: it goes too (a scan, but only then).
      await this.deliveries.journal.deleteOne({ _id: doc._id });
      return this.done(entry);
    }
    if (doc.status === 'PENDING' && doc.nextAttemptAt) this.reschedule(entry, doc.nextAttemptAt.getTime());
    else this.done(entry);
  }
}
