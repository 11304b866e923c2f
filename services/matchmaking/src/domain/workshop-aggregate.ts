import { type Caller, type CloudEvent, conflictError, economyPrivilege, notFoundError, type Privilege, requirePrivilege } from '@ccp/kit';
import type { WorkshopDocument } from '../model/workshop.js';
import type { MatchmakingDeps } from './deps.js';

/** What a use case decides on the current workshop: nothing to write, or fields, a version bump and an event. */
export type WorkshopChange<T> =
  | { result: T; write?: undefined }
  | {
      result: T;
      write: {
        set: Partial<Omit<WorkshopDocument, '_id' | 'version' | 'outbox'>>;
        /** The event of this change, built with the new version as its sequence. */
        event?: (sequence: number) => CloudEvent;
        /** Notification requests leaving with it (their own subjects). */
        notices?: CloudEvent[];
      };
    };

/** Concurrent writers of one workshop (check-in at the door) retry this many times before giving up. */
const ATTEMPTS = 25;

/**
 * One version-guarded single-document write of the workshop aggregate with its event in the outbox, decided on
 * the document as read; a concurrent change makes it read and decide again. `decide` may throw (a rule broken),
 * and then nothing is written.
 */
export async function changeWorkshop<T>(
  deps: MatchmakingDeps,
  workshopId: string,
  decide: (doc: WorkshopDocument) => WorkshopChange<T> | Promise<WorkshopChange<T>>,
): Promise<T> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const doc = await deps.workshopRepository.document(workshopId);
    if (!doc) throw notFoundError('Workshop', workshopId);
    const change = await decide(doc);
    if (!change.write) return change.result;
    const sequence = doc.version + 1;
    const events = [...(change.write.event ? [change.write.event(sequence)] : []), ...(change.write.notices ?? [])];
    for (const event of events) deps.validator.assertValid(event);
    const res = await deps.workshops.updateOne(
      { _id: workshopId, version: doc.version },
      {
        $set: { ...change.write.set, version: sequence },
        ...(events.length ? { $push: { outbox: { $each: events } } } : {}),
      },
    );
    if (res.matchedCount === 1) {
      if (events.length) await deps.workshopRelay.flush(workshopId).catch(() => {});
      return change.result;
    }
  }
  throw conflictError(`Workshop ${workshopId} is changing too often right now; try again`, { workshopId });
}

/** The workshop as stored; NOT_FOUND otherwise. */
export async function workshopDocument(deps: MatchmakingDeps, workshopId: string): Promise<WorkshopDocument> {
  const doc = await deps.workshopRepository.document(workshopId);
  if (!doc) throw notFoundError('Workshop', workshopId);
  return doc;
}

/** The host economy's coordinator or the secretariat: they edit the workshop and see its participants. */
export function hostPrivilege(caller: Caller, workshop: { hostEconomy: string }): Privilege | null {
  return economyPrivilege(caller, workshop.hostEconomy);
}

export function requireHost(caller: Caller, workshop: { hostEconomy: string }, action: string): Privilege {
  return requirePrivilege(caller, hostPrivilege(caller, workshop), action);
}
