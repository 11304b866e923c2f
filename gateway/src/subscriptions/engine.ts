import { randomUUID } from 'node:crypto';
import type { Caller } from '@ccp/kit';
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import type { QueryLimits } from '../limits.js';
import type { EventHub } from './hub.js';
import { activeSubscriptions, subscriptionDeliveries, subscriptionRefusals } from './metrics.js';
import { type PrepareRequest, type PreparedSubscription, prepareSubscription } from './operation.js';
import type { PayloadExecutor } from './payload.js';
import type { BufferedEvent } from './replay-buffer.js';
import type { SubscriptionSettings } from './settings.js';
import type { StreamDefinition, StreamItem } from './streams.js';

export const SUBSCRIPTION_LIMIT_EXCEEDED = 'SUBSCRIPTION_LIMIT_EXCEEDED';

/** A refusal naming the limit, as the query limits do (`extensions.limit`, `max`). */
export function limitError(limit: string, max: number, message: string): GraphQLError {
  subscriptionRefusals.inc({ reason: limit });
  return new GraphQLError(message, { extensions: { code: SUBSCRIPTION_LIMIT_EXCEEDED, limit, max } });
}

function slowConsumer(max: number): GraphQLError {
  subscriptionRefusals.inc({ reason: 'SLOW_CONSUMER' });
  return new GraphQLError(
    `the subscriber fell more than ${max} events behind and was dropped; subscribe again with the last cursor`,
    { extensions: { code: 'SLOW_CONSUMER', limit: 'queue', max } },
  );
}

/** One transport connection (a WebSocket, an SSE stream): its caller and its count of subscriptions. */
export interface SubscriptionConnection {
  caller: Caller;
  subscriptions: number;
}

/** Payloads computed ahead of the transport, per subscriber: enough to hide the federated round trip. */
const PREFETCH = 16;

/**
 * How long the transport must have been stuck sending (not asking for the next result) before a backlog counts
 * as falling behind: a burst of events while it writes one message, or payloads still being read, is not slowness.
 */
export const SLOW_AFTER_MS = 1000;

type Compute = () => Promise<ExecutionResult>;

interface Entry {
  compute: Compute;
  result?: Promise<ExecutionResult>;
}

/**
 * One subscriber's stream of results: events are queued in order as they are offered, the first few payloads
 * computed ahead, and handed to the transport as it pulls. A live backlog past its bound, while the transport has
 * been stuck sending for SLOW_AFTER_MS, ends the stream with SLOW_CONSUMER and frees everything it held, so a slow
 * reader never holds up the hub or other subscribers.
 * (What a resume replays is not counted: it is bounded by the replay buffer and computed as it is read.)
 */
export class SubscriberStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: Entry[] = [];
  private wake: (() => void) | undefined;
  private done = false;
  private failure: GraphQLError | undefined;
  /** The transport is waiting for a result (not busy sending the last one), and since when it has not been. */
  private pulling = false;
  private handedAt = Date.now();
  /** Replayed entries still queued: they do not count against the bound. */
  replayLeft = 0;
  unfollow: () => void = () => {};
  /** The subscriber's document (transports hand it to their protocol library). */
  readonly document: DocumentNode;
  private readonly field: string;
  private readonly max: number;
  private readonly onEnd: () => void;

  constructor(document: DocumentNode, field: string, max: number, onEnd: () => void) {
    this.document = document;
    this.field = field;
    this.max = max;
    this.onEnd = onEnd;
    activeSubscriptions.inc({ field });
  }

  push(compute: Compute): void {
    if (this.done) return;
    const stuck = !this.pulling && Date.now() - this.handedAt >= SLOW_AFTER_MS;
    if (stuck && this.queue.length >= this.max + this.replayLeft) {
      this.fail(slowConsumer(this.max));
      return;
    }
    const entry: Entry = { compute };
    // Computed now when near the head: subscribers sharing a payload are all offered in one pass.
    if (this.queue.length < PREFETCH) this.start(entry);
    this.queue.push(entry);
    this.wake?.();
  }

  private start(entry: Entry): Promise<ExecutionResult> {
    entry.result ??= entry
      .compute()
      .catch((err: Error) => ({ errors: [new GraphQLError(err.message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] }));
    return entry.result;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    this.pulling = true;
    try {
      return await this.pull();
    } finally {
      this.pulling = false;
      this.handedAt = Date.now();
    }
  }

  private async pull(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      if (this.failure) {
        const failure = this.failure;
        this.failure = undefined;
        throw failure;
      }
      const head = this.queue.shift();
      if (head) {
        if (this.replayLeft > 0) this.replayLeft -= 1;
        const ahead = this.queue[PREFETCH - 1];
        if (ahead) this.start(ahead);
        const value = await this.start(head);
        if (this.failure) continue;
        subscriptionDeliveries.inc({ field: this.field });
        return { value, done: false };
      }
      if (this.done) return { value: undefined, done: true };
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.queue.length = 0;
    this.end();
    this.wake?.();
    return { value: undefined, done: true };
  }

  /** Ends the stream with `error` as its last result (what was queued is dropped: the client resumes by cursor). */
  fail(error: GraphQLError): void {
    if (this.done) return;
    this.failure = error;
    this.queue.length = 0;
    this.end();
    this.wake?.();
  }

  /** Ends the stream without an error (the gateway is stopping). */
  close(): void {
    void this.return();
  }

  get queued(): number {
    return this.queue.length;
  }

  private end(): void {
    if (this.done) return;
    this.done = true;
    this.unfollow();
    activeSubscriptions.dec({ field: this.field });
    this.onEnd();
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

export interface EngineOptions {
  schema: GraphQLSchema;
  streams: readonly StreamDefinition[];
  hub: EventHub;
  executor: PayloadExecutor;
  settings: SubscriptionSettings;
  queryLimits: QueryLimits;
}

/** Subscriptions, whatever the transport: checks one, follows its stream, and yields its results. */
export class SubscriptionEngine {
  private readonly open = new Set<SubscriberStream>();
  /** Subscriptions accepted while the hub starts, waiting for it. */
  waitingForHub = 0;

  constructor(private readonly opts: EngineOptions) {}

  /**
   * A checked subscription, or the errors that refuse it (validation, limits, a bad filter or cursor,
   * CURSOR_EXPIRED, SERVICE_UNAVAILABLE): transports send those as the operation's error before any event.
   * While the hub is starting a valid subscription waits for it, at most `startWaitMs`.
   */
  async subscribe(
    connection: SubscriptionConnection,
    request: PrepareRequest,
  ): Promise<SubscriberStream | readonly GraphQLError[]> {
    const { settings } = this.opts;
    if (connection.subscriptions >= settings.perConnection) {
      return [
        limitError(
          'subscriptionsPerConnection',
          settings.perConnection,
          `a connection may hold ${settings.perConnection} subscriptions at once`,
        ),
      ];
    }
    let prepared: PreparedSubscription | readonly GraphQLError[];
    let from: number[] | undefined;
    try {
      prepared = prepareSubscription(this.opts.schema, this.opts.streams, request, connection.caller, this.opts.queryLimits, {
        shared: settings.sharedExecution,
        subscriberId: randomUUID(),
      });
      if (Array.isArray(prepared)) return prepared;
      const sub = prepared as PreparedSubscription;
      // Where "now" was when it arrived, if the hub is starting: it then begins there, not when the hub is ready.
      const arrivedAt = sub.after === null ? this.opts.hub.positionWhileStarting(sub.stream) : undefined;
      // The slot is held while waiting, so waiting subscriptions count against the connection's limit.
      connection.subscriptions += 1;
      this.waitingForHub += 1;
      try {
        await this.opts.hub.whenReady(settings.startWaitMs);
      } finally {
        connection.subscriptions -= 1;
        this.waitingForHub -= 1;
      }
      if (sub.after !== null) from = this.opts.hub.positionOf(sub.stream, sub.after);
      return this.follow(connection, sub, from, arrivedAt);
    } catch (err) {
      if (err instanceof GraphQLError) {
        if (err.extensions.code === 'CURSOR_EXPIRED') subscriptionRefusals.inc({ reason: 'CURSOR_EXPIRED' });
        return [err];
      }
      throw err;
    }
  }

  private follow(connection: SubscriptionConnection, sub: PreparedSubscription, from?: number[], arrivedAt?: readonly number[]) {
    const { hub, executor, settings } = this.opts;
    connection.subscriptions += 1;
    const stream = new SubscriberStream(sub.document, sub.stream.field, settings.queue, () => {
      connection.subscriptions -= 1;
      this.open.delete(stream);
    });
    stream.replayLeft = Number.POSITIVE_INFINITY;
    try {
      stream.unfollow = hub.follow(
        sub.stream,
        {
          accepts: (item) => item !== null && sub.stream.accepts(sub.filter, sub.caller, item),
          deliver: (event: BufferedEvent<StreamItem | null>, cursor: string) =>
            stream.push(() => executor.resultFor(sub, event, cursor)),
          fail: (error) => stream.fail(error as GraphQLError),
        },
        from,
        arrivedAt,
      );
    } catch (err) {
      void stream.return();
      throw err;
    }
    stream.replayLeft = stream.queued;
    this.open.add(stream);
    return stream;
  }

  get subscriptions(): number {
    return this.open.size;
  }

  /** Ends every stream (after the transports closed their sockets, so clients see a drop and resume). */
  stop(): void {
    for (const stream of [...this.open]) stream.close();
  }
}
