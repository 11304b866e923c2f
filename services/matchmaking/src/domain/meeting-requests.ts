import { randomUUID } from 'node:crypto';
import {
  type Actor,
  actorOf,
  type Caller,
  conflictError,
  forbiddenError,
  invalidStateError,
  isDuplicateKey,
  notFoundError,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import {
  meetingAnsweredNotice,
  meetingCancelledNotice,
  meetingRequestedNotice,
} from '../events/workshop-events.js';
import {
  type MeetingDocument,
  type MeetingRecord,
  meetingPairKeyOf,
  sideOf,
  toMeetingRecord,
} from '../model/meeting.js';
import type { ParticipantDocument, ParticipantRecord } from '../model/participant.js';
import type { WorkshopDocument } from '../model/workshop.js';
import type { MatchmakingDeps } from './deps.js';
import { requestedId, text } from './input.js';
import { hostPrivilege, workshopDocument } from './workshop-aggregate.js';

export const requestMeetingInput = z.object({
  workshopId: z.string().trim().min(1, 'must not be empty').max(100),
  withParticipantId: z.string().trim().min(1, 'must not be empty').max(100),
  note: text(1000).nullish(),
});

const isUser = (userId: string) => userId !== 'erased-user';

/** The caller's registration (holding a seat) for the workshop; FORBIDDEN without one. */
export async function ownRegistration(
  deps: MatchmakingDeps,
  caller: Caller,
  workshopId: string,
  action: string,
): Promise<ParticipantRecord> {
  const me = await deps.participantRepository.ofUser(workshopId, caller.subject);
  if (me?.status !== 'registered') {
    throw forbiddenError(`Only registered participants of workshop ${workshopId} can ${action}`);
  }
  return me;
}

function requireMeetingsPossible(w: WorkshopDocument, now: Date): void {
  if (w.status === 'cancelled') throw invalidStateError(`Workshop ${w._id} is cancelled`, { status: w.status });
  if (now > w.endsAt) throw invalidStateError(`Workshop ${w._id} is over`, { endsAt: w.endsAt.toISOString() });
}

/**
 * A registered participant asks another registered participant of the same workshop, listed in its directory, for
 * a B2B meeting; the other side accepts or declines, and the host's scheduler places accepted ones. One live request
 * per pair, whoever asked (CONFLICT). Asking reveals the asker's card (name, organization, economy, cluster) to the
 * one asked, who is told by a notification written with the request.
 */
export async function requestMeeting(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
  now = new Date(),
): Promise<MeetingRecord> {
  const action = 'ask for B2B meetings';
  requireSignedIn(caller, action);
  const parsed = requestMeetingInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const workshop = await workshopDocument(deps, v.workshopId);
  const me = await ownRegistration(deps, caller, workshop._id, action);
  requireMeetingsPossible(workshop, now);
  if (v.withParticipantId === me.id) {
    throw validationError([{ field: 'withParticipantId', reason: 'you cannot ask yourself for a meeting' }]);
  }
  const other = await deps.participants.findById(v.withParticipantId).lean<ParticipantDocument>();
  // Unknown, unlisted and other workshops' participants look the same: the directory is all one may know.
  if (!other || other.workshopId !== workshop._id || other.status !== 'registered' || !other.listed) {
    throw validationError([{ field: 'withParticipantId', reason: 'is not a listed participant of this workshop' }]);
  }
  const doc: MeetingDocument = {
    _id: randomUUID(),
    workshopId: workshop._id,
    requesterId: me.id,
    requestedId: other._id,
    pairKey: meetingPairKeyOf(workshop._id, me.id, other._id),
    note: v.note ?? null,
    status: 'requested',
    createdAt: now,
    respondedAt: null,
    cancelledAt: null,
    outcomes: { requester: null, requested: null },
    collaborationId: null,
    version: 1,
    outbox: isUser(other.userId) ? meetingRequestedNotice(workshop, other.userId, me, actorOf(caller)) : [],
  };
  for (const event of doc.outbox) deps.validator.assertValid(event);
  try {
    await deps.meetings.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await deps.meetings.findOne({ pairKey: doc.pairKey }, { _id: 1, status: 1 }).lean<MeetingDocument>();
    throw conflictError(`You and participant ${other._id} already have a meeting request (${existing?.status ?? 'live'})`, {
      field: 'withParticipantId',
      meetingId: existing?._id,
    });
  }
  await deps.meetingRelay.flush(doc._id).catch(() => {});
  return toMeetingRecord(doc);
}

async function meetingDocument(deps: MatchmakingDeps, meetingId: string): Promise<MeetingDocument> {
  const doc = await deps.meetings.findById(meetingId).lean<MeetingDocument>();
  if (!doc) throw notFoundError('Meeting', meetingId);
  return doc;
}

/** One version-guarded write of a meeting; CONFLICT when it changed meanwhile (the caller reads it again). */
async function writeMeeting(
  deps: MatchmakingDeps,
  doc: MeetingDocument,
  set: Partial<MeetingDocument>,
  notices: ReturnType<typeof meetingCancelledNotice>,
): Promise<MeetingDocument> {
  for (const event of notices) deps.validator.assertValid(event);
  const res = await deps.meetings.updateOne(
    { _id: doc._id, version: doc.version },
    { $set: { ...set, version: doc.version + 1 }, ...(notices.length ? { $push: { outbox: { $each: notices } } } : {}) },
  );
  if (res.matchedCount !== 1) {
    throw conflictError(`Meeting ${doc._id} changed meanwhile; read it again`, { meetingId: doc._id });
  }
  if (notices.length) await deps.meetingRelay.flush(doc._id).catch(() => {});
  return { ...doc, ...set, version: doc.version + 1 };
}

/** The participant asked accepts or declines; answering the same way again changes nothing. */
export async function respondToMeetingRequest(
  deps: MatchmakingDeps,
  caller: Caller,
  meetingIdInput: unknown,
  accept: boolean,
  now = new Date(),
): Promise<MeetingRecord> {
  const action = 'answer this meeting request';
  requireSignedIn(caller, action);
  const meeting = await meetingDocument(deps, requestedId(meetingIdInput, 'meetingId'));
  const me = await deps.participantRepository.ofUser(meeting.workshopId, caller.subject);
  if (!me || me.id !== meeting.requestedId) throw forbiddenError(`Only the participant asked can ${action}`);
  const status = accept ? 'accepted' : 'declined';
  if (meeting.status === status) return toMeetingRecord(meeting);
  if (meeting.status !== 'requested') {
    throw invalidStateError(`Meeting ${meeting._id} is ${meeting.status}, not requested`, { status: meeting.status });
  }
  const workshop = await workshopDocument(deps, meeting.workshopId);
  requireMeetingsPossible(workshop, now);
  const requester = await deps.participantRepository.byId(meeting.requesterId);
  const notices =
    requester && isUser(requester.userId) ? meetingAnsweredNotice(workshop, requester.userId, accept, actorOf(caller)) : [];
  return toMeetingRecord(await writeMeeting(deps, meeting, { status, respondedAt: now }, notices));
}

/**
 * Either side, or the host economy's coordinator or the secretariat, calls a requested or accepted meeting off;
 * the pair may ask again later. A scheduled place is freed at the next scheduler run (readers skip it at once).
 */
export async function cancelMeeting(
  deps: MatchmakingDeps,
  caller: Caller,
  meetingIdInput: unknown,
  now = new Date(),
): Promise<MeetingRecord> {
  const action = 'cancel this meeting';
  requireSignedIn(caller, action);
  const meeting = await meetingDocument(deps, requestedId(meetingIdInput, 'meetingId'));
  const workshop = await workshopDocument(deps, meeting.workshopId);
  const me = await deps.participantRepository.ofUser(meeting.workshopId, caller.subject);
  const side = me ? sideOf(meeting, me.id) : null;
  const privilege = hostPrivilege(caller, workshop);
  if (!side && !privilege) throw forbiddenError(`You are not allowed to ${action}`);
  if (meeting.status === 'cancelled') return toMeetingRecord(meeting);
  if (meeting.status === 'declined') {
    throw invalidStateError(`Meeting ${meeting._id} was declined`, { status: meeting.status });
  }
  const others = [meeting.requesterId, meeting.requestedId].filter((id) => id !== me?.id);
  const cancelled = await cancelOne(deps, workshop, meeting, others, actorOf(caller, side ? null : privilege), now);
  return toMeetingRecord(cancelled);
}

async function cancelOne(
  deps: MatchmakingDeps,
  workshop: WorkshopDocument,
  meeting: MeetingDocument,
  notify: string[],
  actor: Actor,
  now: Date,
): Promise<MeetingDocument> {
  const people = await deps.participantRepository.byIds(notify);
  const userIds = people.flatMap((p) => (p && p.status === 'registered' && isUser(p.userId) ? [p.userId] : []));
  const notices = userIds.length ? meetingCancelledNotice(workshop, userIds, actor) : [];
  return writeMeeting(
    deps,
    meeting,
    { status: 'cancelled', cancelledAt: now, pairKey: `${meeting.pairKey}#cancelled:${meeting._id}` },
    notices,
  );
}

/** A participant leaves: their live requests are called off and the other sides told. */
export async function cancelMeetingsOf(
  deps: MatchmakingDeps,
  workshop: WorkshopDocument,
  participantId: string,
  actor: Actor,
  now: Date,
): Promise<number> {
  const live = await deps.meetings
    .find({
      workshopId: workshop._id,
      status: { $in: ['requested', 'accepted'] },
      $or: [{ requesterId: participantId }, { requestedId: participantId }],
    })
    .lean<MeetingDocument[]>();
  for (const meeting of live) {
    const other = meeting.requesterId === participantId ? meeting.requestedId : meeting.requesterId;
    await cancelOne(deps, workshop, meeting, [other], actor, now).catch(() => {});
  }
  return live.length;
}
