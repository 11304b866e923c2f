import {
  type Actor,
  type Caller,
  type CloudEvent,
  clusterPrivilege,
  invalidStateError,
  notFoundError,
  type Privilege,
  SYSTEM_ACTOR,
  validationError,
} from '@ccp/kit';
import {
  type ClusterNames,
  matchRequestExpired,
  type RequestParties,
  requestExpiredNotice,
} from '../events/match-request-events.js';
import {
  DAY_MS,
  DEFAULT_MATCH_REQUEST_EXPIRY_DAYS,
  type MatchRequestDocument,
  type MatchRequestRecord,
  type MatchRequestStatus,
} from '../model/match-request.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId } from './input.js';

/** The days a new request stays pending (MATCH_REQUEST_EXPIRY_DAYS). */
export const expiryDaysOf = (deps: MatchmakingDeps) => deps.dueMatchRequests.expiryDays;

type Expiring = Pick<MatchRequestRecord, 'status' | 'createdAt'> & { expiresAt?: Date | null };

export const expiresAtOf = (r: Expiring) =>
  r.expiresAt ?? new Date(r.createdAt.getTime() + DEFAULT_MATCH_REQUEST_EXPIRY_DAYS * DAY_MS);

/** Pending past its expiry: it is expired, whether or not the sweep has written it yet. */
export const isOverdue = (r: Expiring, now = new Date()) =>
  r.status === 'pending' && expiresAtOf(r).getTime() <= now.getTime();

/** What a reader sees: an overdue request reads as expired before the sweep writes it (reads never write). */
export const effectiveStatus = (r: Expiring, now = new Date()): MatchRequestStatus =>
  isOverdue(r, now) ? 'expired' : (r.status as MatchRequestStatus);

type Sides = Pick<MatchRequestRecord, 'fromClusterId' | 'fromEconomy' | 'toClusterId' | 'toEconomy'>;

/** The caller's privilege for one side of a request: that cluster's managers, its coordinators, the secretariat. */
export function sidePrivilege(caller: Caller, r: Sides, side: 'from' | 'to'): Privilege | null {
  return side === 'from'
    ? clusterPrivilege(caller, { id: r.fromClusterId, economy: r.fromEconomy })
    : clusterPrivilege(caller, { id: r.toClusterId, economy: r.toEconomy });
}

/** A request and its messages are read by the two clusters' managers, their coordinators and the secretariat. */
export const canReadMatchRequest = (caller: Caller, r: Sides) =>
  sidePrivilege(caller, r, 'from') !== null || sidePrivilege(caller, r, 'to') !== null;

/** A request id given as input: a string, never an operator object reaching a filter. */
export function requestIdInput(value: unknown, field: string): string {
  const parsed = clusterId.safeParse(value);
  if (!parsed.success) {
    throw validationError([{ field, reason: 'must be a non-empty string of at most 100 characters' }]);
  }
  return parsed.data;
}

export async function loadMatchRequest(
  deps: MatchmakingDeps,
  id: string,
): Promise<MatchRequestDocument> {
  const doc = await deps.matchRequests.findById(id).lean<MatchRequestDocument>();
  if (!doc) throw notFoundError('MatchRequest', id);
  return doc;
}

/** Names for notifications from the read model; an id stands in for a cluster it does not know. */
export async function partiesOf(
  deps: MatchmakingDeps,
  request: Pick<MatchRequestDocument, '_id' | 'fromClusterId' | 'toClusterId'>,
): Promise<RequestParties> {
  const [from, to] = await Promise.all([
    deps.clusterFacts.byId(request.fromClusterId),
    deps.clusterFacts.byId(request.toClusterId),
  ]);
  const names = (facts: typeof from, id: string): ClusterNames => ({
    en: facts?.names.en ?? id,
    ru: facts?.names.ru ?? null,
  });
  return { request, from: names(from, request.fromClusterId), to: names(to, request.toClusterId) };
}

export interface RequestChange {
  set: Partial<MatchRequestDocument>;
  events: CloudEvent[];
  /** The request leaves pending: its pair key goes, so the pair may be asked again. */
  closes?: boolean;
}

/**
 * One version-guarded single-document write: the change, version + 1 and its events appended to the outbox.
 * Returns the new document, or null when another write came first (the caller reads again and decides again).
 */
export async function writeRequestChange(
  deps: MatchmakingDeps,
  current: MatchRequestDocument,
  change: RequestChange,
): Promise<MatchRequestDocument | null> {
  for (const event of change.events) deps.validator.assertValid(event);
  const version = current.version + 1;
  const outbox = [...(current.outbox ?? []), ...change.events];
  const res = await deps.matchRequests.updateOne(
    { _id: current._id, version: current.version },
    {
      $set: { ...change.set, version, outbox },
      ...(change.closes ? { $unset: { pendingKey: '' } } : {}),
    },
  );
  if (res.matchedCount !== 1) return null;
  const next: MatchRequestDocument = { ...current, ...change.set, version, outbox };
  if (change.closes) {
    delete next.pendingKey;
    deps.dueMatchRequests.untrack(current._id);
  }
  await deps.matchRequestRelay.flush(current._id).catch(() => {});
  return next;
}

/** How often a decision is tried again when a message or another decision changed the request meanwhile. */
export const WRITE_ATTEMPTS = 5;

export function changedMeanwhile(id: string, field = 'id') {
  return invalidStateError(`Match request ${id} changed meanwhile; read it again and retry`, { field });
}

/**
 * Marks an overdue pending request expired (actor system) and tells the sender. Returns the expired request,
 * or null when it was no longer pending (answered or expired by someone else first).
 */
export async function expireMatchRequest(
  deps: MatchmakingDeps,
  id: string,
  now = new Date(),
): Promise<MatchRequestDocument | null> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await deps.matchRequests.findById(id).lean<MatchRequestDocument>();
    if (!current || !isOverdue(current, now)) {
      if (current?.status === 'pending') deps.dueMatchRequests.track(id, expiresAtOf(current));
      else deps.dueMatchRequests.untrack(id);
      return null;
    }
    const decidedAt = now;
    const next = { ...current, version: current.version + 1, decidedAt };
    const actor: Actor = SYSTEM_ACTOR;
    const parties = await partiesOf(deps, current);
    const written = await writeRequestChange(deps, current, {
      set: { status: 'expired', decidedAt, decidedBy: SYSTEM_ACTOR.subject },
      events: [
        matchRequestExpired(next, actor),
        requestExpiredNotice(parties, expiryDaysOf(deps), actor),
      ],
      closes: true,
    });
    if (written) return written;
  }
  return null;
}

/** Acting on an overdue request expires it first, then says so. */
export async function refuseOverdue(
  deps: MatchmakingDeps,
  current: MatchRequestDocument,
  action: string,
  field = 'id',
): Promise<never> {
  await expireMatchRequest(deps, current._id);
  throw invalidStateError(`Cannot ${action}: match request ${current._id} expired`, {
    field,
    status: 'expired',
  });
}

export function refuseStatus(current: MatchRequestDocument, action: string, field = 'id'): never {
  throw invalidStateError(`Cannot ${action}: match request ${current._id} is ${current.status}`, {
    field,
    status: current.status,
  });
}
