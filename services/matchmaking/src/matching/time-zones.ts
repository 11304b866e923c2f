import { referenceEconomies } from '@ccp/kit';

const HOUR = 3_600_000;

/** Minutes east of UTC of an IANA zone at an instant (daylight saving included), or null if unknown. */
export function utcOffsetMinutes(timeZone: string, at: Date): number | null {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (part === 'GMT') return 0;
    const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(part ?? '');
    if (!match) return null;
    const minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === '-' ? -minutes : minutes;
  } catch {
    return null;
  }
}

let cached: { hour: number; offsets: Map<string, number> } | undefined;

/**
 * Each economy's UTC offset (minutes) at an instant, from the reference data's time zone; offsets change
 * only on the hour, so one table serves a whole hour.
 */
export function economyOffsets(at: Date): ReadonlyMap<string, number> {
  const hour = Math.floor(at.getTime() / HOUR);
  if (cached?.hour === hour) return cached.offsets;
  const offsets = new Map<string, number>();
  for (const economy of referenceEconomies()) {
    const minutes = utcOffsetMinutes(economy.timeZone, at);
    if (minutes !== null) offsets.set(economy.code, minutes);
  }
  cached = { hour, offsets };
  return offsets;
}

/** Hours between two offsets around the clock: 9 am in Auckland (+13) is 3 pm the day before in New York (−5), 6 h. */
export function hoursApart(a: number, b: number): number {
  const diff = Math.abs(a - b) / 60;
  return Math.min(diff, 24 - diff);
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}
