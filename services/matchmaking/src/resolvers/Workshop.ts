import type { WorkshopResolvers, WorkshopStatus } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';
import { hostPrivilege } from '../domain/workshop-aggregate.js';
import { directoryOf, meetingsOf, myRegistration, participantsOf } from '../domain/workshop-participants.js';
import { toEnum } from './workshops.js';

export const Workshop: WorkshopResolvers = {
  __resolveReference: (ref, ctx) => ctx.workshopById.load(requestedId(ref.id, 'id')),
  title: (workshop) => ({ en: workshop.title.en, ru: workshop.title.ru ?? null }),
  hostEconomyCode: (workshop) => workshop.hostEconomy,
  hostEconomy: (workshop) => ({ code: workshop.hostEconomy }),
  startsAt: (workshop) => workshop.startsAt.toISOString(),
  endsAt: (workshop) => workshop.endsAt.toISOString(),
  createdAt: (workshop) => workshop.createdAt.toISOString(),
  status: (workshop) => toEnum(workshop.status) as WorkshopStatus,
  agenda: (workshop) => [...workshop.agenda].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
  seatsLeft: (workshop) => Math.max(0, workshop.capacity - workshop.participantCount),
  participants: (workshop, { first }, ctx) => participantsOf(ctx.deps, ctx.caller, workshop, first),
  myRegistration: (workshop, _, ctx) => myRegistration(ctx.deps, ctx.caller, workshop.id),
  directory: (workshop, _, ctx) => directoryOf(ctx.deps, ctx.caller, workshop),
  meetings: async (workshop, _, ctx) => (await meetingsOf(ctx.deps, ctx.caller, workshop)).map((m) => m.meeting),
  lastScheduleRun: async (workshop, _, ctx) => {
    if (!hostPrivilege(ctx.caller, workshop)) return null;
    const run = (await ctx.deps.meetingScheduleRepository.of(workshop.id)).lastRun;
    return run ? { ...run, at: new Date(run.at), changed: null, notified: null, unplacedMeetings: [] } : null;
  },
};
