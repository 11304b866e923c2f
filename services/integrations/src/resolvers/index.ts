import type { Resolvers } from '../__generated__/resolvers-types.js';
import { deliveryLog, replayDeliveries, replayDelivery, sendTestWebhook } from '../domain/deliveries.js';
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  ownEndpoint,
  pauseEndpoint,
  previousSecretExpiry,
  resumeEndpoint,
  rotateSecret,
  updateEndpoint,
} from '../domain/endpoints.js';
import { webhookEventTypes } from '../domain/event-types.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A lookup of an id the caller may not see answers null, like an unknown id. */
function orNull<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (err) {
    if ((err as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') return null;
    throw err;
  }
}

export const resolvers: Resolvers = {
  Query: {
    webhookEndpoints: (_, __, { deps, caller }) => listEndpoints(deps, caller),
    webhookEndpoint: (_, { id }, { deps, caller }) => orNull(() => ownEndpoint(deps, caller, id)),
    webhookEventTypes: () => webhookEventTypes(),
    webhookDeliveries: (_, args, { deps, caller }) => deliveryLog(deps, caller, args),
  },
  Mutation: {
    createWebhookEndpoint: (_, { input }, { deps, caller }) => createEndpoint(deps, caller, input),
    updateWebhookEndpoint: (_, { id, input }, { deps, caller }) => updateEndpoint(deps, caller, id, input),
    pauseWebhookEndpoint: (_, { id }, { deps, caller }) => pauseEndpoint(deps, caller, id),
    resumeWebhookEndpoint: (_, { id }, { deps, caller }) => resumeEndpoint(deps, caller, id),
    rotateWebhookSecret: async (_, { id }, { deps, caller }) => {
      const rotated = await rotateSecret(deps, caller, id);
      return { ...rotated, previousSecretExpiresAt: rotated.previousSecretExpiresAt.toISOString() };
    },
    deleteWebhookEndpoint: (_, { id }, { deps, caller }) => deleteEndpoint(deps, caller, id),
    replayWebhookDelivery: (_, { id }, { deps, caller }) => replayDelivery(deps, caller, id),
    replayWebhookDeliveries: (_, args, { deps, caller }) => replayDeliveries(deps, caller, args),
    sendTestWebhook: (_, { endpointId }, { deps, caller }) => sendTestWebhook(deps, caller, endpointId),
  },
  WebhookEndpoint: {
    __resolveReference: (ref, { deps, caller }) => orNull(() => ownEndpoint(deps, caller, ref.id)),
    createdAt: (e) => e.createdAt.toISOString(),
    updatedAt: (e) => e.updatedAt.toISOString(),
    previousSecretExpiresAt: (e) => iso(previousSecretExpiry(e)),
  },
  WebhookDelivery: {
    __resolveReference: async (ref, { deps, caller }) => {
      const delivery = await deps.deliveries.byId(String(ref.id));
      return delivery && orNull(() => ownEndpoint(deps, caller, delivery.endpointId)) ? delivery : null;
    },
    createdAt: (d) => d.createdAt.toISOString(),
    nextAttemptAt: (d) => (d.status === 'PENDING' ? iso(d.nextAttemptAt) : null),
    deliveredAt: (d) => iso(d.deliveredAt),
  },
  WebhookAttempt: {
    at: (a) => a.at.toISOString(),
    nextAttemptAt: (a) => iso(a.nextAttemptAt),
  },
};
