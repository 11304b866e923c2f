import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, createClient } from 'graphql-ws';
import pino, { type Logger } from 'pino';
import WebSocket from 'ws';
import { applyChanges, type ClusterChangeEvent, type MirrorState, mirrorFromSnapshot } from './mirror.js';
import {
  authorizationOf,
  CLUSTER_CHANGED,
  fetchPublishedClusters,
  gatewayEndpoints,
  PlatformError,
  platformErrorOf,
} from './platform.js';
import { readMirror, writeMirror } from './store.js';

export interface MirrorOptions {
  /** The gateway, e.g. `http://127.0.0.1:4000` (its `/graphql` is used for both queries and subscriptions). */
  gateway: string;
  /** The mirror file (JSON); created on the first run, resumed from on the next. */
  out: string;
  apiKey?: string;
  /** A signed-in user's access token, instead of an API key. */
  token?: string;
  /** Catch up, then return (instead of following changes until aborted). */
  once?: boolean;
  signal?: AbortSignal;
  /** Called for every step, in order; the same steps are logged. */
  onEvent?: (event: MirrorEvent) => void;
  logger?: Logger;
  /** No change for this long after the last one (or after connecting) means caught up. Default 1000 ms. */
  idleMs?: number;
  /** How long a subscription without a cursor is given to be registered before the catch-up query. Default 300 ms. */
  settleMs?: number;
  /** Reconnection back-off: full jitter over base·2^attempt, at most max. Defaults 250 ms and 10 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pageSize?: number;
}

export type MirrorEvent =
  | { type: 'connecting'; attempt: number; resumeFrom: string | null }
  | { type: 'subscribed'; resumeFrom: string | null }
  | { type: 'snapshot'; clusters: number; pages: number; buffered: number }
  | { type: 'applied'; upserted: number; removed: number; stale: number; clusters: number; cursor: string | null }
  | { type: 'caught-up'; clusters: number; cursor: string | null }
  | { type: 'resync'; reason: string }
  | { type: 'disconnected'; reason: string; retryInMs: number };

export interface MirrorResult {
  clusters: number;
  cursor: string | null;
}

/** The cursor is no longer usable (expired, or not one of this platform's): a fresh snapshot is needed. */
const needsResync = (err: unknown) =>
  err instanceof PlatformError && (err.code === 'CURSOR_EXPIRED' || (err.code === 'BAD_USER_INPUT' && err.field === 'after'));

/**
 * Retrying cannot help: a refused credential or a subscription the server rejects as invalid. Everything else is
 * retried with back-off from the saved cursor — a lost connection, and SERVICE_UNAVAILABLE (the gateway's hub is
 * starting, or ended its subscriptions after losing Kafka), SLOW_CONSUMER or a payload that failed to resolve.
 */
const isFatal = (err: unknown) =>
  err instanceof PlatformError && (err.code === 'UNAUTHENTICATED' || err.code === 'GRAPHQL_VALIDATION_FAILED');

interface CloseEventLike {
  code: number;
  reason: string;
}

/** What graphql-ws hands a sink's `error`: GraphQL errors, a close event, or an Error. */
function subscriptionFailure(err: unknown): Error {
  if (Array.isArray(err)) return platformErrorOf(err, 'subscription refused');
  if (err && typeof err === 'object' && 'code' in err && typeof (err as CloseEventLike).code === 'number') {
    const { code, reason } = err as CloseEventLike;
    const errorCode = /^([A-Z_]+):/.exec(reason ?? '')?.[1];
    return new PlatformError(`connection closed (${code}${reason ? ` ${reason}` : ''})`, errorCode);
  }
  if (err instanceof Error) return err;
  // ws hands an ErrorEvent (not an Error) when the connection cannot be made.
  const message = (err as { message?: unknown })?.message;
  return new Error(typeof message === 'string' && message ? `cannot connect: ${message}` : 'cannot connect');
}

/** Events arriving from the subscription, waiting to be applied; `failed` ends the session. */
class ChangeQueue {
  private items: ClusterChangeEvent[] = [];
  private wake: (() => void) | undefined;
  failure: Error | undefined;

  push(event: ClusterChangeEvent) {
    this.items.push(event);
    this.wake?.();
  }

  fail(err: Error) {
    this.failure ??= err;
    this.wake?.();
  }

  take(): ClusterChangeEvent[] {
    const taken = this.items;
    this.items = [];
    return taken;
  }

  get size() {
    return this.items.length;
  }

  /** Resolves when an event or a failure arrives, or after `ms`; true when something arrived. */
  async wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.items.length || this.failure) return true;
    const arrived = new Promise<boolean>((resolve) => {
      this.wake = () => resolve(true);
    });
    try {
      return await Promise.race([arrived, sleep(ms, false, { signal }).catch(() => false)]);
    } finally {
      this.wake = undefined;
    }
  }
}

/**
 * Mirrors every published cluster into `out`: subscribe to clusterChanged first (after the saved cursor, if
 * any) and buffer; without a cursor, or when it expired, page through `clusters` for a fresh snapshot; then
 * apply the buffered and the live changes (skipping those not newer than the version held), saving the
 * mirror and the cursor atomically after every batch. A lost connection is retried with back-off from the
 * saved cursor. Resolves when `signal` aborts, or once caught up with `once`.
 */
export async function runMirror(options: MirrorOptions): Promise<MirrorResult> {
  const signal = options.signal ?? new AbortController().signal;
  const logger = options.logger ?? pino({ name: 'ccp-mirror' }, pino.destination(2));
  const endpoints = gatewayEndpoints(options.gateway);
  const authorization = authorizationOf(options);
  const idleMs = options.idleMs ?? 1000;
  const settleMs = options.settleMs ?? 300;
  const backoffBase = options.backoffBaseMs ?? 250;
  const backoffMax = options.backoffMaxMs ?? 10_000;

  const emit = (event: MirrorEvent) => {
    const level = event.type === 'disconnected' || event.type === 'resync' ? 'warn' : 'info';
    logger[level](event, event.type);
    options.onEvent?.(event);
  };

  let state: MirrorState | null = await readMirror(options.out);
  let attempt = 0;

  const session = async (): Promise<'caught-up' | 'aborted'> => {
    const resumeFrom = state?.cursor ?? null;
    emit({ type: 'connecting', attempt, resumeFrom });
    const queue = new ChangeQueue();
    let connected = false;
    const client: Client = createClient({
      url: endpoints.ws,
      webSocketImpl: WebSocket,
      connectionParams: authorization ? { authorization } : {},
      lazy: true,
      retryAttempts: 0,
      keepAlive: 10_000,
      on: { connected: () => (connected = true) },
    });
    const unsubscribe = client.subscribe<{ clusterChanged: ClusterChangeEvent }>(
      { query: CLUSTER_CHANGED, variables: { after: resumeFrom } },
      {
        next: (result) => {
          const change = result.data?.clusterChanged;
          // A change whose payload failed to resolve is not applied: the session ends and resumes before it.
          if (result.errors?.length) queue.fail(platformErrorOf(result.errors, 'subscription'));
          else if (change) queue.push(change);
        },
        error: (err) => queue.fail(subscriptionFailure(err)),
        complete: () => queue.fail(new PlatformError('the gateway ended the subscription', undefined)),
      },
    );
    const stop = () => queue.fail(new PlatformError('aborted', 'ABORTED'));
    signal.addEventListener('abort', stop);
    try {
      const check = () => {
        if (signal.aborted) return false;
        if (queue.failure) throw queue.failure;
        return true;
      };
      // Until the server acknowledged the connection and kept the subscription for a moment, nothing counts.
      while (!connected && !queue.failure && !signal.aborted) await sleep(20);
      if (!check()) return 'aborted';
      await queue.wait(settleMs, signal);
      if (!check()) return 'aborted';
      emit({ type: 'subscribed', resumeFrom });
      attempt = 0;

      if (resumeFrom === null) {
        const snapshot = await fetchPublishedClusters({
          httpUrl: endpoints.http,
          authorization,
          pageSize: options.pageSize,
          signal,
        });
        if (!check()) return 'aborted';
        const fresh = mirrorFromSnapshot(snapshot.clusters);
        emit({ type: 'snapshot', clusters: snapshot.clusters.length, pages: snapshot.pages, buffered: queue.size });
        applyChanges(fresh, queue.take());
        await writeMirror(options.out, fresh);
        state = fresh;
      }
      const current = state as MirrorState;
      let announced = false;
      for (;;) {
        const arrived = await queue.wait(idleMs, signal);
        if (!check()) return 'aborted';
        if (!arrived) {
          if (!announced) {
            emit({ type: 'caught-up', clusters: Object.keys(current.clusters).length, cursor: current.cursor });
            announced = true;
            if (options.once) return 'caught-up';
          }
          continue;
        }
        const batch = queue.take();
        if (!batch.length) continue;
        const counts = applyChanges(current, batch);
        await writeMirror(options.out, current);
        announced = false;
        emit({ type: 'applied', ...counts, clusters: Object.keys(current.clusters).length, cursor: current.cursor });
      }
    } finally {
      signal.removeEventListener('abort', stop);
      unsubscribe();
      await client.dispose();
    }
  };

  while (!signal.aborted) {
    try {
      if ((await session()) === 'caught-up') break;
    } catch (err) {
      if (signal.aborted) break;
      if (isFatal(err)) throw err;
      if (needsResync(err)) {
        emit({ type: 'resync', reason: (err as Error).message });
        if (state) state.cursor = null;
        continue;
      }
      const retryInMs = Math.round(Math.random() * Math.min(backoffMax, backoffBase * 2 ** attempt));
      attempt += 1;
      emit({ type: 'disconnected', reason: (err as Error).message, retryInMs });
      await sleep(retryInMs, undefined, { signal }).catch(() => undefined);
    }
  }
  return { clusters: Object.keys(state?.clusters ?? {}).length, cursor: state?.cursor ?? null };
}
