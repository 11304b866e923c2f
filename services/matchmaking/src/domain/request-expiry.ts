import type { BackgroundWorker, Logger } from '@ccp/kit';
import { collaborationIdOf } from '../model/collaboration.js';
import { DEFAULT_MATCH_REQUEST_EXPIRY_DAYS, type MatchRequestDocument } from '../model/match-request.js';
import { ensureCollaborationOf } from './decide-match-request.js';
import type { MatchmakingDeps } from './deps.js';
import { expireMatchRequest, expiresAtOf } from './match-request-state.js';

/** How often the due requests in memory are looked at. */
export const DEFAULT_EXPIRY_CHECK_MS = 60 * 1000;
/** How often the pending requests are read again from the store (those another process sent since it started). */
export const DEFAULT_EXPIRY_RELOAD_MS = 6 * 60 * 60 * 1000;

/**
 * The pending requests of this process and when each expires, in memory: on FerretDB's SQLite backend any
 * filter but `{_id}` scans the collection, so the store is scanned once at start and rarely after, and each
 * request is then expired by its id. Writes of this process keep it current; reads never need it (an overdue
 * request reads as expired, and acting on one expires it).
 */
export class DueMatchRequests {
  private readonly due = new Map<string, number>();
  private readonly repairs = new Set<string>();

  constructor(readonly expiryDays = DEFAULT_MATCH_REQUEST_EXPIRY_DAYS) {}

  track(id: string, expiresAt: Date): void {
    this.due.set(id, expiresAt.getTime());
  }

  untrack(id: string): void {
    this.due.delete(id);
  }

  /** Ids due by `now`, the longest overdue first. */
  dueBy(now: Date): string[] {
    return [...this.due]
      .filter(([, at]) => at <= now.getTime())
      .sort((a, b) => a[1] - b[1])
      .map(([id]) => id);
  }

  get size(): number {
    return this.due.size;
  }

  /** An accepted request whose collaboration could not be written: the next run writes it. */
  repairLater(id: string): void {
    this.repairs.add(id);
  }

  takeRepairs(): string[] {
    const ids = [...this.repairs];
    this.repairs.clear();
    return ids;
  }
}

/** Expires every tracked request due by `now`; returns how many it expired. */
export async function expireDueMatchRequests(deps: MatchmakingDeps, now = new Date()): Promise<number> {
  let expired = 0;
  for (const id of deps.dueMatchRequests.dueBy(now)) {
    if (await expireMatchRequest(deps, id, now)) expired += 1;
  }
  return expired;
}

type AcceptedOrPending = Pick<MatchRequestDocument, '_id' | 'status' | 'createdAt' | 'expiresAt' | 'collaborationId'>;

/**
 * Reads the pending requests into memory and finishes acceptances whose collaboration a crash left unwritten
 * (an acceptance is stored first, its collaboration right after). One scan of the requests, one `$in` read of
 * collaborations per 500 accepted requests: run at start and every few hours.
 */
export async function reloadMatchRequests(deps: MatchmakingDeps): Promise<{ pending: number; repaired: number }> {
  const docs = await deps.matchRequests
    .find(
      { status: { $in: ['pending', 'accepted'] } },
      { status: 1, createdAt: 1, expiresAt: 1, collaborationId: 1 },
    )
    .lean<AcceptedOrPending[]>();
  const pending = docs.filter((d) => d.status === 'pending');
  for (const d of pending) deps.dueMatchRequests.track(d._id, expiresAtOf(d));
  const accepted = docs.filter(
    (d) => d.status === 'accepted' && d.collaborationId === collaborationIdOf('match-request', d._id),
  );
  let repaired = 0;
  for (let i = 0; i < accepted.length; i += 500) {
    const chunk = accepted.slice(i, i + 500);
    const found = await deps.collaborations
      .find({ _id: { $in: chunk.map((d) => d.collaborationId) } }, { _id: 1 })
      .lean<{ _id: string }[]>();
    const present = new Set(found.map((f) => f._id));
    for (const d of chunk) {
      if (!present.has(d.collaborationId ?? '') && (await repairAcceptance(deps, d._id))) repaired += 1;
    }
  }
  return { pending: pending.length, repaired };
}

async function repairAcceptance(deps: MatchmakingDeps, id: string): Promise<boolean> {
  const request = await deps.matchRequests.findById(id).lean<MatchRequestDocument>();
  return request ? (await ensureCollaborationOf(deps, request)) !== null : false;
}

export interface MatchRequestExpiryOptions {
  checkEveryMs?: number;
  reloadEveryMs?: number;
}

/** Expires overdue pending requests (actor system) within a minute of their time; one run at a time. */
export class MatchRequestExpirySweep implements BackgroundWorker {
  private timer: NodeJS.Timeout | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: MatchmakingDeps,
    private readonly logger: Logger,
    private readonly options: MatchRequestExpiryOptions = {},
  ) {}

  start(): void {
    // The first load runs in the background: a scan must not hold up the service's start.
    void this.reload();
    this.timer = setInterval(() => void this.runOnce(), this.options.checkEveryMs ?? DEFAULT_EXPIRY_CHECK_MS);
    this.reloadTimer = setInterval(() => void this.reload(), this.options.reloadEveryMs ?? DEFAULT_EXPIRY_RELOAD_MS);
    this.timer.unref();
    this.reloadTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.reloadTimer);
    await this.chain;
  }

  /** Reads the pending requests again and repairs interrupted acceptances. */
  reload(): Promise<{ pending: number; repaired: number } | undefined> {
    return this.serialized(async () => {
      const result = await reloadMatchRequests(this.deps);
      if (result.repaired > 0) this.logger.info(result, 'finished interrupted match request acceptances');
      return result;
    }, 'match request reload failed; the next one retries');
  }

  /** One pass: expires what is due by `now` and writes the collaborations a failure left for later. */
  runOnce(now = new Date()): Promise<{ expired: number; repaired: number } | undefined> {
    return this.serialized(async () => {
      const expired = await expireDueMatchRequests(this.deps, now);
      let repaired = 0;
      for (const id of this.deps.dueMatchRequests.takeRepairs()) {
        await repairAcceptance(this.deps, id).then(
          (done) => {
            if (done) repaired += 1;
          },
          () => this.deps.dueMatchRequests.repairLater(id),
        );
      }
      if (expired > 0) this.logger.info({ expired }, 'expired unanswered match requests');
      return { expired, repaired };
    }, 'match request expiry failed; the next run retries');
  }

  private serialized<T>(work: () => Promise<T>, failure: string): Promise<T | undefined> {
    const next = this.chain.then(work).catch((err) => {
      this.logger.warn({ err }, failure);
      return undefined;
    });
    this.chain = next;
    return next;
  }
}
