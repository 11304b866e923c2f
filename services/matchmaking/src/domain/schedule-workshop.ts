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

/** IANA names only: Intl also takes offsets like "+08:00", which say nothing about daylight saving. */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const dateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' });

export const scheduleWorkshopInput = z
  .object({
    title: localizedText(200),
    hostEconomy: economyCode,
    startsAt: dateTime,
    endsAt: dateTime,
    timeZone: z
      .string()
      .refine(isIanaTimeZone, { message: 'must be an IANA time zone, e.g. Asia/Singapore' }),
    venue: text(300).nullish(),
    online: z.boolean().nullish(),
    capacity: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100_000, 'must be at most 100000'),
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
 * Schedules a workshop hosted by an economy: its coordinator or the secretariat. The event leaves through the
 * outbox in the same write.
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
  const doc: WorkshopDocument = {
    _id: randomUUID(),
    title: compactLocalized(v.title),
    hostEconomy: v.hostEconomy,
    startsAt: new Date(v.startsAt),
    endsAt: new Date(v.endsAt),
    timeZone: v.timeZone,
    venue: v.venue ?? null,
    online: v.online ?? false,
    capacity: v.capacity,
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
