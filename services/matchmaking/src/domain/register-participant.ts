import { randomUUID } from 'node:crypto';
import {
  type Actor,
  actorOf,
  type Caller,
  conflictError,
  forbiddenError,
  invalidStateError,
  isDuplicateKey,
  managesCluster,
  notFoundError,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { participantRegistered } from '../events/workshop-events.js';
import {
  GENDERS,
  PARTICIPANT_SECTORS,
  type ParticipantDocument,
  type ParticipantRecord,
  registrationKeyOf,
  toParticipantRecord,
} from '../model/participant.js';
import type { WorkshopDocument } from '../model/workshop.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId, economyCode, requestedId, text } from './input.js';
import { cancelMeetingsOf } from './meeting-requests.js';
import { changeWorkshop, hostPrivilege, workshopDocument } from './workshop-aggregate.js';
import { ianaTimeZone, windowInput } from './workshop-input.js';

export const registerForWorkshopInput = z.object({
  workshopId: z.string().trim().min(1, 'must not be empty').max(100),
  name: text(200),
  organization: text(300),
  email: z.email({ message: 'must be an e-mail address' }).max(254, 'must be at most 254 characters'),
  // Null (or absent) for a guest from outside APEC.
  economy: economyCode.nullish(),
  gender: z.enum(GENDERS),
  sector: z.enum(PARTICIPANT_SECTORS),
  clusterId: clusterId.nullish(),
  consent: z.literal(true, { message: 'must be true: nothing is registered without consent' }),
  consentTextVersion: text(50),
  listed: z.boolean().nullish(),
  timeZone: ianaTimeZone.nullish(),
  availability: z.array(windowInput).max(20, 'at most 20 windows').nullish(),
});

export type RegisterForWorkshopInput = z.input<typeof registerForWorkshopInput>;

/** A pending registration older than this was interrupted (a crash between its two writes): retrying completes it. */
const INTERRUPTED_AFTER_MS = 30_000;

const isOpen = (w: Pick<WorkshopDocument, 'status'>) => w.status === 'registration-open';

function notOpen(w: WorkshopDocument): GraphQLError {
  return invalidStateError(`Workshop ${w._id} is not open for registration (it is ${w.status ?? 'scheduled'})`, {
    field: 'workshopId',
    status: w.status ?? 'scheduled',
  });
}

function full(w: WorkshopDocument): GraphQLError {
  return invalidStateError(`Workshop ${w._id} is full: all ${w.capacity} seats are taken`, {
    field: 'workshopId',
    capacity: w.capacity,
  });
}

/**
 * Registers the signed-in user for a workshop open for registration, with their consent; a linked cluster must be
 * one they manage. One live registration per user and workshop (CONFLICT); a full workshop refuses (INVALID_STATE).
 *
 * Two writes without a transaction, ordered so that nothing is half-written: (1) the registration is stored as
 * pending under a unique `<workshop>:<user>` key; (2) one version-guarded update of the workshop takes the seat
 * (only while `seats.length < capacity`) with the participant-registered event; (3) the registration becomes
 * registered. A refusal in (2) deletes the pending registration; a crash after (1) or (2) is completed by
 * registering again (the seat is taken once: it is in the workshop's seat list).
 */
export async function registerForWorkshop(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
  now = new Date(),
): Promise<ParticipantRecord> {
  requireSignedIn(caller, 'register for workshops');
  const parsed = registerForWorkshopInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  if (v.clusterId && !managesCluster(caller, v.clusterId)) {
    throw forbiddenError(`You can only register for a cluster you manage (clusterId ${v.clusterId})`);
  }
  const workshop = await workshopDocument(deps, v.workshopId);
  if (!isOpen(workshop)) throw notOpen(workshop);
  if (workshop.seats.length >= workshop.capacity && !(await releaseLeakedSeats(deps, workshop))) throw full(workshop);
  const doc: ParticipantDocument = {
    _id: randomUUID(),
    workshopId: workshop._id,
    userId: caller.subject,
    registrationKey: registrationKeyOf(workshop._id, caller.subject),
    status: 'pending',
    name: v.name,
    organization: v.organization,
    email: v.email.trim(),
    economy: v.economy ?? null,
    gender: v.gender,
    sector: v.sector,
    clusterId: v.clusterId ?? null,
    consent: { given: true, at: now, textVersion: v.consentTextVersion },
    listed: v.listed ?? false,
    timeZone: v.timeZone ?? null,
    availability: v.availability?.map((w) => ({ startsAt: new Date(w.startsAt), endsAt: new Date(w.endsAt) })) ?? null,
    registeredAt: now,
    checkedInAt: null,
    cancelledAt: null,
    erasedAt: null,
  };
  try {
    await deps.participants.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await deps.participants
      .findOne({ registrationKey: doc.registrationKey })
      .lean<ParticipantDocument>();
    if (existing?.status === 'pending' && now.getTime() - existing.registeredAt.getTime() > INTERRUPTED_AFTER_MS) {
      return takeSeat(deps, existing, actorOf(caller));
    }
    throw conflictError(`You are already registered for workshop ${workshop._id}`, {
      field: 'workshopId',
      participantId: existing?._id,
    });
  }
  return takeSeat(deps, doc, actorOf(caller));
}

async function takeSeat(deps: MatchmakingDeps, doc: ParticipantDocument, actor: Actor): Promise<ParticipantRecord> {
  // Noted before the seat is taken, so a registration holding one is always in its user's list.
  await deps.userRegistrations.add(doc.userId, doc._id);
  try {
    await changeWorkshop(deps, doc.workshopId, (w) => {
      if (w.seats.includes(doc._id)) return { result: undefined };
      if (!isOpen(w)) throw notOpen(w);
      if (w.seats.length >= w.capacity) throw full(w);
      const seats = [...w.seats, doc._id];
      return {
        result: undefined,
        write: {
          set: { seats, participantCount: seats.length },
          event: (sequence) => participantRegistered(w, sequence, doc, actor),
        },
      };
    });
  } catch (err) {
    // A refusal leaves nothing behind; any other failure keeps the pending registration for a retry to complete.
    if (err instanceof GraphQLError) {
      await deps.participants.deleteOne({ _id: doc._id, status: 'pending' });
      await deps.userRegistrations.remove(doc.userId, doc._id);
    }
    throw err;
  }
  await deps.participants.updateOne({ _id: doc._id, status: 'pending' }, { $set: { status: 'registered' } });
  return toParticipantRecord({ ...doc, status: 'registered' });
}

/**
 * Seats of registrations cancelled by a cancellation that stopped before giving its seat back (it marks the
 * registration first). Only looked for when the workshop seems full: one read of those participants.
 */
async function releaseLeakedSeats(deps: MatchmakingDeps, workshop: WorkshopDocument): Promise<boolean> {
  const holders = await deps.participants
    .find({ _id: { $in: workshop.seats } }, { status: 1 })
    .lean<Pick<ParticipantDocument, '_id' | 'status'>[]>();
  const live = new Set(holders.filter((p) => p.status !== 'cancelled').map((p) => p._id));
  if (live.size === workshop.seats.length) return false;
  return changeWorkshop(deps, workshop._id, (w) => {
    const seats = w.seats.filter((id) => live.has(id) || !workshop.seats.includes(id));
    if (seats.length === w.seats.length) return { result: seats.length < w.capacity };
    return { result: seats.length < w.capacity, write: { set: { seats, participantCount: seats.length } } };
  });
}

/**
 * Gives a seat back: the participant (their own registration) or the host economy's coordinator or the secretariat.
 * Their live meeting requests are cancelled and the other sides told. A checked-in participant stays (INVALID_STATE).
 * The registration is marked first, then the seat released (a crash in between leaves a seat that
 * releaseLeakedSeats finds when the workshop looks full). Cancelling again changes nothing.
 */
export async function cancelRegistration(
  deps: MatchmakingDeps,
  caller: Caller,
  participantIdInput: unknown,
  now = new Date(),
): Promise<ParticipantRecord> {
  const action = 'cancel this registration';
  requireSignedIn(caller, action);
  const participantId = requestedId(participantIdInput, 'participantId');
  const found = await deps.participants.findById(participantId).lean<ParticipantDocument>();
  if (!found) throw notFoundError('Participant', participantId);
  const workshop = await workshopDocument(deps, found.workshopId);
  const privilege = hostPrivilege(caller, workshop);
  if (found.userId !== caller.subject && !privilege) {
    throw forbiddenError(`You are not allowed to ${action}`);
  }
  if (found.checkedInAt || workshop.checkedIn.includes(found._id)) {
    throw invalidStateError(`Participant ${participantId} has checked in; the registration stays`, {
      field: 'participantId',
    });
  }
  const actor = actorOf(caller, found.userId === caller.subject ? null : privilege);
  if (found.status !== 'cancelled') {
    await deps.participants.updateOne(
      { _id: participantId, status: { $ne: 'cancelled' } },
      { $set: { status: 'cancelled', cancelledAt: now, registrationKey: `cancelled:${participantId}` } },
    );
  }
  await changeWorkshop(deps, workshop._id, (w) => {
    if (!w.seats.includes(participantId)) return { result: undefined };
    const seats = w.seats.filter((id) => id !== participantId);
    return { result: undefined, write: { set: { seats, participantCount: seats.length } } };
  });
  await cancelMeetingsOf(deps, workshop, participantId, actor, now);
  await deps.userRegistrations.remove(found.userId, participantId);
  const after = await deps.participants.findById(participantId).lean<ParticipantDocument>();
  return toParticipantRecord(after ?? found);
}
