import { randomUUID } from 'node:crypto';
import {
  type Caller,
  forbiddenError,
  invalidStateError,
  isSecretariat,
  notFoundError,
  requestedId,
  unauthenticatedError,
} from '@ccp/kit';
import type { EndpointRecord } from '../model/endpoint.js';
import type { IntegrationsDeps } from './deps.js';
import { parseCreateInput, parseUpdateInput } from './endpoint-input.js';
import { newWebhookSecret } from './signature.js';

/** Integrators' API keys and signed-in users keep endpoints; visitors and other API keys are refused. */
export function requireEndpointKeeper(caller: Caller): void {
  if (caller.kind === 'anonymous')
    throw unauthenticatedError('Sign in or use an integrator API key to manage webhooks');
  if (caller.kind === 'api-client' && !caller.grants.some((g) => g.role === 'integrator')) {
    throw forbiddenError('Only API keys of the integrator role manage webhooks');
  }
}

/** The endpoint if the caller owns it or is the secretariat; NOT_FOUND otherwise (others' ids are not confirmed). */
export function ownEndpoint(
  deps: IntegrationsDeps,
  caller: Caller,
  id: unknown,
  field = 'id',
): EndpointRecord {
  requireEndpointKeeper(caller);
  const key = requestedId(id, field);
  const endpoint = deps.endpoints.get(key);
  if (!endpoint || (endpoint.owner !== caller.subject && !isSecretariat(caller))) {
    throw notFoundError('Webhook endpoint', key);
  }
  return endpoint;
}

export function listEndpoints(deps: IntegrationsDeps, caller: Caller): EndpointRecord[] {
  requireEndpointKeeper(caller);
  return isSecretariat(caller) ? deps.endpoints.all() : deps.endpoints.ownedBy(caller.subject);
}

export async function createEndpoint(deps: IntegrationsDeps, caller: Caller, input: unknown) {
  requireEndpointKeeper(caller);
  const parsed = parseCreateInput(input, deps.options.production);
  const max = deps.options.maxEndpointsPerOwner;
  if (deps.endpoints.ownedBy(caller.subject).length >= max) {
    throw invalidStateError(`At most ${max} webhook endpoints per owner; delete one first`, {
      limit: max,
      field: 'input',
    });
  }
  const now = new Date();
  const secret = newWebhookSecret();
  const endpoint: EndpointRecord = {
    id: randomUUID(),
    ...parsed,
    status: 'ACTIVE',
    disabledReason: null,
    owner: caller.subject,
    ownerKind: caller.kind,
    ownerGrants: caller.grants,
    secrets: [{ secret, createdAt: now, expiresAt: null }],
    createdAt: now,
    updatedAt: now,
  };
  await deps.endpoints.insert(endpoint);
  return { endpoint, secret };
}

/** Saves a change; the owner's grants are refreshed when the owner itself saves. */
async function saveChange(
  deps: IntegrationsDeps,
  caller: Caller,
  endpoint: EndpointRecord,
  change: Partial<EndpointRecord>,
) {
  const next: EndpointRecord = {
    ...endpoint,
    ...change,
    ...(caller.subject === endpoint.owner ? { ownerGrants: caller.grants } : {}),
    updatedAt: new Date(),
  };
  await deps.endpoints.save(next);
  return next;
}

export async function updateEndpoint(deps: IntegrationsDeps, caller: Caller, id: unknown, input: unknown) {
  const endpoint = ownEndpoint(deps, caller, id);
  return saveChange(deps, caller, endpoint, parseUpdateInput(input, deps.options.production));
}

export async function pauseEndpoint(deps: IntegrationsDeps, caller: Caller, id: unknown) {
  const endpoint = ownEndpoint(deps, caller, id);
  if (endpoint.status === 'DISABLED') {
    throw invalidStateError('The endpoint is disabled; resume it to enable it again', {
      status: endpoint.status,
    });
  }
  return saveChange(deps, caller, endpoint, { status: 'PAUSED' });
}

export async function resumeEndpoint(deps: IntegrationsDeps, caller: Caller, id: unknown) {
  const endpoint = ownEndpoint(deps, caller, id);
  const saved = await saveChange(deps, caller, endpoint, { status: 'ACTIVE', disabledReason: null });
  deps.dispatcher.wake();
  return saved;
}

export async function rotateSecret(deps: IntegrationsDeps, caller: Caller, id: unknown) {
  const endpoint = ownEndpoint(deps, caller, id);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + deps.options.secretOverlapMs);
  const secret = newWebhookSecret();
  const secrets = [
    { secret, createdAt: now, expiresAt: null },
    // The current one signs beside the new one for the overlap; those already expired go.
    ...endpoint.secrets
      .filter((s) => !s.expiresAt || s.expiresAt > now)
      .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < expiresAt ? s.expiresAt : expiresAt })),
  ];
  const saved = await saveChange(deps, caller, endpoint, { secrets });
  return { endpoint: saved, secret, previousSecretExpiresAt: expiresAt };
}

export async function deleteEndpoint(deps: IntegrationsDeps, caller: Caller, id: unknown): Promise<string> {
  const endpoint = ownEndpoint(deps, caller, id);
  await deps.endpoints.remove(endpoint.id);
  deps.dispatcher.forgetEndpoint(endpoint.id);
  await deps.deliveries.removeOfEndpoints([endpoint.id]);
  return endpoint.id;
}

/**
 * On a user's erasure (owner = the user id) or an API key's revocation (owner = `api-key:<id>`): the endpoints the
 * owner registered and their deliveries go; nothing more is sent to them.
 */
export async function eraseOwner(deps: IntegrationsDeps, owner: string): Promise<void> {
  const owned = deps.endpoints.ownedBy(owner);
  for (const e of owned) {
    await deps.endpoints.remove(e.id);
    deps.dispatcher.forgetEndpoint(e.id);
  }
  await deps.deliveries.removeOfEndpoints(owned.map((e) => e.id));
  if (owned.length) deps.logger.info({ owner, endpoints: owned.length }, 'removed an owner’s webhook endpoints');
}

type GrantChange = {
  userId: string;
  role: Caller['grants'][number]['role'];
  clusterId?: string;
  economy?: string;
};

const sameGrant = (g: Caller['grants'][number], c: GrantChange) =>
  g.role === c.role &&
  (g.clusterId ?? null) === (c.clusterId ?? null) &&
  (g.economy ?? null) === (c.economy ?? null);

/**
 * Keeps the grants saved with a user's endpoints current (accounts' `user.granted` / `user.revoked`): a revoked
 * manager's endpoints stop receiving that cluster's draft events at once.
 */
export async function applyGrantChange(
  deps: IntegrationsDeps,
  change: GrantChange,
  granted: boolean,
): Promise<void> {
  for (const endpoint of deps.endpoints.ownedBy(change.userId)) {
    if (endpoint.ownerKind !== 'user') continue;
    const others = endpoint.ownerGrants.filter((g) => !sameGrant(g, change));
    const { userId: _, ...grant } = change;
    const ownerGrants = granted ? [...others, grant] : others;
    await deps.endpoints.save({ ...endpoint, ownerGrants });
  }
}

/** When the secret replaced by the last rotation stops signing; null when only one secret signs. */
export function previousSecretExpiry(endpoint: EndpointRecord, now = new Date()): Date | null {
  const expiring = endpoint.secrets
    .filter((s) => s.expiresAt && s.expiresAt > now)
    .map((s) => s.expiresAt as Date);
  return expiring.length ? new Date(Math.max(...expiring.map((d) => d.getTime()))) : null;
}
