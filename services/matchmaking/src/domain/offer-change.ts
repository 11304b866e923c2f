import {
  type Caller,
  type CloudEvent,
  clusterPrivilege,
  invalidStateError,
  notFoundError,
  type Privilege,
  requirePrivilege,
} from '@ccp/kit';
import {
  type CooperationOfferDocument,
  type CooperationOfferRecord,
  type OfferCloseReason,
  type OfferStatus,
  toCooperationOfferRecord,
} from '../model/cooperation-offer.js';
import type { MatchmakingDeps } from './deps.js';
import { todayUtc } from './offer-input.js';

const DAY_MS = 24 * 60 * 60 * 1000;

type Dated = Pick<CooperationOfferRecord, 'deadline' | 'status' | 'closeReason' | 'closedAt'>;

/** The deadline is the last day to answer (UTC): the offer expires when that day is over. */
export const isPastDeadline = (offer: Pick<Dated, 'deadline'>, now = new Date()) =>
  offer.deadline != null && offer.deadline < todayUtc(now);

/** The instant the deadline passed: the start of the next UTC day. */
export const deadlineEnd = (deadline: string) => new Date(Date.parse(`${deadline}T00:00:00Z`) + DAY_MS);

/**
 * What readers see: an open offer past its deadline is closed as expired even before the sweep writes it, so
 * nobody can act on it and it leaves the open lists at midnight UTC exactly.
 */
export function effectiveState(offer: Dated, now = new Date()) {
  if (offer.status === 'open' && isPastDeadline(offer, now)) {
    return {
      status: 'closed' as OfferStatus,
      closeReason: 'expired' as OfferCloseReason,
      closedAt: deadlineEnd(offer.deadline!),
    };
  }
  return { status: offer.status, closeReason: offer.closeReason, closedAt: offer.closedAt };
}

/** The status a reader sees on a given UTC day (YYYY-MM-DD), for scanning many offers with one clock read. */
export const statusOn = (offer: Pick<Dated, 'status' | 'deadline'>, today: string): OfferStatus =>
  offer.status === 'open' && offer.deadline != null && offer.deadline < today ? 'closed' : offer.status;

/** INVALID_STATE naming `field` unless the offer is open and its deadline has not passed. */
export function requireAnswerable(offer: CooperationOfferDocument, field: string, action: string): void {
  const state = effectiveState(offer);
  if (state.status === 'open') return;
  const why =
    state.closeReason === 'expired'
      ? `its deadline ${offer.deadline} has passed`
      : `it was closed${state.closeReason ? ` (${state.closeReason})` : ''}`;
  throw invalidStateError(`Cannot ${action}: cooperation offer ${offer._id} is closed; ${why}`, {
    field,
    status: 'CLOSED',
    closeReason: state.closeReason?.toUpperCase() ?? null,
  });
}

export async function offerDocument(deps: MatchmakingDeps, id: string): Promise<CooperationOfferDocument> {
  const doc = await deps.offers.findById(id).lean<CooperationOfferDocument>();
  if (!doc) throw notFoundError('Cooperation offer', id);
  // Offers stored before follows and interests existed have neither list.
  return { ...doc, followers: doc.followers ?? [], interests: doc.interests ?? [] };
}

/** The owning cluster's managers, its economy's coordinators and the secretariat act for an offer. */
export const offerPrivilege = (
  caller: Caller,
  offer: Pick<CooperationOfferRecord, 'clusterId' | 'economy'>,
) => clusterPrivilege(caller, { id: offer.clusterId, economy: offer.economy });

export function requireOfferPrivilege(
  caller: Caller,
  offer: CooperationOfferDocument,
  action: string,
): Privilege {
  return requirePrivilege(caller, offerPrivilege(caller, offer), action);
}

/** What a change writes: fields to set and the events for the outbox (the offer's own and notifications). */
export interface OfferWrite {
  set: Partial<CooperationOfferDocument>;
  events: CloudEvent[];
}

const ATTEMPTS = 3;
/** Changes of one offer in this process, one after another: a burst of follows must not exhaust the retries. */
const queues = new Map<string, Promise<unknown>>();

export function oneAtATime<T>(id: string, work: () => Promise<T>): Promise<T> {
  const next = (queues.get(id) ?? Promise.resolve()).then(work, work);
  const settled = next.catch(() => {});
  queues.set(id, settled);
  void settled.finally(() => {
    if (queues.get(id) === settled) queues.delete(id);
  });
  return next;
}

/**
 * Reads the offer, lets `decide` check it and say what to write (or null: nothing to do), and writes the
 * fields, the next version and the events in one update guarded by the version read; when a concurrent write
 * won, it reads again and decides again. Nothing is written when `decide` throws. The result is put into the
 * read model and the outbox flushed. Within a process, changes of one offer run one at a time; the version
 * guard covers other processes.
 */
export function changeOffer(
  deps: MatchmakingDeps,
  id: string,
  decide: (current: CooperationOfferDocument) => OfferWrite | null,
): Promise<CooperationOfferRecord> {
  return oneAtATime(id, () => writeChange(deps, id, decide));
}

async function writeChange(
  deps: MatchmakingDeps,
  id: string,
  decide: (current: CooperationOfferDocument) => OfferWrite | null,
): Promise<CooperationOfferRecord> {
  for (let attempt = 1; ; attempt++) {
    const current = await offerDocument(deps, id);
    const write = decide(current);
    if (!write) return toCooperationOfferRecord(current);
    for (const event of write.events) deps.validator.assertValid(event);
    const version = current.version + 1;
    const outbox = [...(current.outbox ?? []), ...write.events];
    const res = await deps.offers.updateOne(
      { _id: id, version: current.version },
      { $set: { ...write.set, version, outbox } },
    );
    if (res.matchedCount === 1) {
      const record = toCooperationOfferRecord({ ...current, ...write.set, version, outbox });
      deps.offerRepository.put(record);
      if (write.events.length) await deps.offerRelay.flush(id).catch(() => {});
      return record;
    }
    if (attempt >= ATTEMPTS) {
      throw invalidStateError(`Cooperation offer ${id} is changing right now; try again`, { field: 'id' });
    }
  }
}
