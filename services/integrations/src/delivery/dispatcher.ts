import type { Logger } from '@ccp/kit';
import type { DeliveryOptions } from '../config.js';
import { webhookHeaders } from '../domain/signature.js';
import type { AttemptRecord, DeliveryRecord, DeliveryStore } from '../model/delivery.js';
import type { EndpointRecord, EndpointStore } from '../model/endpoint.js';
import { nextAttemptAt, retryAfterMs } from './backoff.js';
import { webhookAttemptDuration, webhookAttempts, webhookLatency, webhookQueueDepth } from './metrics.js';

const USER_AGENT = 'ccp-webhooks/1.0 (+https://apec-ccp.org/docs/webhooks)';
/** Of an error answer's body, this much is kept in the log. */
const ERROR_BODY_CHARS = 200;

interface Entry {
  id: string;
  endpointId: string;
  due: number;
  phase: 'scheduled' | 'ready' | 'flight';
  /** Replayed while in flight: if this attempt fails, its retries start a fresh window. */
  replayed?: boolean;
}

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
 * Sends due deliveries. The schedule lives in memory (a heap of due times and, per endpoint, a queue of due
 * deliveries waiting for a free slot) and is rebuilt at start from `webhook_pending`, which holds only what is
 * still to send; each attempt reads its delivery by `_id`. Per endpoint at most `endpointConcurrency` requests
 * are in flight, in all at most `globalConcurrency`, each cut off after `timeoutMs`: a slow or dead receiver
 * holds its own slots only.
 */
export class Dispatcher {
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new DueHeap();
  private readonly ready = new Map<string, string[]>();
  private readonly inFlight = new Map<string, number>();
  private readonly controllers = new Set<AbortController>();
  private readonly running = new Set<Promise<void>>();
  private flying = 0;
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
    for (const p of await this.deliveries.allPending()) this.schedule(p._id, p.endpointId, p.dueAt);
    this.logger.info({ pending: this.entries.size }, 'webhook schedule rebuilt');
    this.pump();
  }

  /** Stops sending; requests in flight are aborted and stay pending (sent again after a restart). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const c of this.controllers) c.abort(new Error('service stopping'));
    await Promise.allSettled([...this.running]);
  }

  /** How many deliveries wait (scheduled, due, or in flight). */
  get depth(): number {
    return this.entries.size;
  }

  schedule(id: string, endpointId: string, dueAt: Date): void {
    const due = dueAt.getTime();
    const known = this.entries.get(id);
    if (known?.phase === 'flight') {
      known.replayed = true;
      return;
    }
    if (known && known.phase !== 'scheduled') return;
    if (known && known.due <= due) return;
    this.entries.set(id, { id, endpointId, due, phase: 'scheduled' });
    this.heap.push({ due, id });
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
    for (const [id, e] of this.entries)
      if (e.endpointId === endpointId && e.phase !== 'flight') this.entries.delete(id);
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
      queue.push(entry.id);
      this.ready.set(entry.endpointId, queue);
    }
    // A snapshot: an endpoint that got a slot moves to the end, so freed slots go round the endpoints in turn.
    for (const [endpointId, queue] of [...this.ready]) {
      if (this.flying >= this.opts.globalConcurrency) break;
      const endpoint = this.endpoints.get(endpointId);
      if (!endpoint) {
        // Deleted: its due entries go (the delete removed them from the database too).
        for (const id of queue) this.entries.delete(id);
        this.ready.delete(endpointId);
        continue;
      }
      if (endpoint.status !== 'ACTIVE') continue;
      while (
        queue.length &&
        (this.inFlight.get(endpointId) ?? 0) < this.opts.endpointConcurrency &&
        this.flying < this.opts.globalConcurrency
      ) {
        const id = queue.shift() as string;
        const entry = this.entries.get(id);
        if (!entry) continue;
        entry.phase = 'flight';
        this.inFlight.set(endpointId, (this.inFlight.get(endpointId) ?? 0) + 1);
        this.flying++;
        const run = this.attempt(id)
          .catch((err) => {
            // A database failure: the delivery stays pending and is tried again shortly.
            this.logger.error({ err, delivery: id }, 'webhook attempt failed to record');
            this.entries.delete(id);
            if (!this.stopped) this.schedule(id, endpointId, new Date(Date.now() + this.opts.retryBaseMs));
          })
          .finally(() => {
            this.running.delete(run);
            this.flying--;
            this.inFlight.set(endpointId, (this.inFlight.get(endpointId) ?? 1) - 1);
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

  private done(id: string): void {
    this.entries.delete(id);
    webhookQueueDepth.set(this.entries.size);
  }

  private async attempt(id: string): Promise<void> {
    const delivery = await this.deliveries.byId(id);
    const endpoint = delivery ? this.endpoints.get(delivery.endpointId) : undefined;
    if (delivery?.status !== 'PENDING' || !endpoint) {
      await this.deliveries.dropPending(id);
      return this.done(id);
    }
    const outcome = await this.send(endpoint, delivery);
    if (this.stopped && outcome.error === 'service stopping') return; // not an answer: stays pending
    await this.record(endpoint, delivery, outcome);
  }

  /** One POST of the delivery's body, signed with every secret still valid. */
  async send(endpoint: EndpointRecord, delivery: DeliveryRecord): Promise<AttemptOutcome> {
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

  private async record(
    endpoint: EndpointRecord,
    delivery: DeliveryRecord,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const at = new Date(Date.now() - outcome.durationMs);
    const attempt: AttemptRecord = {
      at,
      httpStatus: outcome.httpStatus,
      durationMs: outcome.durationMs,
      error: outcome.error,
      nextAttemptAt: null,
    };
    // A replay asked for while this attempt was in flight: a failure starts the fresh window the replay promised.
    const windowStart = this.entries.get(delivery.id)?.replayed ? at : (delivery.windowStart ?? at);
    const ok = outcome.httpStatus !== null && outcome.httpStatus >= 200 && outcome.httpStatus < 300;
    let outcomeLabel: 'delivered' | 'retry' | 'dead' | 'gone';
    if (ok) {
      outcomeLabel = 'delivered';
      Object.assign(delivery, { status: 'DELIVERED', deliveredAt: new Date(), nextAttemptAt: null });
      webhookLatency.observe((Date.now() - delivery.eventTime.getTime()) / 1000);
    } else if (outcome.httpStatus === 410) {
      outcomeLabel = 'gone';
      Object.assign(delivery, { status: 'DEAD', nextAttemptAt: null });
      await this.endpoints.save({
        ...endpoint,
        status: 'DISABLED',
        disabledReason: `the receiver answered 410 Gone at ${at.toISOString()}`,
        updatedAt: new Date(),
      });
      this.logger.warn({ endpoint: endpoint.id }, 'webhook endpoint disabled: 410 Gone');
    } else {
      const failures = delivery.attempts.filter((a) => a.at >= windowStart).length + 1;
      const next = nextAttemptAt(failures, windowStart, outcome.retryAfterMs, this.opts);
      if (!next) {
        outcomeLabel = 'dead';
        Object.assign(delivery, { status: 'DEAD', nextAttemptAt: null });
      } else {
        outcomeLabel = 'retry';
        attempt.nextAttemptAt = next;
        Object.assign(delivery, { nextAttemptAt: next });
      }
    }
    delivery.windowStart = windowStart;
    delivery.attempts = [...delivery.attempts, attempt];
    // The log first, then the due entry: a crash between leaves an entry that the next start drops or sends.
    await this.deliveries.save(delivery);
    webhookAttempts.inc({ outcome: outcomeLabel });
    this.done(delivery.id);
    if (delivery.status === 'PENDING' && delivery.nextAttemptAt) {
      await this.deliveries.setPending(delivery.id, delivery.endpointId, delivery.nextAttemptAt);
      this.schedule(delivery.id, delivery.endpointId, delivery.nextAttemptAt);
    } else {
      await this.deliveries.dropPending(delivery.id);
    }
  }
}
