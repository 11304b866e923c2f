import { randomUUID } from 'node:crypto';
import {
  actorOf,
  type Caller,
  conflictError,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { matchRequestSent } from '../events/match-request-events.js';
import {
  type MatchRequestDocument,
  type MatchRequestRecord,
  toMatchRequestRecord,
} from '../model/match-request.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId, text } from './input.js';
import { clusterToActFor, publishedCluster } from './published-cluster.js';

export const requestMatchInput = z.object({
  fromClusterId: clusterId,
  toClusterId: clusterId,
  message: text(2000).nullish(),
});

export type RequestMatchInput = z.input<typeof requestMatchInput>;

/**
 * Sends a pending request from one published cluster to another, for the sending cluster: its managers, its
 * economy's coordinator or the secretariat. The event leaves through the outbox.
 */
export async function requestMatch(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
): Promise<MatchRequestRecord> {
  const action = 'request matches for this cluster';
  requireSignedIn(caller, action);
  const parsed = requestMatchInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  if (v.fromClusterId === v.toClusterId) {
    throw validationError([{ field: 'toClusterId', reason: 'a cluster cannot request a match with itself' }]);
  }
  const { cluster: from, privilege } = await clusterToActFor(
    deps,
    caller,
    v.fromClusterId,
    'fromClusterId',
    action,
  );
  const to = await publishedCluster(deps, v.toClusterId, 'toClusterId');
  const pending = await deps.matchRequestRepository.pendingBetween(from.id, to.id);
  if (pending) {
    throw conflictError(`Cluster ${from.id} already has a pending match request to ${to.id}`, {
      field: 'toClusterId',
      requestId: pending.id,
    });
  }
  const doc: MatchRequestDocument = {
    _id: randomUUID(),
    fromClusterId: from.id,
    fromEconomy: from.economy,
    toClusterId: to.id,
    toEconomy: to.economy,
    message: v.message ?? null,
    status: 'pending',
    createdAt: new Date(),
    createdBy: caller.subject,
    version: 1,
    outbox: [],
  };
  const event = matchRequestSent(doc, actorOf(caller, privilege));
  deps.validator.assertValid(event);
  doc.outbox = [event];
  await deps.matchRequests.collection.insertOne(doc as never);
  await deps.matchRequestRelay.flush(doc._id).catch(() => {});
  return toMatchRequestRecord(doc);
}
