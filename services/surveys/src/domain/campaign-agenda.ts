import type { CampaignRecord } from '../model/campaign.js';

const DAY_MS = 24 * 60 * 60 * 1000;

type Timing = Pick<
  CampaignRecord,
  | 'status'
  | 'opensAutomatically'
  | 'opensAt'
  | 'closesAt'
  | 'openedAt'
  | 'reminderDaysBeforeClose'
  | 'invitationsQueuedAt'
  | 'remindedAt'
>;

/**
 * When the reminder of an open campaign is due: `reminderDaysBeforeClose` before it closes, unless that falls
 * before it opened (the invitation itself is that recent), or reminders are off.
 */
export function reminderDueAt(c: Timing): number | null {
  if (c.reminderDaysBeforeClose <= 0 || !c.openedAt) return null;
  const at = c.closesAt.getTime() - c.reminderDaysBeforeClose * DAY_MS;
  return at > c.openedAt.getTime() ? at : null;
}

/** When the worker next has something to do for a campaign; null when never again. */
export function nextDueAt(c: Timing): number | null {
  if (c.status === 'draft') return c.opensAutomatically ? c.opensAt.getTime() : null;
  if (c.status !== 'open') return null;
  if (!c.invitationsQueuedAt) return 0;
  const reminder = c.remindedAt ? null : reminderDueAt(c);
  return Math.min(reminder ?? Number.POSITIVE_INFINITY, c.closesAt.getTime());
}

/**
 * The unfinished campaigns of this process and when each is next due, in memory: on FerretDB's SQLite backend any
 * filter but `{_id}` scans the collection, so the store is read once at start and rarely after, and each due
 * campaign is then read by its id. This process's writes keep it current.
 */
export class CampaignAgenda {
  private readonly due = new Map<string, number>();

  track(c: Timing & { id: string }): void {
    const at = nextDueAt(c);
    if (at === null) this.due.delete(c.id);
    else this.due.set(c.id, at);
  }

  untrack(id: string): void {
    this.due.delete(id);
  }

  /** Ids due by `now`, the longest overdue first. */
  dueBy(now: Date): string[] {
    return [...this.due]
      .filter(([, at]) => at <= now.getTime())
      .sort((a, b) => a[1] - b[1])
      .map(([id]) => id);
  }

  has(id: string): boolean {
    return this.due.has(id);
  }
}
