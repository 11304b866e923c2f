import {
  type Caller,
  forbiddenError,
  isSignedIn,
  notFoundError,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import type { MeetingRecord } from '../model/meeting.js';
import type { ScheduledMeeting } from '../model/meeting-schedule.js';
import {
  type ParticipantDocument,
  type ParticipantRecord,
  type ParticipantSector,
  toParticipantRecord,
} from '../model/participant.js';
import type { WorkshopRecord } from '../model/workshop.js';
import type { MatchmakingDeps } from './deps.js';
import { pageSize, requestedId } from './input.js';
import { hostPrivilege, workshopDocument } from './workshop-aggregate.js';
import { windowInput } from './workshop-input.js';

/**
 * What other participants may know of a participant: who they are professionally, never their e-mail, gender or
 * check-in. Shown in the workshop's directory (to registered participants, for those who chose to be listed) and
 * to the other side of a meeting request.
 */
export interface ParticipantCard {
  id: string;
  name: string | null;
  organization: string | null;
  economy: string | null;
  sector: ParticipantSector;
  clusterId: string | null;
}

export const toParticipantCard = (p: ParticipantRecord): ParticipantCard => ({
  id: p.id,
  name: p.name,
  organization: p.organization,
  economy: p.economy,
  sector: p.sector,
  clusterId: p.clusterId,
});

/**
 * Who sees a workshop's participants: the host economy's coordinators and the secretariat see the full list;
 * a participant sees their own registration (and, if registered, the directory); everyone else the counts only.
 */
export async function participantsOf(
  deps: MatchmakingDeps,
  caller: Caller,
  workshop: WorkshopRecord,
  first: number | null | undefined,
): Promise<ParticipantRecord[]> {
  if (!hostPrivilege(caller, workshop)) {
    requireSignedIn(caller, 'see the participants of this workshop');
    throw forbiddenError('Only the host economy’s coordinators and the secretariat see the participant list; others see counts');
  }
  return deps.participantRepository.registeredIn(workshop.id, pageSize(first, 200));
}

/** The caller's live registration for the workshop (pending or registered), or null. */
export async function myRegistration(deps: MatchmakingDeps, caller: Caller, workshopId: string): Promise<ParticipantRecord | null> {
  if (!isSignedIn(caller)) return null;
  return deps.participantRepository.ofUser(workshopId, caller.subject);
}

/**
 * The caller's live registrations (pending or registered) in every workshop, at most `first` (50 unless given, at
 * most 200): those of workshops not yet ended first, the soonest first, then those of ended workshops, the latest
 * first. Only `{_id}` reads, which FerretDB's SQLite backend answers by index (`$in` and any other filter decode the
 * whole collection): the caller's list, then each registration and each workshop. Measured there (10,000
 * registrations, 300 workshops, a busy 2-core machine): 5 registrations 32 ms p50 warm, 50 registrations 217 ms;
 * `find({userId})` on the registrations took 1.8–6 s, one `$in` of 5 registration ids 1.9–6 s, and reading the
 * 5 workshops by one `$in` 90–150 ms against 16 ms by `{_id}` each.
 */
export async function myWorkshopRegistrations(
  deps: MatchmakingDeps,
  caller: Caller,
  first: number | null | undefined,
  /** The workshops of these ids, in order (null: not found). */
  workshopsOf: (ids: string[]) => Promise<(WorkshopRecord | null)[]>,
  now = new Date(),
): Promise<ParticipantRecord[]> {
  requireSignedIn(caller, 'read your workshop registrations');
  const size = pageSize(first, 50);
  const ids = await deps.userRegistrations.idsOf(caller.subject);
  const found = await Promise.all(ids.map((id) => deps.participantRepository.byId(id)));
  const live = found.filter(
    (p): p is ParticipantRecord => p !== null && p.userId === caller.subject && p.status !== 'cancelled',
  );
  const workshops = await workshopsOf(live.map((p) => p.workshopId));
  const rows = live.flatMap((p, i) => {
    const w = workshops[i];
    return w ? [{ p, w }] : [];
  });
  const ended = (w: WorkshopRecord) => w.endsAt.getTime() <= now.getTime();
  rows.sort((a, b) => {
    const [ea, eb] = [ended(a.w), ended(b.w)];
    if (ea !== eb) return ea ? 1 : -1;
    const byStart = a.w.startsAt.getTime() - b.w.startsAt.getTime();
    if (byStart !== 0) return ea ? -byStart : byStart;
    return a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0;
  });
  return rows.slice(0, size).map((r) => r.p);
}

/** Listed registered participants, for registered participants (and the host) to choose whom to ask. */
export async function directoryOf(deps: MatchmakingDeps, caller: Caller, workshop: WorkshopRecord): Promise<ParticipantCard[]> {
  const action = 'see the directory of this workshop';
  requireSignedIn(caller, action);
  if (!hostPrivilege(caller, workshop)) {
    const me = await deps.participantRepository.ofUser(workshop.id, caller.subject);
    if (me?.status !== 'registered') throw forbiddenError(`Only registered participants can ${action}`);
  }
  const all = await deps.participantRepository.registeredIn(workshop.id);
  return all.filter((p) => p.listed).map(toParticipantCard);
}

/** A meeting with its place, as the host sees it. */
export interface PlacedMeeting {
  meeting: MeetingRecord;
  place: ScheduledMeeting | null;
}

/** Every meeting request of a workshop with its place: the host's view. */
export async function meetingsOf(deps: MatchmakingDeps, caller: Caller, workshop: WorkshopRecord): Promise<PlacedMeeting[]> {
  if (!hostPrivilege(caller, workshop)) {
    requireSignedIn(caller, 'see the meetings of this workshop');
    throw forbiddenError('Only the host economy’s coordinators and the secretariat see every meeting');
  }
  const [meetings, schedule] = await Promise.all([
    deps.meetingRepository.inWorkshop(workshop.id, ['requested', 'accepted', 'declined', 'cancelled']),
    deps.meetingScheduleRepository.of(workshop.id),
  ]);
  const places = new Map(schedule.placements.map((p) => [p.meetingId, p]));
  return meetings.map((meeting) => ({
    meeting,
    place: meeting.status === 'accepted' ? (places.get(meeting.id) ?? null) : null,
  }));
}

/** The caller's meeting requests in a workshop, asked and asked for, in every status. */
export async function myMeetingRequests(deps: MatchmakingDeps, caller: Caller, workshopIdInput: unknown): Promise<MeetingRecord[]> {
  requireSignedIn(caller, 'read your meeting requests');
  const workshopId = requestedId(workshopIdInput, 'workshopId');
  const me = await deps.participantRepository.ofUser(workshopId, caller.subject);
  if (!me) return [];
  return deps.meetingRepository.ofParticipant(workshopId, me.id);
}

const availabilityInput = z.object({
  participantId: z.string().trim().min(1, 'must not be empty').max(100),
  availability: z.array(windowInput).max(20, 'at most 20 windows').nullable(),
});

/**
 * When a participant can meet (null: any slot), for the next scheduler run: the participant themselves or the
 * host economy's coordinator or the secretariat. Places already given stay.
 */
export async function setMeetingAvailability(deps: MatchmakingDeps, caller: Caller, input: unknown): Promise<ParticipantRecord> {
  const action = 'set when this participant can meet';
  requireSignedIn(caller, action);
  const parsed = availabilityInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const participant = await deps.participants.findById(v.participantId).lean<ParticipantDocument>();
  if (!participant) throw notFoundError('Participant', v.participantId);
  const workshop = await workshopDocument(deps, participant.workshopId);
  if (participant.userId !== caller.subject && !hostPrivilege(caller, workshop)) {
    throw forbiddenError(`You are not allowed to ${action}`);
  }
  const availability = v.availability?.map((w) => ({ startsAt: new Date(w.startsAt), endsAt: new Date(w.endsAt) })) ?? null;
  await deps.participants.updateOne({ _id: participant._id }, { $set: { availability } });
  return toParticipantRecord({ ...participant, availability });
}
