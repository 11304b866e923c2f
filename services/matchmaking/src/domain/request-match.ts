import { randomUUID } from 'node:crypto';
import {
  actorOf,
  type Caller,
  conflictError,
  invalidStateError,
  isDuplicateKey,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { matchRequestSent, requestSentNotice } from '../events/match-request-events.js';
import {
  DAY_MS,
  type MatchRequestDocument,
  type MatchRequestRecord,
  pairKeyOf,
  toMatchRequestRecord,
} from '../model/match-request.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId, text } from './input.js';
import { expireMatchRequest, expiryDaysOf, isOverdue } from './match-request-state.js';
import { clusterToActFor, publishedCluster } from './published-cluster.js';

export const requestMatchInput = z.object({
  fromClusterId: clusterId,
  toClusterId: clusterId,
  message: text(2000).nullish(),
});

export type RequestMatchInput = z.input<typeof requestMatchInput>;

/**
 * Sends a pending request from one published cluster to another, for the sending cluster: its managers, its
 * economy's coordinator or the secretariat. One pending request per pair of clusters, whichever asked: the
 * insert itself decides (a unique pair key), so of two simultaneous requests exactly one is stored. Clusters
 * that already collaborate are not asked again. The event and the asked cluster's notice leave through the outbox.
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
  const collaboration = await deps.collaborationRepository.between(from.id, to.id);
  if (collaboration) {
    throw invalidStateError(`Clusters ${from.id} and ${to.id} already collaborate`, {
      field: 'toClusterId',
      collaborationId: collaboration.id,
    });
  }
  const createdAt = new Date();
  const doc: MatchRequestDocument = {
    _id: randomUUID(),
    fromClusterId: from.id,
    fromEconomy: from.economy,
    toClusterId: to.id,
    toEconomy: to.economy,
    clusterIds: [from.id, to.id],
    message: v.message ?? null,
    status: 'pending',
    createdAt,
    createdBy: caller.subject,
    expiresAt: new Date(createdAt.getTime() + expiryDaysOf(deps) * DAY_MS),
    decidedAt: null,
    decidedBy: null,
    reply: null,
    collaborationId: null,
    messages: [],
    pendingKey: pairKeyOf(from.id, to.id),
    version: 1,
    outbox: [],
  };
  const actor = actorOf(caller, privilege);
  const names = (facts: typeof from) => ({ en: facts.names.en, ru: facts.names.ru ?? null });
  const events = [
    matchRequestSent(doc, actor),
    requestSentNotice({ request: doc, from: names(from), to: names(to) }, doc.message, actor),
  ];
  for (const event of events) deps.validator.assertValid(event);
  doc.outbox = events;
  await insertPending(deps, doc);
  deps.dueMatchRequests.track(doc._id, doc.expiresAt);
  await deps.matchRequestRelay.flush(doc._id).catch(() => {});
  return toMatchRequestRecord(doc);
}

/** Inserts unless the pair has a pending request; an overdue one is expired first and no longer stands in the way. */
async function insertPending(deps: MatchmakingDeps, doc: MatchRequestDocument): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.matchRequests.collection.insertOne(doc as never);
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const pending = await deps.matchRequests
        .findOne({ pendingKey: doc.pendingKey })
        .lean<MatchRequestDocument>();
      if (attempt < 2 && (!pending || isOverdue(pending))) {
        if (pending) await expireMatchRequest(deps, pending._id);
        continue;
      }
      const between = `${doc.fromClusterId} and ${doc.toClusterId}`;
      throw conflictError(`A match request between clusters ${between} is already pending`, {
        field: 'toClusterId',
        ...(pending ? { requestId: pending._id } : {}),
      });
    }
  }
}
