import DataLoader from 'dataloader';
import type {
  Gender,
  MeetingOutcome,
  MeetingStatus,
  ParticipantSector,
  ParticipantStatus,
  Resolvers,
  UnplacedReason,
} from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { checkInParticipant } from '../domain/check-in-participant.js';
import { cancelMeeting, requestMeeting, respondToMeetingRequest } from '../domain/meeting-requests.js';
import { myScheduleIcs, myWorkshopSchedule } from '../domain/my-meeting-schedule.js';
import { recordMeetingOutcome } from '../domain/record-meeting-outcome.js';
import { cancelRegistration, registerForWorkshop } from '../domain/register-participant.js';
import { moveMeeting, scheduleMeetings } from '../domain/schedule-meetings.js';
import { setWorkshopStatus, updateWorkshop } from '../domain/update-workshop.js';
import {
  myMeetingRequests,
  myWorkshopRegistrations,
  type ParticipantCard,
  setMeetingAvailability,
  toParticipantCard,
} from '../domain/workshop-participants.js';
import { localIso, meetingSlots } from '../domain/workshop-time.js';
import type { MeetingOutcome as Outcome, MeetingRecord } from '../model/meeting.js';
import type { MeetingScheduleDocument, ScheduleRun } from '../model/meeting-schedule.js';
import type { ParticipantRecord } from '../model/participant.js';
import type { WorkshopStatus } from '../model/workshop.js';

/** `prefer-not-to-say` ⇄ `PREFER_NOT_TO_SAY`: the domain speaks the events' values, the graph its enums. */
export const toEnum = (value: string) => value.toUpperCase().replace(/-/g, '_');
const fromEnum = <T extends string>(value: string) => value.toLowerCase().replace(/_/g, '-') as T;

export interface MeetingPlaceView {
  startsAt: Date;
  endsAt: Date;
  table: number;
  onlineLink: string | null;
  timeZone: string;
}

export interface ScheduledMeetingView {
  meeting: MeetingRecord;
  with: ParticipantCard;
  place: MeetingPlaceView;
}

export interface ScheduleRunView extends ScheduleRun {
  changed: boolean | null;
  notified: number | null;
  unplacedMeetings: { meetingId: string; reason: string }[];
}

/** Per-request loaders of this feature, kept beside the request's context (no change to the shared one). */
interface WorkshopLoaders {
  participantById: DataLoader<string, ParticipantRecord | null>;
  scheduleOf: DataLoader<string, MeetingScheduleDocument>;
}
const loaders = new WeakMap<Context, WorkshopLoaders>();

function loadersOf(ctx: Context): WorkshopLoaders {
  let found = loaders.get(ctx);
  if (!found) {
    found = {
      participantById: new DataLoader((ids) => ctx.deps.participantRepository.byIds(ids)),
      scheduleOf: new DataLoader((ids) => Promise.all(ids.map((id) => ctx.deps.meetingScheduleRepository.of(id)))),
    };
    loaders.set(ctx, found);
  }
  return found;
}

async function cardOf(ctx: Context, participantId: string): Promise<ParticipantCard> {
  const p = await loadersOf(ctx).participantById.load(participantId);
  // A registration is never deleted once it held a seat; a card without one would be a bug, shown anonymously.
  return p ? toParticipantCard(p) : { id: participantId, name: null, organization: null, economy: null, sector: 'other', clusterId: null };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const workshopResolvers: Resolvers = {
  Query: {
    myWorkshopSchedule: (_, { workshopId, timeZone }, ctx) => myWorkshopSchedule(ctx.deps, ctx.caller, workshopId, timeZone),
    myScheduleIcs: (_, { workshopId }, ctx) => myScheduleIcs(ctx.deps, ctx.caller, workshopId),
    myMeetingRequests: (_, { workshopId }, ctx) => myMeetingRequests(ctx.deps, ctx.caller, workshopId),
    myWorkshopRegistrations: (_, { first }, ctx) =>
      myWorkshopRegistrations(ctx.deps, ctx.caller, first, (ids) =>
        // One {_id} read each (a user's few workshops), kept in the request's loader for their `workshop` field.
        Promise.all(
          ids.map(async (id) => {
            const workshop = await ctx.deps.workshopRepository.byId(id);
            if (workshop) ctx.workshopById.prime(id, workshop);
            return workshop;
          }),
        ),
      ),
  },
  Mutation: {
    updateWorkshop: (_, { input }, ctx) => updateWorkshop(ctx.deps, ctx.caller, input),
    setWorkshopStatus: (_, { workshopId, status }, ctx) =>
      setWorkshopStatus(ctx.deps, ctx.caller, workshopId, fromEnum<WorkshopStatus>(status)),
    registerForWorkshop: (_, { input }, ctx) =>
      registerForWorkshop(ctx.deps, ctx.caller, {
        ...input,
        gender: fromEnum(input.gender),
        sector: fromEnum(input.sector),
      }),
    cancelWorkshopRegistration: (_, { participantId }, ctx) => cancelRegistration(ctx.deps, ctx.caller, participantId),
    checkInParticipant: (_, { participantId }, ctx) => checkInParticipant(ctx.deps, ctx.caller, participantId),
    setMeetingAvailability: (_, { participantId, availability }, ctx) =>
      setMeetingAvailability(ctx.deps, ctx.caller, { participantId, availability: availability ?? null }),
    requestMeeting: (_, { input }, ctx) => requestMeeting(ctx.deps, ctx.caller, input),
    respondToMeetingRequest: (_, { meetingId, accept }, ctx) =>
      respondToMeetingRequest(ctx.deps, ctx.caller, meetingId, accept),
    cancelMeeting: (_, { meetingId }, ctx) => cancelMeeting(ctx.deps, ctx.caller, meetingId),
    scheduleMeetings: (_, { workshopId, reschedule }, ctx) =>
      scheduleMeetings(ctx.deps, ctx.caller, workshopId, { reschedule: reschedule ?? false }),
    moveMeeting: async (_, { input }, ctx) => {
      const placed = await moveMeeting(ctx.deps, ctx.caller, input);
      const meeting = await ctx.deps.meetingRepository.byId(placed.meetingId);
      const workshop = await ctx.workshopById.load((meeting as MeetingRecord).workshopId);
      return {
        meeting: meeting as MeetingRecord,
        with: await cardOf(ctx, placed.between[1]),
        place: {
          startsAt: placed.startsAt,
          endsAt: placed.endsAt,
          table: placed.table,
          onlineLink: workshop?.meetingSettings?.onlineLinks[placed.table - 1] ?? null,
          timeZone: workshop?.timeZone ?? 'UTC',
        },
      };
    },
    recordMeetingOutcome: (_, { meetingId, outcome }, ctx) =>
      recordMeetingOutcome(ctx.deps, ctx.caller, meetingId, fromEnum<Outcome>(outcome)),
  },
  MeetingSettings: {
    slotCount: (settings) => meetingSlots(settings).length,
  },
  MeetingSession: {
    startsAt: (s) => s.startsAt.toISOString(),
    endsAt: (s) => s.endsAt.toISOString(),
  },
  AgendaItem: {
    startsAt: (item) => item.startsAt.toISOString(),
    endsAt: (item) => iso(item.endsAt),
    title: (item) => ({ en: item.title.en, ru: item.title.ru ?? null }),
  },
  AvailabilityWindow: {
    startsAt: (w) => w.startsAt.toISOString(),
    endsAt: (w) => w.endsAt.toISOString(),
  },
  WorkshopParticipant: {
    workshop: (p, _, ctx) => ctx.workshopById.load(p.workshopId),
    status: (p) => toEnum(p.status) as ParticipantStatus,
    economyCode: (p) => p.economy,
    gender: (p) => toEnum(p.gender) as Gender,
    sector: (p) => toEnum(p.sector) as ParticipantSector,
    cluster: (p) => (p.clusterId ? { id: p.clusterId } : null),
    consentTextVersion: (p) => p.consent.textVersion,
    consentedAt: (p) => p.consent.at.toISOString(),
    registeredAt: (p) => p.registeredAt.toISOString(),
    checkedInAt: (p) => iso(p.checkedInAt),
    cancelledAt: (p) => iso(p.cancelledAt),
  },
  ParticipantCard: {
    economyCode: (p) => p.economy,
    sector: (p) => toEnum(p.sector) as ParticipantSector,
    cluster: (p) => (p.clusterId ? { id: p.clusterId } : null),
  },
  WorkshopMeeting: {
    status: (m) => toEnum(m.status) as MeetingStatus,
    requester: (m, _, ctx) => cardOf(ctx, m.requesterId),
    requested: (m, _, ctx) => cardOf(ctx, m.requestedId),
    place: async (m, _, ctx) => {
      if (m.status !== 'accepted') return null;
      const [schedule, workshop] = await Promise.all([
        loadersOf(ctx).scheduleOf.load(m.workshopId),
        ctx.workshopById.load(m.workshopId),
      ]);
      const p = schedule.placements.find((x) => x.meetingId === m.id);
      if (!p || !workshop) return null;
      return {
        startsAt: p.startsAt,
        endsAt: p.endsAt,
        table: p.table,
        onlineLink: workshop.meetingSettings?.onlineLinks[p.table - 1] ?? null,
        timeZone: workshop.timeZone,
      };
    },
    requesterOutcome: (m) => (m.outcomes.requester ? (toEnum(m.outcomes.requester.outcome) as MeetingOutcome) : null),
    requestedOutcome: (m) => (m.outcomes.requested ? (toEnum(m.outcomes.requested.outcome) as MeetingOutcome) : null),
    createdAt: (m) => m.createdAt.toISOString(),
  },
  MeetingPlace: {
    startsAt: (p) => p.startsAt.toISOString(),
    endsAt: (p) => p.endsAt.toISOString(),
    localStartsAt: (p) => localIso(p.startsAt, p.timeZone),
    localEndsAt: (p) => localIso(p.endsAt, p.timeZone),
  },
  MyWorkshopSchedule: {
    meetings: (s) =>
      s.meetings.map((m) => ({
        meeting: m.meeting,
        with: m.with,
        place: { startsAt: m.startsAt, endsAt: m.endsAt, table: m.table, onlineLink: m.onlineLink, timeZone: s.timeZone },
      })),
  },
  MeetingScheduleRun: {
    at: (run) => new Date(run.at).toISOString(),
    unplacedMeetings: (run) => run.unplacedMeetings.map((u) => ({ meetingId: u.meetingId, reason: toEnum(u.reason) as UnplacedReason })),
  },
};
