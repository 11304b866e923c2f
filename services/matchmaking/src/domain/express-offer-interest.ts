import { randomUUID } from 'node:crypto';
import {
  actorOf,
  type Caller,
  conflictError,
  plainText,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { interestExpressed } from '../events/offer-notifications.js';
import type { ClusterFacts } from '../model/cluster-facts.js';
import type { OfferInterest } from '../model/cooperation-offer.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId, requestedId } from './input.js';
import { changeOffer, requireAnswerable } from './offer-change.js';
import { LIMITS } from './offer-input.js';
import { clusterToActFor } from './published-cluster.js';

export const expressInterestInput = z
  .object({
    offerId: z.string(),
    fromClusterId: clusterId.nullish(),
    message: plainText(LIMITS.message),
  })
  .strict();

/** An interest as the graph returns it: with the offer it answers. */
export type OfferInterestRecord = OfferInterest & { offerId: string };

/**
 * Any signed-in user answers an open offer with a message, optionally for a published cluster they act for
 * (its managers, its economy's coordinator, the secretariat). One answer per user and offer (a second is
 * CONFLICT). The interest and the notification to the offering cluster's managers (Reply-To: the sender)
 * are one write.
 */
export async function expressInterest(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
): Promise<OfferInterestRecord> {
  requireSignedIn(caller, 'express interest in cooperation offers');
  const parsed = expressInterestInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const offerId = requestedId(v.offerId, 'offerId');
  let from: { cluster: ClusterFacts; privilege: Parameters<typeof actorOf>[1] } | null = null;
  if (v.fromClusterId) {
    from = await clusterToActFor(
      deps,
      caller,
      v.fromClusterId,
      'fromClusterId',
      'express interest on behalf of this cluster',
    );
  }
  let interest: OfferInterest | undefined;
  await changeOffer(deps, offerId, (current) => {
    requireAnswerable(current, 'offerId', 'express interest in it');
    if (from && from.cluster.id === current.clusterId) {
      throw validationError([{ field: 'fromClusterId', reason: 'a cluster cannot answer its own offer' }]);
    }
    const earlier = current.interests.find((i) => i.userId === caller.subject);
    if (earlier) {
      throw conflictError(`You already expressed interest in cooperation offer ${current._id}`, {
        field: 'offerId',
        interestId: earlier.id,
      });
    }
    interest = {
      id: randomUUID(),
      userId: caller.subject,
      fromClusterId: from?.cluster.id ?? null,
      message: v.message,
      createdAt: new Date(),
    };
    const notification = interestExpressed(
      current,
      { userId: caller.subject, clusterName: from ? (from.cluster.names.en ?? null) : null },
      v.message,
      actorOf(caller, from?.privilege),
      current.clusterId,
    );
    return { set: { interests: [...current.interests, interest] }, events: [notification] };
  });
  if (!interest) throw new Error('expressInterest: no interest was written');
  return { ...interest, offerId };
}
