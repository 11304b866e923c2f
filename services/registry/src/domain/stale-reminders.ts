import { type Logger, PeriodicTask } from '@ccp/kit';
import { staleProfileReminder } from '../events/notifications.js';
import { isClaimable } from './claim-cluster.js';
import type { ClusterDocument, ClusterStatus } from '../model/cluster.js';
import type { RegistryDeps } from './deps.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A profile that stays stale is reminded again after this many days. */
export const REMIND_AGAIN_AFTER_DAYS = 30;
export const DEFAULT_STALE_SWEEP_MS = 60 * 60 * 1000;
/** At most this many reminders per run: a large import of old profiles is spread over hours, not one burst. */
export const REMINDERS_PER_RUN = 100;

interface StaleFacts {
  status: ClusterStatus;
  lastVerifiedAt?: Date | null;
  publishedAt?: Date | null;
}

/** When the profile was last known to be current: its last verification, or else its publication. */
const verifiedBasis = (c: StaleFacts) => c.lastVerifiedAt ?? c.publishedAt ?? null;

/** A published profile last verified (or, never verified, published) more than `staleAfterDays` ago. */
export function isStale(c: StaleFacts, staleAfterDays: number, now = new Date()): boolean {
  const basis = verifiedBasis(c);
  return (
    c.status === 'published' && basis != null && now.getTime() - basis.getTime() > staleAfterDays * DAY_MS
  );
}

type Candidate = Pick<
  ClusterDocument,
  | '_id'
  | 'names'
  | 'status'
  | 'version'
  | 'lastVerifiedAt'
  | 'publishedAt'
  | 'staleReminderAt'
  | 'origin'
  | 'claimedAt'
>;

/** Clusters someone claimed or registered first (claimable ones rarely have managers), the longest unverified first. */
function reminderOrder(a: Candidate, b: Candidate): number {
  const unmanaged = Number(isClaimable(a)) - Number(isClaimable(b));
  return unmanaged || (verifiedBasis(a)?.getTime() ?? 0) - (verifiedBasis(b)?.getTime() ?? 0);
}

/** Not reminded since it was last verified, or reminded so long ago that it is time to ask again. */
function dueForReminder(c: Candidate, now: Date): boolean {
  const reminded = c.staleReminderAt;
  if (!reminded) return true;
  const basis = verifiedBasis(c);
  return (
    (basis != null && reminded.getTime() < basis.getTime()) ||
    now.getTime() - reminded.getTime() > REMIND_AGAIN_AFTER_DAYS * DAY_MS
  );
}

/**
 * Reminds the managers of stale published profiles that are due, at most `limit` per run. Per cluster, `staleReminderAt` and the
 * notification request (to `clusterManagersOf`, resolved by accounts) are one single-document write without a
 * version bump — a notification is no change of the profile and stays out of its event stream. The write is
 * guarded by the version and reminder read and by an empty outbox, so it never overwrites a change or an event
 * the relay is publishing; writeClusterChange guards on `staleReminderAt` in turn. A cluster whose guard fails
 * is reminded by a later run; a crash never sends a reminder twice nor loses one.
 */
export async function remindStaleClusters(
  deps: RegistryDeps,
  now = new Date(),
  limit = REMINDERS_PER_RUN,
): Promise<number> {
  const cutoff = new Date(now.getTime() - deps.claims.staleAfterDays * DAY_MS);
  const candidates = await deps.clusters
    .find(
      {
        status: 'published',
        $or: [{ lastVerifiedAt: { $lt: cutoff } }, { lastVerifiedAt: null, publishedAt: { $lt: cutoff } }],
      },
      {
        names: 1,
        status: 1,
        version: 1,
        lastVerifiedAt: 1,
        publishedAt: 1,
        staleReminderAt: 1,
        origin: 1,
        claimedAt: 1,
      },
    )
    .lean<Candidate[]>();
  const due = candidates
    .filter((c) => isStale(c, deps.claims.staleAfterDays, now) && dueForReminder(c, now))
    .sort(reminderOrder)
    .slice(0, limit);
  let reminded = 0;
  for (const cluster of due) {
    const event = staleProfileReminder(cluster, cluster.lastVerifiedAt ?? null, cluster.publishedAt ?? now);
    deps.validator.assertValid(event);
    const res = await deps.clusters.updateOne(
      {
        _id: cluster._id,
        version: cluster.version,
        staleReminderAt: cluster.staleReminderAt ?? null,
        'outbox.0': { $exists: false },
      },
      { $set: { staleReminderAt: now, outbox: [event] } },
    );
    if (res.matchedCount !== 1) continue;
    reminded += 1;
    await deps.relay.flush(cluster._id).catch(() => {});
  }
  return reminded;
}

/** Runs the reminder sweep shortly after start, then every `intervalMs`; one run at a time. */
export class StaleReminderSweep extends PeriodicTask {
  constructor(
    deps: RegistryDeps,
    logger: Logger,
    intervalMs = DEFAULT_STALE_SWEEP_MS,
    firstRunAfterMs = Math.min(30_000, intervalMs),
  ) {
    super({
      everyMs: intervalMs,
      firstRunAfterMs,
      logger,
      failure: 'stale profile sweep failed; the next run retries',
      run: async () => {
        const reminded = await remindStaleClusters(deps);
        if (reminded > 0) logger.info({ reminded }, 'reminded the managers of stale profiles');
      },
    });
  }
}
