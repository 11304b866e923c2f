import { type Logger, PeriodicTask } from '@ccp/kit';
import { expireCooperationOffer } from './close-cooperation-offer.js';
import type { MatchmakingDeps } from './deps.js';
import { isPastDeadline } from './offer-change.js';

export const DEFAULT_OFFER_EXPIRY_SWEEP_MS = 60_000;
/** At most this many offers closed per run: a backlog (after downtime) is spread over a few minutes. */
export const EXPIRIES_PER_RUN = 100;

/**
 * Closes the open offers whose deadline has passed, earliest deadline first. Due offers are found in the
 * in-memory read model, so a run with nothing due costs no database call; each due offer is read by id and
 * closed with a version-guarded write, so replicas sweeping at once close it once.
 */
export async function expireDueOffers(
  deps: MatchmakingDeps,
  now = new Date(),
  limit = EXPIRIES_PER_RUN,
  logger?: Logger,
): Promise<number> {
  const due = deps.offerRepository
    .newestFirst()
    .filter((e) => e.record.status === 'open' && isPastDeadline(e.record, now))
    .map((e) => e.record)
    .sort((a, b) => (a.deadline! < b.deadline! ? -1 : a.deadline! > b.deadline! ? 1 : 0))
    .slice(0, limit);
  let expired = 0;
  for (const offer of due) {
    try {
      if (await expireCooperationOffer(deps, offer.id, now)) expired += 1;
    } catch (err) {
      logger?.warn({ err, offerId: offer.id }, 'offer expiry failed; the next run retries');
    }
  }
  return expired;
}

/** Runs the expiry sweep shortly after start, then every `intervalMs`; one run at a time. */
export class OfferExpirySweep extends PeriodicTask {
  constructor(
    deps: MatchmakingDeps,
    logger: Logger,
    intervalMs = DEFAULT_OFFER_EXPIRY_SWEEP_MS,
    firstRunAfterMs = Math.min(5_000, intervalMs),
  ) {
    super({
      everyMs: intervalMs,
      firstRunAfterMs,
      logger,
      failure: 'offer expiry sweep failed; the next run retries',
      run: async () => {
        const expired = await expireDueOffers(deps, new Date(), EXPIRIES_PER_RUN, logger);
        if (expired > 0) logger.info({ expired }, 'closed cooperation offers past their deadline');
      },
    });
  }
}
