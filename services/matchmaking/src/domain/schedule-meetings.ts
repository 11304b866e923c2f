import {
  actorOf,
  type Caller,
  conflictError,
  invalidStateError,
  notFoundError,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { scheduleChangedNotice } from '../events/workshop-events.js';
import type { MeetingRecord, TimeWindow } from '../model/meeting.js';
import type { MeetingScheduleDocument, ScheduledMeeting, ScheduleRun } from '../model/meeting-schedule.js';
import type { ParticipantRecord } from '../model/participant.js';
import {
  type Placement,
  type SchedulerInput,
  scheduleB2bMeetings,
  scheduleConflicts,
  type UnplacedReason,
} from './b2b-scheduler.js';
import type { MatchmakingDeps } from './deps.js';
import { requestedId } from './input.js';
import { requireHost, workshopDocument } from './workshop-aggregate.js';
import { dateTime } from './workshop-input.js';
import { meetingSlots } from './workshop-time.js';

export interface ScheduleRunResult extends ScheduleRun {
  /** Whether the run changed the schedule (a rerun with nothing new writes nothing and tells no one). */
  changed: boolean;
  /** Participants whose meetings moved, appeared or went: they were notified. */
  notified: number;
  unplacedMeetings: { meetingId: string; reason: UnplacedReason }[];
}

const FAR_FUTURE = 8.64e15;

/** A participant's windows from `now` on: new meetings go only into slots that have not started. */
function futureAvailability(p: ParticipantRecord, now: number): { startsAt: number; endsAt: number }[] {
  const windows: TimeWindow[] = p.availability ?? [{ startsAt: new Date(now), endsAt: new Date(FAR_FUTURE) }];
  return windows
    .map((w) => ({ startsAt: Math.max(w.startsAt.getTime(), now), endsAt: w.endsAt.getTime() }))
    .filter((w) => w.endsAt > w.startsAt);
}

const placeKey = (p: Pick<ScheduledMeeting, 'meetingId' | 'startsAt' | 'table'>) =>
  `${p.meetingId}@${p.startsAt.getTime()}#${p.table}`;

/**
 * Places the workshop's accepted meetings into slots and tables (b2b-scheduler.ts): the host economy's
 * coordinator or the secretariat. Meetings already placed keep their place (participants were told) unless
 * `reschedule` moves every meeting that has not started; new ones go only into slots that have not started.
 * The schedule and the notifications of everyone whose meetings changed are one write of the workshop's schedule
 * document. Running it again with nothing new changes nothing and tells no one.
 */
export async function scheduleMeetings(
  deps: MatchmakingDeps,
  caller: Caller,
  workshopIdInput: unknown,
  { reschedule = false }: { reschedule?: boolean } = {},
  now = new Date(),
): Promise<ScheduleRunResult> {
  const action = 'schedule the B2B meetings of this workshop';
  requireSignedIn(caller, action);
  const workshopId = requestedId(workshopIdInput, 'workshopId');
  const workshop = await workshopDocument(deps, workshopId);
  const privilege = requireHost(caller, workshop, action);
  if (workshop.status === 'cancelled') throw invalidStateError(`Workshop ${workshopId} is cancelled`, { status: workshop.status });
  const settings = workshop.meetingSettings;
  if (!settings) {
    throw invalidStateError(`Workshop ${workshopId} has no meeting settings: set slots, sessions and tables first`, {
      field: 'meetingSettings',
    });
  }
  const slots = meetingSlots({ ...settings, breakMinutes: settings.breakMinutes ?? 0 });
  const [participants, accepted, current] = await Promise.all([
    deps.participantRepository.registeredIn(workshopId),
    deps.meetingRepository.inWorkshop(workshopId, ['accepted']),
    deps.meetingScheduleRepository.of(workshopId),
  ]);
  const slotAt = new Map(slots.map((s, i) => [s.startsAt.getTime(), i]));
  const acceptedIds = new Set(accepted.map((m) => m.id));
  const started = (p: ScheduledMeeting) => p.startsAt.getTime() <= now.getTime();
  const keep: Placement[] = current.placements.flatMap((p) => {
    const slot = slotAt.get(p.startsAt.getTime());
    if (!acceptedIds.has(p.meetingId) || slot === undefined) return [];
    if (reschedule && !started(p)) return [];
    return [{ requestId: p.meetingId, slot, table: p.table }];
  });
  const input: SchedulerInput = {
    slots: slots.map((s) => ({ startsAt: s.startsAt.getTime(), endsAt: s.endsAt.getTime() })),
    tables: settings.tables,
    participants: participants.map((p) => ({ id: p.id, availability: futureAvailability(p, now.getTime()) })),
    requests: accepted.map((m) => ({ id: m.id, between: [m.requesterId, m.requestedId] as const })),
    keep,
  };
  const result = scheduleB2bMeetings(input);
  const conflicts = scheduleConflicts(input, result.placements);
  // The scheduler is tested never to do this; a schedule with a double booking must not reach anyone.
  if (conflicts.length) throw new Error(`b2b scheduler produced conflicts: ${conflicts.slice(0, 3).join('; ')}`);
  const byId = new Map<string, MeetingRecord>(accepted.map((m) => [m.id, m]));
  const placements: ScheduledMeeting[] = result.placements.map((pl) => {
    const m = byId.get(pl.requestId) as MeetingRecord;
    const slot = slots[pl.slot] as TimeWindow;
    return { meetingId: m.id, between: [m.requesterId, m.requestedId], startsAt: slot.startsAt, endsAt: slot.endsAt, table: pl.table };
  });
  const before = new Set(current.placements.filter((p) => acceptedIds.has(p.meetingId)).map(placeKey));
  const after = new Set(placements.map(placeKey));
  const touched = new Set<string>();
  for (const p of placements) if (!before.has(placeKey(p))) for (const id of p.between) touched.add(id);
  for (const p of current.placements) {
    if (acceptedIds.has(p.meetingId) && !after.has(placeKey(p))) for (const id of p.between) touched.add(id);
  }
  const run: ScheduleRun = {
    at: now,
    by: caller.subject,
    placed: placements.length,
    kept: result.kept,
    unplaced: result.unplaced.length,
    accepted: accepted.length,
  };
  const summary = {
    ...run,
    unplacedMeetings: result.unplaced.map((u) => ({ meetingId: u.requestId, reason: u.reason })),
  };
  const dropped = current.placements.length !== placements.length;
  if (touched.size === 0 && !dropped) return { ...summary, changed: false, notified: 0 };
  const userIds = participants.filter((p) => touched.has(p.id) && p.userId !== 'erased-user').map((p) => p.userId);
  const notices = userIds.length ? scheduleChangedNotice(workshop, userIds, actorOf(caller, privilege)) : [];
  for (const event of notices) deps.validator.assertValid(event);
  await writeSchedule(deps, current, { placements, lastRun: run }, notices);
  return { ...summary, changed: true, notified: userIds.length };
}

/**
 * One version-guarded write of a workshop's schedule document (an insert for its first), with notifications in
 * its outbox. CONFLICT when another run or a reminder sweep wrote it meanwhile: nothing of this one is stored.
 */
export async function writeSchedule(
  deps: MatchmakingDeps,
  current: MeetingScheduleDocument,
  set: Partial<Omit<MeetingScheduleDocument, '_id' | 'version' | 'outbox'>>,
  notices: MeetingScheduleDocument['outbox'],
): Promise<void> {
  const conflict = () =>
    conflictError(`The meeting schedule of workshop ${current._id} changed meanwhile; run it again`, {
      workshopId: current._id,
    });
  if (current.version === 0) {
    try {
      await deps.meetingSchedules.collection.insertOne({ ...current, ...set, version: 1, outbox: notices } as never);
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw conflict();
      throw err;
    }
  } else {
    const res = await deps.meetingSchedules.updateOne(
      { _id: current._id, version: current.version },
      { $set: { ...set, version: current.version + 1 }, ...(notices.length ? { $push: { outbox: { $each: notices } } } : {}) },
    );
    if (res.matchedCount !== 1) throw conflict();
  }
  if (notices.length) await deps.meetingScheduleRelay.flush(current._id).catch(() => {});
}

export const moveMeetingInput = z.object({
  meetingId: z.string().trim().min(1, 'must not be empty').max(100),
  startsAt: dateTime,
  table: z.number().int('must be a whole number').min(1, 'must be at least 1'),
});

/**
 * The host economy's coordinator or the secretariat puts an accepted meeting into a given slot and table, e.g.
 * at a participant's request. Refused with CONFLICT naming the field when a side already meets someone then
 * (`startsAt`) or the table is taken (`table`); the two sides are told of the new place.
 */
export async function moveMeeting(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
  now = new Date(),
): Promise<ScheduledMeeting> {
  const action = 'move the B2B meetings of this workshop';
  requireSignedIn(caller, action);
  const parsed = moveMeetingInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const meeting = await deps.meetingRepository.byId(v.meetingId);
  if (!meeting) throw notFoundError('Meeting', v.meetingId);
  const workshop = await workshopDocument(deps, meeting.workshopId);
  const privilege = requireHost(caller, workshop, action);
  if (meeting.status !== 'accepted') {
    throw invalidStateError(`Meeting ${meeting.id} is ${meeting.status}: only accepted meetings have a place`, {
      status: meeting.status,
    });
  }
  const settings = workshop.meetingSettings;
  if (!settings) throw invalidStateError(`Workshop ${workshop._id} has no meeting settings`, { field: 'meetingSettings' });
  const startsAt = new Date(v.startsAt);
  const slot = meetingSlots(settings).find((s) => s.startsAt.getTime() === startsAt.getTime());
  if (!slot) throw validationError([{ field: 'startsAt', reason: 'is not the start of a meeting slot of this workshop' }]);
  if (slot.startsAt <= now) throw validationError([{ field: 'startsAt', reason: 'has already started' }]);
  if (v.table > settings.tables) {
    throw validationError([{ field: 'table', reason: `must be at most ${settings.tables}, the number of tables` }]);
  }
  const [current, accepted, sides] = await Promise.all([
    deps.meetingScheduleRepository.of(workshop._id),
    deps.meetingRepository.inWorkshop(workshop._id, ['accepted']),
    deps.participantRepository.byIds([meeting.requesterId, meeting.requestedId]),
  ]);
  const live = new Set(accepted.map((m) => m.id));
  const others = current.placements.filter((p) => p.meetingId !== meeting.id && live.has(p.meetingId));
  const same = others.filter((p) => p.startsAt.getTime() === slot.startsAt.getTime());
  const busy = same.find((p) => p.between.includes(meeting.requesterId) || p.between.includes(meeting.requestedId));
  if (busy) {
    throw conflictError(`A side of meeting ${meeting.id} already has meeting ${busy.meetingId} in that slot`, {
      field: 'startsAt',
      meetingId: busy.meetingId,
    });
  }
  const taken = same.find((p) => p.table === v.table);
  if (taken) {
    throw conflictError(`Table ${v.table} is taken by meeting ${taken.meetingId} in that slot`, {
      field: 'table',
      meetingId: taken.meetingId,
    });
  }
  const placed: ScheduledMeeting = {
    meetingId: meeting.id,
    between: [meeting.requesterId, meeting.requestedId],
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    table: v.table,
  };
  const placements = [...others, placed].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.table - b.table);
  const userIds = sides.flatMap((p) => (p && p.status === 'registered' && p.userId !== 'erased-user' ? [p.userId] : []));
  const notices = userIds.length ? scheduleChangedNotice(workshop, userIds, actorOf(caller, privilege)) : [];
  for (const event of notices) deps.validator.assertValid(event);
  await writeSchedule(deps, current, { placements }, notices);
  return placed;
}
