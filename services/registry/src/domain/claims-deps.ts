import { type Logger, OutboxRelay } from '@ccp/kit';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type ClusterClaimModel, clusterClaimModel } from '../model/cluster-claim.js';
import {
  type ClusterMessageModel,
  clusterMessageModel,
  type MessageQuotaModel,
  messageQuotaModel,
} from '../model/cluster-message.js';

/** What claiming, messaging a cluster and stale-profile reminders need beside the cluster store. */
export interface ClaimsDeps {
  claimModel: ClusterClaimModel;
  claimRelay: OutboxRelay;
  messageModel: ClusterMessageModel;
  messageRelay: OutboxRelay;
  quotaModel: MessageQuotaModel;
  /** One message at a time per sender in this process, so a burst queues instead of retrying on the quota. */
  senderQueues: Map<string, Promise<unknown>>;
  /** A published profile not verified for longer than this is stale (CLUSTER_STALE_AFTER_DAYS). */
  staleAfterDays: number;
}

export interface ClaimsOptions {
  mongo: Connection;
  producer: Producer;
  logger: Logger;
  sweepIntervalMs?: number;
  staleAfterDays?: number;
}

export const DEFAULT_STALE_AFTER_DAYS = 365;

export async function createClaimsDeps({
  mongo,
  producer,
  logger,
  sweepIntervalMs,
  staleAfterDays = DEFAULT_STALE_AFTER_DAYS,
}: ClaimsOptions): Promise<ClaimsDeps> {
  const claimModel = clusterClaimModel(mongo);
  const messageModel = clusterMessageModel(mongo);
  const quotaModel = messageQuotaModel(mongo);
  // The unique pending-claim index must exist before the first claim relies on it.
  await Promise.all([claimModel.init(), messageModel.init(), quotaModel.init()]);
  return {
    claimModel,
    claimRelay: new OutboxRelay({ model: claimModel, producer, logger, sweepIntervalMs }),
    messageModel,
    messageRelay: new OutboxRelay({ model: messageModel, producer, logger, sweepIntervalMs }),
    quotaModel,
    senderQueues: new Map(),
    staleAfterDays,
  };
}
