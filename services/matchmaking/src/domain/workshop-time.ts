import type { MeetingSettings } from '../model/workshop.js';
import type { TimeWindow } from '../model/meeting.js';

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

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    partsFormat.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in the zone as ISO 8601 with its offset, e.g. 2031-03-10T09:20:00+08:00. */
export function localIso(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  // longOffset reads "GMT+08:00", or plain "GMT" for UTC itself.
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** For people: "2031-03-10 09:20 (Asia/Singapore)". */
export function formatInZone(date: Date, timeZone: string): string {
  const iso = localIso(date, timeZone);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} (${timeZone})`;
}

const MINUTE = 60_000;

/** The meeting slots the settings lay out: in each session, slot after slot (each followed by the break). */
export function meetingSlots(settings: MeetingSettings): TimeWindow[] {
  const slots: TimeWindow[] = [];
  const step = (settings.slotMinutes + settings.breakMinutes) * MINUTE;
  const length = settings.slotMinutes * MINUTE;
  const sessions = [...settings.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (const session of sessions) {
    for (let start = session.startsAt.getTime(); start + length <= session.endsAt.getTime(); start += step) {
      slots.push({ startsAt: new Date(start), endsAt: new Date(start + length) });
    }
  }
  return slots;
}
