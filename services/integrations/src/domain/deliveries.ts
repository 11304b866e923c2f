import { randomUUID } from 'node:crypto';
import { type Caller, derivedUuid, notFoundError, requestedId, validationError } from '@ccp/kit';
import type { DeliveryRecord, DeliveryStatus } from '../model/delivery.js';
import type { IntegrationsDeps } from './deps.js';
import { ownEndpoint } from './endpoints.js';
import { PING_TYPE } from './event-types.js';

const MAX_PAGE = 100;
const STATUSES = new Set<DeliveryStatus>(['PENDING', 'DELIVERED', 'DEAD']);

const encodeCursor = (d: DeliveryRecord) =>
  Buffer.from(`${d.createdAt.toISOString()}|${d.id}`).toString('base64url');

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time ?? '');
  if (!id || Number.isNaN(createdAt.getTime()))
    throw validationError([{ field: 'after', reason: 'is not a cursor of this list' }]);
  return { createdAt, id };
}

export async function deliveryLog(
  deps: IntegrationsDeps,
  caller: Caller,
  args: { endpointId: string; status?: DeliveryStatus | null; first?: number | null; after?: string | null },
) {
  const endpoint = ownEndpoint(deps, caller, args.endpointId, 'endpointId');
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw validationError([{ field: 'first', reason: `must be between 1 and ${MAX_PAGE}` }]);
  }
  if (args.status && !STATUSES.has(args.status))
    throw validationError([{ field: 'status', reason: 'unknown status' }]);
  const rows = await deps.deliveries.page(
    endpoint.id,
    args.status ?? null,
    first + 1,
    args.after ? decodeCursor(args.after) : null,
  );
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last) : null },
  };
}

/** The delivery if the caller may see its endpoint. */
async function ownDelivery(deps: IntegrationsDeps, caller: Caller, id: unknown): Promise<DeliveryRecord> {
  const key = requestedId(id, 'id');
  const delivery = await deps.deliveries.byId(key);
  if (!delivery) throw notFoundError('Webhook delivery', key);
  try {
    ownEndpoint(deps, caller, delivery.endpointId);
  } catch (err) {
    if ((err as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND')
      throw notFoundError('Webhook delivery', key);
    throw err;
  }
  return delivery;
}

/**
 * Makes a delivery due now with a fresh retry window, keeping its attempts in the log: a replay entry in its
 * journal (decision §32), written by the dispatcher, which holds the pending state.
 */
async function requeue(deps: IntegrationsDeps, delivery: DeliveryRecord): Promise<DeliveryRecord> {
  await deps.dispatcher.replay(delivery);
  const now = new Date();
  return {
    ...delivery,
    status: 'PENDING',
    windowStart: null,
    windowFailures: 0,
    nextAttemptAt: now,
    deliveredAt: null,
  };
}

export async function replayDelivery(deps: IntegrationsDeps, caller: Caller, id: unknown) {
  return requeue(deps, await ownDelivery(deps, caller, id));
}

export async function replayDeliveries(
  deps: IntegrationsDeps,
  caller: Caller,
  args: { endpointId: string; from: string; to: string },
): Promise<number> {
  const endpoint = ownEndpoint(deps, caller, args.endpointId, 'endpointId');
  const from = new Date(args.from);
  const to = new Date(args.to);
  const problems = [
    ...(Number.isNaN(from.getTime()) ? [{ field: 'from', reason: 'must be an ISO 8601 time' }] : []),
    ...(Number.isNaN(to.getTime()) ? [{ field: 'to', reason: 'must be an ISO 8601 time' }] : []),
  ];
  if (!problems.length && to <= from) problems.push({ field: 'to', reason: 'must be after from' });
  if (problems.length) throw validationError(problems);
  const found = await deps.deliveries.inWindow(endpoint.id, from, to);
  for (const d of found) await requeue(deps, d);
  return found.length;
}

/** A ping event (a CloudEvent of type ccp.integrations.webhook.ping.v1) sent to the endpoint now. */
export async function sendTestWebhook(deps: IntegrationsDeps, caller: Caller, endpointId: unknown) {
  const endpoint = ownEndpoint(deps, caller, endpointId, 'endpointId');
  const now = new Date();
  const event = {
    specversion: '1.0',
    id: randomUUID(),
    source: '/ccp/integrations',
    type: PING_TYPE,
    subject: endpoint.id,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    sequence: 1,
    data: {
      endpointId: endpoint.id,
      message: 'A test delivery from the APEC Cluster Collaboration Platform',
    },
  };
  const record: DeliveryRecord = {
    id: derivedUuid(event.id, endpoint.id),
    endpointId: endpoint.id,
    owner: endpoint.owner,
    eventId: event.id,
    eventType: event.type,
    subject: event.subject,
    eventTime: now,
    payload: JSON.stringify(event),
    status: 'PENDING',
    attempts: [],
    createdAt: now,
    windowStart: null,
    windowFailures: 0,
    nextAttemptAt: now,
    deliveredAt: null,
    seq: 0,
  };
  await deps.deliveries.insertNew([record]);
  deps.dispatcher.add(record);
  return record;
}
