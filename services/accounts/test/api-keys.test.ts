import { ANONYMOUS, type Caller, EventValidator, TOPICS } from '@ccp/kit';
import { collectEvents } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Accounts, asUser, SECRETARIAT, startAccounts } from './helpers.js';

let accounts: Accounts;
let http: Awaited<ReturnType<Accounts['serve']>>;

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name role createdAt lastUsedAt revokedAt limits { maxDepth maxCost requestsPerMinute } } } }`;
const SET_LIMITS = `mutation($id: ID!, $limits: ApiKeyLimitsInput!) { setApiKeyLimits(id: $id, limits: $limits) { id limits { maxDepth maxCost requestsPerMinute } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const MY_KEYS = `{ me { apiKeys { id name role lastUsedAt revokedAt limits { maxCost } } } }`;

const verifyKey = (key: unknown) => http.post('/internal/api-keys/verify', { key });

async function createKey(owner: string, role: 'ANALYST' | 'INTEGRATOR' = 'ANALYST') {
  const { data, errors } = await accounts.run(
    CREATE,
    { input: { name: 'Trade flows notebook', role } },
    asUser(owner),
  );
  expect(errors).toBeUndefined();
  return data.createApiKey as { key: string; apiKey: { id: string } };
}

beforeAll(async () => {
  accounts = await startAccounts('accounts_api_keys');
  http = await accounts.serve();
});

afterAll(async () => {
  await accounts?.stop();
});

describe('createApiKey', () => {
  it('When a signed-in user creates a key, then it is shown once with default limits and only its hash is stored', async () => {
    const user = await accounts.register();

    const { data, errors } = await accounts.run(
      CREATE,
      { input: { name: ' Trade flows notebook ', role: 'ANALYST' } },
      asUser(user.id),
    );

    expect(errors).toBeUndefined();
    const { key, apiKey } = data.createApiKey;
    expect(key).toMatch(/^ccp_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: 'Trade flows notebook',
      role: 'ANALYST',
      lastUsedAt: null,
      revokedAt: null,
      limits: { maxDepth: 10, maxCost: 5000, requestsPerMinute: 120 },
    });
    const secret = key.split('_').slice(2).join('_');
    const stored = await accounts.deps.apiKeys.findById(apiKey.id).lean();
    expect(JSON.stringify(stored)).not.toContain(secret);
    const listed = await accounts.run(MY_KEYS, {}, asUser(user.id));
    expect(listed.data.me.apiKeys).toEqual([expect.objectContaining({ id: apiKey.id, role: 'ANALYST' })]);
    expect(JSON.stringify(listed.data)).not.toContain(secret);
  });

  it.each([
    ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
    [
      'an API client (keys cannot mint keys)',
      'FORBIDDEN',
      { subject: 'api-key:abc', kind: 'api-client', grants: [{ role: 'analyst' }] } as Caller,
    ],
  ])('When %s creates a key, then %s and nothing is stored', async (_, code, caller) => {
    const before = await accounts.deps.apiKeys.countDocuments();
    const { errors } = await accounts.run(CREATE, { input: { name: 'x', role: 'INTEGRATOR' } }, caller);
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await accounts.deps.apiKeys.countDocuments()).toBe(before);
  });

  it('When the name is blank, then BAD_USER_INPUT names name', async () => {
    const user = await accounts.register();
    const { errors } = await accounts.run(
      CREATE,
      { input: { name: '  ', role: 'ANALYST' } },
      asUser(user.id),
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });
});

describe('POST /internal/api-keys/verify', () => {
  it('When the key is valid, then the caller it stands for comes back with its role and limits, and lastUsedAt is set', async () => {
    const user = await accounts.register();
    const { key, apiKey } = await createKey(user.id, 'INTEGRATOR');

    const res = await verifyKey(key);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      caller: {
        subject: `api-key:${apiKey.id}`,
        kind: 'api-client',
        grants: [{ role: 'integrator' }],
        limits: { maxDepth: 10, maxCost: 5000, requestsPerMinute: 120 },
      },
    });
    const listed = await accounts.run(MY_KEYS, {}, asUser(user.id));
    expect(listed.data.me.apiKeys[0].lastUsedAt).not.toBeNull();
  });

  it('When the secret is wrong, the id unknown or the key malformed, then 401 API_KEY_INVALID', async () => {
    const user = await accounts.register();
    const { key } = await createKey(user.id);
    const [prefix, id, secret] = [key.slice(0, 4), key.slice(4, 28), key.slice(29)];
    const wrongSecret = `${prefix}${id}_${secret.startsWith('A') ? 'B' : 'A'}${secret.slice(1)}`;

    for (const candidate of [wrongSecret, `ccp_${'0'.repeat(24)}_${secret}`, 'ccp_nope', '', 42]) {
      const res = await verifyKey(candidate);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('API_KEY_INVALID');
    }
  });
});

describe('setApiKeyLimits', () => {
  it('When the secretariat raises a key’s limits, then the verified caller carries them and the audit log has the action', async () => {
    const user = await accounts.register();
    const { key, apiKey } = await createKey(user.id);
    const limits = { maxDepth: 15, maxCost: 50_000, requestsPerMinute: 600 };

    const { data, errors } = await accounts.run(SET_LIMITS, { id: apiKey.id, limits }, SECRETARIAT);

    expect(errors).toBeUndefined();
    expect(data.setApiKeyLimits.limits).toEqual(limits);
    expect((await verifyKey(key)).body.caller.limits).toEqual(limits);
    expect(await accounts.deps.audit.findOne({ subject: apiKey.id }).lean()).toMatchObject({
      type: 'accounts.api-key.limits-set',
      actor: SECRETARIAT.subject,
    });
  });

  it('When the key’s owner or a coordinator sets limits, then FORBIDDEN and the limits stay', async () => {
    const user = await accounts.register();
    const { key, apiKey } = await createKey(user.id);
    const limits = { maxDepth: 50, maxCost: 1_000_000, requestsPerMinute: 100_000 };

    const owner = await accounts.run(SET_LIMITS, { id: apiKey.id, limits }, asUser(user.id));
    const coordinator = await accounts.run(
      SET_LIMITS,
      { id: apiKey.id, limits },
      asUser('c', [{ role: 'economy-coordinator', economy: 'AU' }]),
    );

    expect(owner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(coordinator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await verifyKey(key)).body.caller.limits.maxCost).toBe(5000);
  });

  it('When a limit is out of bounds, then BAD_USER_INPUT names it', async () => {
    const user = await accounts.register();
    const { apiKey } = await createKey(user.id);
    const { errors } = await accounts.run(
      SET_LIMITS,
      { id: apiKey.id, limits: { maxDepth: 0, maxCost: 10, requestsPerMinute: 10 } },
      SECRETARIAT,
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limits.maxDepth' });
  });
});

describe('revokeApiKey', () => {
  it('When the owner revokes a key, then it is refused from then on', async () => {
    const user = await accounts.register();
    const { key, apiKey } = await createKey(user.id);

    const { data, errors } = await accounts.run(REVOKE, { id: apiKey.id }, asUser(user.id));

    expect(errors).toBeUndefined();
    expect(data.revokeApiKey.revokedAt).not.toBeNull();
    expect((await verifyKey(key)).body.error.code).toBe('API_KEY_INVALID');
  });

  it('When a key is revoked, then ccp.accounts.user.api-key-revoked.v1 leaves in its owner’s order, once, and a second revocation emits nothing', async () => {
    const user = await accounts.register();
    const { apiKey } = await createKey(user.id, 'INTEGRATOR');
    const before = (await accounts.deps.users.findById(user.id).lean<{ version: number }>())?.version ?? 0;
    const collector = await collectEvents(
      accounts.kafka,
      TOPICS.user,
      (e) => e.subject === user.id && e.type === 'ccp.accounts.user.api-key-revoked.v1',
      { count: 1 },
    );
    await collector.start();

    const { errors } = await accounts.run(REVOKE, { id: apiKey.id }, SECRETARIAT);
    expect(errors).toBeUndefined();
    const again = await accounts.run(REVOKE, { id: apiKey.id }, asUser(user.id));
    expect(again.errors).toBeUndefined();

    const [{ event }] = await collector.done;
    expect(event).toMatchObject({
      subject: user.id,
      sequence: before + 1,
      data: { userId: user.id, apiKeyId: apiKey.id, revokedBy: SECRETARIAT.subject },
    });
    expect(new EventValidator().validate(event).ok).toBe(true);
    // Published and cleared from the outbox; the second revocation added no event.
    const owner = await accounts.deps.users.findById(user.id).lean<{ version: number; outbox: unknown[] }>();
    expect(owner).toMatchObject({ version: before + 1, outbox: [] });
  });

  it('When another user revokes the key, then FORBIDDEN and the key still works; when the secretariat does, then it is revoked and audited', async () => {
    const owner = await accounts.register();
    const stranger = await accounts.register();
    const { key, apiKey } = await createKey(owner.id);

    const denied = await accounts.run(REVOKE, { id: apiKey.id }, asUser(stranger.id));
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await verifyKey(key)).status).toBe(200);

    const allowed = await accounts.run(REVOKE, { id: apiKey.id }, SECRETARIAT);
    expect(allowed.errors).toBeUndefined();
    expect((await verifyKey(key)).status).toBe(401);
    expect(
      await accounts.deps.audit.findOne({ subject: apiKey.id, type: 'accounts.api-key.revoked' }).lean(),
    ).not.toBeNull();
  });

  it('When an anonymous caller revokes a key, then UNAUTHENTICATED', async () => {
    const owner = await accounts.register();
    const { apiKey } = await createKey(owner.id);
    const { errors } = await accounts.run(REVOKE, { id: apiKey.id }, ANONYMOUS);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
