import { z } from 'zod';
import type { AgendaItem, MeetingSettings } from '../model/workshop.js';
import { compactLocalized, localizedText } from './input.js';
import { isIanaTimeZone } from './workshop-time.js';

/** Seats per workshop: the seat and check-in lists live in the workshop document (see model/workshop.ts). */
export const MAX_CAPACITY = 2000;

export const dateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' });

export const ianaTimeZone = z
  .string()
  .refine(isIanaTimeZone, { message: 'must be an IANA time zone, e.g. Asia/Singapore' });

export const capacity = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_CAPACITY, `must be at most ${MAX_CAPACITY}`);

export const agendaInput = z
  .array(
    z
      .object({ startsAt: dateTime, endsAt: dateTime.nullish(), title: localizedText(300) })
      .refine((item) => !item.endsAt || new Date(item.endsAt) > new Date(item.startsAt), {
        message: 'must end after it starts',
        path: ['endsAt'],
      }),
  )
  .max(100, 'at most 100 agenda items');

export const windowInput = z
  .object({ startsAt: dateTime, endsAt: dateTime })
  .refine((w) => new Date(w.endsAt) > new Date(w.startsAt), { message: 'must be after startsAt', path: ['endsAt'] });

export const meetingSettingsInput = z
  .object({
    slotMinutes: z.number().int('must be a whole number').min(5, 'must be at least 5').max(240, 'must be at most 240'),
    breakMinutes: z
      .number()
      .int('must be a whole number')
      .min(0, 'must not be negative')
      .max(120, 'must be at most 120')
      .nullish(),
    sessions: z.array(windowInput).min(1, 'at least one session').max(20, 'at most 20 sessions'),
    tables: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
    onlineLinks: z
      .array(z.url({ protocol: /^https$/, message: 'must be an https URL' }).max(2000))
      .max(1000)
      .nullish(),
  })
  .superRefine((v, ctx) => {
    const sorted = v.sessions
      .map((s, i) => ({ i, start: new Date(s.startsAt).getTime(), end: new Date(s.endsAt).getTime() }))
      .sort((a, b) => a.start - b.start);
    for (let k = 1; k < sorted.length; k++) {
      const cur = sorted[k] as (typeof sorted)[number];
      if (cur.start < (sorted[k - 1] as (typeof sorted)[number]).end) {
        ctx.addIssue({ code: 'custom', path: ['sessions', cur.i, 'startsAt'], message: 'overlaps another session' });
      }
    }
    if ((v.onlineLinks?.length ?? 0) > v.tables) {
      ctx.addIssue({ code: 'custom', path: ['onlineLinks'], message: 'must have at most one link per table' });
    }
  });

export type AgendaInput = z.infer<typeof agendaInput>;
export type MeetingSettingsInput = z.infer<typeof meetingSettingsInput>;

export function toAgenda(items: AgendaInput): AgendaItem[] {
  // Kept in the order given, so a problem's index names the item sent; readers sort by time.
  return items.map((item) => ({
    startsAt: new Date(item.startsAt),
    endsAt: item.endsAt ? new Date(item.endsAt) : null,
    title: { ...compactLocalized(item.title) } as AgendaItem['title'],
  }));
}

export function toMeetingSettings(v: MeetingSettingsInput): MeetingSettings {
  return {
    slotMinutes: v.slotMinutes,
    breakMinutes: v.breakMinutes ?? 0,
    sessions: v.sessions.map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) })),
    tables: v.tables,
    onlineLinks: v.onlineLinks ?? [],
  };
}

/** Problems of agenda items and meeting sessions that fall outside the workshop's dates. */
export function outsideWorkshop(
  workshop: { startsAt: Date; endsAt: Date },
  agenda: AgendaItem[] | undefined,
  settings: MeetingSettings | null | undefined,
): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  const inside = (d: Date) => d >= workshop.startsAt && d <= workshop.endsAt;
  agenda?.forEach((item, i) => {
    if (!inside(item.startsAt) || (item.endsAt && !inside(item.endsAt))) {
      problems.push({ field: `agenda.${i}.startsAt`, reason: 'must be within the workshop' });
    }
  });
  settings?.sessions.forEach((s, i) => {
    if (!inside(s.startsAt) || !inside(s.endsAt)) {
      problems.push({ field: `meetingSettings.sessions.${i}.startsAt`, reason: 'must be within the workshop' });
    }
  });
  if (settings?.sessions.every((s) => s.endsAt.getTime() - s.startsAt.getTime() < settings.slotMinutes * 60_000)) {
    problems.push({ field: 'meetingSettings.slotMinutes', reason: 'no session is long enough for one slot' });
  }
  return problems;
}
