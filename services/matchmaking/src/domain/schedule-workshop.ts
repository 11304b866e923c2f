import { randomUUID } from 'node:crypto';
import {
  actorOf,
  type Caller,
  economyPrivilege,
  problemsFromZod,
  requirePrivilege,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { workshopScheduled } from '../events/workshop-events.js';
import { toWorkshopRecord, type WorkshopDocument, type WorkshopRecord } from '../model/workshop.js';
import type { MatchmakingDeps } from './deps.js';
import { compactLocalized, economyCode, localizedText, text } from './input.js';
import {
  agendaInput,
  capacity,
  dateTime,
  ianaTimeZone,
  meetingSettingsInput,
  outsideWorkshop,
  toAgenda,
  toMeetingSettings,
} from './workshop-input.js';

export const scheduleWorkshopInput = z
  .object({
    title: localizedText(200),
    hostEconomy: economyCode,
    startsAt: dateTime,
    endsAt: dateTime,
    timeZone: ianaTimeZone,
    venue: text(300).nullish(),
    online: z.boolean().nullish(),
    capacity,
    agenda: agendaInput.nullish(),
    meetingSettings: meetingSettingsInput.nullish(),
  })
  .superRefine((v, ctx) => {
    if (new Date(v.endsAt) <= new Date(v.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    }
    if (!v.online && !v.venue) {
      ctx.addIssue({ code: 'custom', path: ['venue'], message: 'is required unless the workshop is online' });
    }
  });

export type ScheduleWorkshopInput = z.input<typeof scheduleWorkshopInput>;

/**
 * Schedules a workshop hosted by an economy: its coordinator or the secretariat. It is announced (SCHEDULED);
 * the host opens registration with setWorkshopStatus. The event leaves through the outbox in the same write.
 */
export async function scheduleWorkshop(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
): Promise<WorkshopRecord> {
  const action = 'schedule workshops hosted by this economy';
  requireSignedIn(caller, action);
  const parsed = scheduleWorkshopInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const privilege = requirePrivilege(caller, economyPrivilege(caller, v.hostEconomy), action);
  const startsAt = new Date(v.startsAt);
  const endsAt = new Date(v.endsAt);
  const agenda = toAgenda(v.agenda ?? []);
  const meetingSettings = v.meetingSettings ? toMeetingSettings(v.meetingSettings) : null;
  const outside = outsideWorkshop({ startsAt, endsAt }, agenda, meetingSettings);
  if (outside.length) throw validationError(outside);
  const doc: WorkshopDocument = {
    _id: randomUUID(),
    title: compactLocalized(v.title),
    hostEconomy: v.hostEconomy,
    startsAt,
    endsAt,
    timeZone: v.timeZone,
    venue: v.venue ?? null,
    online: v.online ?? false,
    capacity: v.capacity,
    status: 'scheduled',
    agenda,
    meetingSettings,
    participantCount: 0,
    checkedInCount: 0,
    seats: [],
    checkedIn: [],
    recordedMeetings: [],
    createdAt: new Date(),
    createdBy: caller.subject,
    version: 1,
    outbox: [],
  };
  const event = workshopScheduled(doc, actorOf(caller, privilege));
  deps.validator.assertValid(event);
  doc.outbox = [event];
  await deps.workshops.collection.insertOne(doc as never);
  await deps.workshopRelay.flush(doc._id).catch(() => {});
  return toWorkshopRecord(doc);
}
