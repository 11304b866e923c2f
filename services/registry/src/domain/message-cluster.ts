import { randomUUID } from 'node:crypto';
import { type Caller, invalidStateError, notFoundError, requireSignedIn } from '@ccp/kit';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { clusterMessage } from '../events/notifications.js';
import type { ClusterDocument } from '../model/cluster.js';
import type { ClusterMessageDocument, MessageQuotaDocument } from '../model/cluster-message.js';
import type { RegistryDeps } from './deps.js';
import { clusterId, parseInput, text } from './input.js';
import { isReadable } from './read-cluster.js';

export const MESSAGES_PER_HOUR = 20;
const HOUR_MS = 60 * 60 * 1000;

const messageInput = z.object({ clusterId, subject: text(200), body: text(5000) });

/** The gateway's code for its own rate limits, so clients handle both the same way. */
function rateLimitedError(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(
    `At most ${MESSAGES_PER_HOUR} messages to clusters per hour; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
    { extensions: { code: 'RATE_LIMITED', limit: 'cluster-messages-per-hour', retryAfterSeconds } },
  );
}

/**
 * Takes one of the sender's MESSAGES_PER_HOUR slots of the rolling hour, or refuses. The quota document is
 * updated guarded by its version, so parallel requests cannot both take the last slot.
 */
async function reserveMessageSlot(deps: RegistryDeps, senderId: string, now: Date): Promise<void> {
  const quotas = deps.claims.quotaModel;
  for (let attempt = 0; attempt < 5; attempt++) {
    const quota = await quotas.findById(senderId).lean<MessageQuotaDocument>();
    const recent = (quota?.sentAt ?? [])
      .map((t) => new Date(t))
      .filter((t) => now.getTime() - t.getTime() < HOUR_MS)
      .sort((a, b) => a.getTime() - b.getTime());
    if (recent.length >= MESSAGES_PER_HOUR) {
      const oldest = recent[recent.length - MESSAGES_PER_HOUR]!;
      throw rateLimitedError(Math.max(1, Math.ceil((oldest.getTime() + HOUR_MS - now.getTime()) / 1000)));
    }
    const sentAt = [...recent, now];
    if (!quota) {
      try {
        await quotas.collection.insertOne({ _id: senderId, sentAt, version: 1 } as never);
        return;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        continue;
      }
    }
    const res = await quotas.updateOne(
      { _id: senderId, version: quota.version },
      { $set: { sentAt, version: quota.version + 1 } },
    );
    if (res.matchedCount === 1) return;
  }
  throw invalidStateError('Too many messages at once; retry in a moment', { field: 'clusterId' });
}

/** Runs `work` after the sender's earlier messages in this process have been handled. */
async function inSenderQueue<T>(deps: RegistryDeps, senderId: string, work: () => Promise<T>): Promise<T> {
  const queues = deps.claims.senderQueues;
  const previous = queues.get(senderId) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(work);
  queues.set(senderId, next);
  try {
    return await next;
  } finally {
    if (queues.get(senderId) === next) queues.delete(senderId);
  }
}

/**
 * Sends a signed-in user's message to a cluster's managers as a notification: accounts resolves the managers
 * and sets Reply-To to the sender, so the sender never sees an address. Published clusters only, unless the
 * caller is privileged on the cluster (to others an unpublished one does not exist). The stored message (with the request in its outbox) is the audit trail.
 */
export async function messageCluster(
  deps: RegistryDeps,
  caller: Caller,
  input: { clusterId: unknown; subject: unknown; body: unknown },
  now = new Date(),
): Promise<true> {
  requireSignedIn(caller, 'message a cluster');
  const v = parseInput(messageInput, input);
  const cluster = await deps.clusters
    .findById(v.clusterId, { names: 1, economyCode: 1, status: 1 })
    .lean<Pick<ClusterDocument, '_id' | 'names' | 'economyCode' | 'status'>>();
  // Unpublished profiles are hidden from those not privileged on them (Query.cluster): they do not exist here either.
  if (!cluster || !isReadable(caller, { id: cluster._id, economy: cluster.economyCode, status: cluster.status })) {
    throw notFoundError('Cluster', v.clusterId);
  }
  const event = clusterMessage(cluster, caller.subject, v.subject, v.body);
  deps.validator.assertValid(event);
  const doc: ClusterMessageDocument = {
    _id: randomUUID(),
    clusterId: cluster._id,
    senderId: caller.subject,
    subject: v.subject,
    body: v.body,
    sentAt: now,
    version: 1,
    outbox: [event],
  };
  await inSenderQueue(deps, caller.subject, async () => {
    await reserveMessageSlot(deps, caller.subject, now);
    await deps.claims.messageModel.collection.insertOne(doc as never);
  });
  await deps.claims.messageRelay.flush(doc._id).catch(() => {});
  return true;
}
