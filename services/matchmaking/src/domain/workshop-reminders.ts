import { type CloudEvent, type Logger, PeriodicTask, SYSTEM_ACTOR } from '@ccp/kit';
import { z } from 'zod';
import { firstMeetingNotice, workshopStartsNotice } from '../events/workshop-events.js';
import type { WorkshopRecord } from '../model/workshop.js';
import type { MatchmakingDeps } from './deps.js';
import { writeSchedule } from './schedule-meetings.js';

const HOUR_MS = 60 * 60 * 1000;
/** How long before the workshop and before a participant's first meeting the reminders go out. */
export const DEFAULT_REMINDER_LEAD_MS = 24 * HOUR_MS;
/** How often the sweep looks; a reminder goes out at most this much after its time. */
export const DEFAULT_REMINDER_SWEEP_MS = 10 * 60 * 1000;

/** The reminders' environment (merged into matchmaking's in src/index.ts). */
export const workshopReminderEnv = z.object({
  /** Hours before the workshop, and before each participant's first meeting, that reminders go out. */
  WORKSHOP_REMINDER_LEAD_HOURS: z.coerce.number().positive().max(720).default(24),
  /** How often the reminder sweep looks for what is due. */
  WORKSHOP_REMINDER_SWEEP_MINUTES: z.coerce.number().positive().max(1440).default(10),
});

export function reminderOptions(env: z.infer<typeof workshopReminderEnv>): ReminderOptions {
  return { leadMs: env.WORKSHOP_REMINDER_LEAD_HOURS * HOUR_MS, sweepMs: env.WORKSHOP_REMINDER_SWEEP_MINUTES * 60_000 };
}

export interface ReminderOptions {
  leadMs?: number;
  sweepMs?: number;
}

/**
 * Reminds one workshop's registered participants that it starts, and each participant of their first meeting,
 * `leadMs` ahead. The markers (who was reminded of what) and the notification requests are one version-guarded
 * write of the workshop's schedule document, so a reminder goes out once: a crash before the write sends nothing
 * (the next sweep does), and after it nothing again. A first meeting moved later is reminded again.
 */
export async function remindWorkshop(
  deps: MatchmakingDeps,
  workshop: WorkshopRecord,
  now: Date,
  leadMs: number,
): Promise<number> {
  const [schedule, participants, accepted] = await Promise.all([
    deps.meetingScheduleRepository.of(workshop.id),
    deps.participantRepository.registeredIn(workshop.id),
    deps.meetingRepository.inWorkshop(workshop.id, ['accepted']),
  ]);
  const userOf = new Map(participants.filter((p) => p.userId !== 'erased-user').map((p) => [p.id, p.userId]));
  const due = (at: Date) => at.getTime() > now.getTime() && at.getTime() - leadMs <= now.getTime();
  const notices: CloudEvent[] = [];

  const remindedOfWorkshop = new Set(schedule.remindedOfWorkshop);
  const startsSoon = due(workshop.startsAt) ? [...userOf.keys()].filter((id) => !remindedOfWorkshop.has(id)) : [];
  if (startsSoon.length) {
    notices.push(...workshopStartsNotice({ ...workshop, _id: workshop.id }, startsSoon.map((id) => userOf.get(id) as string), SYSTEM_ACTOR));
    for (const id of startsSoon) remindedOfWorkshop.add(id);
  }

  const live = new Set(accepted.map((m) => m.id));
  const firstOf = new Map<string, Date>();
  for (const p of schedule.placements) {
    if (!live.has(p.meetingId)) continue;
    for (const id of p.between) {
      const known = firstOf.get(id);
      if (!known || p.startsAt < known) firstOf.set(id, p.startsAt);
    }
  }
  const remindedOfFirst = new Set(schedule.remindedOfFirstMeeting);
  const bySlot = new Map<number, string[]>();
  for (const [id, startsAt] of firstOf) {
    const marker = `${id}@${startsAt.toISOString()}`;
    if (!userOf.has(id) || !due(startsAt) || remindedOfFirst.has(marker)) continue;
    remindedOfFirst.add(marker);
    bySlot.set(startsAt.getTime(), [...(bySlot.get(startsAt.getTime()) ?? []), userOf.get(id) as string]);
  }
  for (const [at, userIds] of bySlot) {
    notices.push(...firstMeetingNotice({ ...workshop, _id: workshop.id }, new Date(at), userIds, SYSTEM_ACTOR));
  }
  if (notices.length === 0) return 0;
  for (const event of notices) deps.validator.assertValid(event);
  await writeSchedule(
    deps,
    schedule,
    { remindedOfWorkshop: [...remindedOfWorkshop], remindedOfFirstMeeting: [...remindedOfFirst] },
    notices,
  );
  return startsSoon.length + [...bySlot.values()].reduce((n, ids) => n + ids.length, 0);
}

/**
 * One sweep: only workshops starting within the lead time or under way are looked at (one read of the small
 * workshops collection); their participants, meetings and schedule are read only then. Returns the reminders sent.
 */
export async function sendWorkshopReminders(deps: MatchmakingDeps, now = new Date(), leadMs = DEFAULT_REMINDER_LEAD_MS) {
  const near = await deps.workshopRepository.startingBefore(new Date(now.getTime() + leadMs), now);
  let sent = 0;
  for (const workshop of near) sent += await remindWorkshop(deps, workshop, now, leadMs);
  return sent;
}

/** Runs the sweep shortly after start, then every `sweepMs`; one run at a time; a failed run is retried by the next. */
export class WorkshopReminderSweep extends PeriodicTask {
  constructor(
    deps: MatchmakingDeps,
    logger: Logger,
    { leadMs = DEFAULT_REMINDER_LEAD_MS, sweepMs = DEFAULT_REMINDER_SWEEP_MS }: ReminderOptions = {},
  ) {
    super({
      everyMs: sweepMs,
      firstRunAfterMs: Math.min(30_000, sweepMs),
      logger,
      failure: 'workshop reminder sweep failed; the next run retries',
      run: async () => {
        const sent = await sendWorkshopReminders(deps, new Date(), leadMs);
        if (sent > 0) logger.info({ sent }, 'sent workshop reminders');
      },
    });
  }
}
