import { ANONYMOUS, EventValidator, emailDigest, LOCAL_ERASURE_KEY, TOPICS } from '@ccp/kit';
import { collectEvents } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../src/domain/grant-role.js';
import { login } from '../src/domain/login.js';
import type { UserDocument } from '../src/model/user.js';
import { type Accounts, asUser, PASSWORD, SECRETARIAT, startAccounts } from './helpers.js';

let accounts: Accounts;
let http: Awaited<ReturnType<Accounts['serve']>>;

const EXPORT = `{ exportMyData }`;
const DELETE = `mutation($p: String!) { deleteMyAccount(password: $p) }`;
const CREATE_KEY = `mutation { createApiKey(input: { name: "Mirror", role: INTEGRATOR }) { key apiKey { id } } }`;

beforeAll(async () => {
  accounts = await startAccounts('accounts_personal_data');
  http = await accounts.serve();
});

afterAll(async () => {
  await accounts?.stop();
});

describe('exportMyData', () => {
  it('When a user exports their data, then the JSON holds their profile, grants, API keys and preferences and no secret of any kind', async () => {
    const user = await accounts.register({ organization: 'Penang Electronics Cluster' });
    await grantRole(accounts.deps, user.id, { role: 'cluster-manager', clusterId: 'cluster-penang' });
    const key = (await accounts.run(CREATE_KEY, {}, asUser(user.id))).data.createApiKey;
    await accounts.run(
      `mutation { setNotificationPreference(kind: "role-granted", enabled: false) { kind } }`,
      {},
      asUser(user.id),
    );
    const session = await login(accounts.deps, { email: user.email, password: PASSWORD });

    const { data, errors } = await accounts.run(EXPORT, {}, asUser(user.id));

    expect(errors).toBeUndefined();
    const exported = JSON.parse(data.exportMyData);
    expect(exported.profile).toMatchObject({
      id: user.id,
      email: user.email,
      name: user.name,
      organization: 'Penang Electronics Cluster',
    });
    expect(exported.grants).toEqual([
      expect.objectContaining({ role: 'cluster-manager', clusterId: 'cluster-penang' }),
    ]);
    expect(exported.apiKeys).toEqual([expect.objectContaining({ id: key.apiKey.id, role: 'integrator' })]);
    expect(exported.notificationPreferences).toEqual([{ kind: 'role-granted', enabled: false }]);
    expect(exported.sessions).toHaveLength(1);
    const text = data.exportMyData as string;
    expect(text).not.toMatch(/scrypt|secretHash|currentHash|usedHashes/);
    expect(text).not.toContain(key.key.slice(29));
    expect(text).not.toContain(session.refreshToken.split('.')[1]);
  });

  it('When an anonymous caller exports, then UNAUTHENTICATED; an API client, then FORBIDDEN', async () => {
    const anonymous = await accounts.run(EXPORT);
    const client = await accounts.run(EXPORT, {}, { subject: 'api-key:1', kind: 'api-client', grants: [] });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(client.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(anonymous.data).toBeNull();
  });
});

describe('deleteMyAccount', () => {
  it('When a user deletes their account with their password, then personal data is gone, the revocations and the erased event are on Kafka, and nothing of theirs works any more', async () => {
    const user = await accounts.register();
    await grantRole(accounts.deps, user.id, { role: 'cluster-manager', clusterId: 'cluster-erase' });
    const key = (await accounts.run(CREATE_KEY, {}, asUser(user.id))).data.createApiKey;
    const session = await login(accounts.deps, { email: user.email, password: PASSWORD });
    const collector = await collectEvents(accounts.kafka, TOPICS.user, (e) => e.subject === user.id, {
      count: 3,
    });
    await collector.start();

    const { data, errors } = await accounts.run(DELETE, { p: PASSWORD }, asUser(user.id));

    expect(errors).toBeUndefined();
    expect(data.deleteMyAccount).toBe(true);
    const [revoked, keyRevoked, erased] = (await collector.done).map((c) => c.event);
    expect(revoked).toMatchObject({
      type: 'ccp.accounts.user.revoked.v1',
      data: { role: 'cluster-manager', clusterId: 'cluster-erase' },
    });
    // The live key goes with the account, announced so what it registered (webhook endpoints) goes too.
    expect(keyRevoked).toMatchObject({
      type: 'ccp.accounts.user.api-key-revoked.v1',
      sequence: revoked.sequence + 1,
      data: { userId: user.id, apiKeyId: key.apiKey.id, revokedBy: user.id },
    });
    expect(new EventValidator().validate(keyRevoked).ok).toBe(true);
    expect(erased).toMatchObject({
      type: 'ccp.accounts.user.erased.v1',
      sequence: keyRevoked.sequence + 1,
      actor: user.id,
      actorrole: 'member',
      data: {
        userId: user.id,
        emailDigest: emailDigest(user.email, LOCAL_ERASURE_KEY),
        erasedAt: expect.any(String),
      },
    });
    expect(JSON.stringify(erased)).not.toContain(user.email);
    expect(new EventValidator().validate(erased)).toEqual({ ok: true, event: erased });
    const tombstone = await accounts.deps.users.findById(user.id).lean<UserDocument>();
    expect(tombstone).toMatchObject({ _id: user.id, grants: [], erasedAt: expect.any(Date) });
    expect(tombstone).not.toHaveProperty('email');
    expect(tombstone).not.toHaveProperty('name');
    expect(tombstone).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(tombstone)).not.toContain(user.email);
    expect((await accounts.run(`{ me { id } }`, {}, asUser(user.id))).data.me).toBeNull();
    expect(
      (await accounts.run(`query($id: ID!) { user(id: $id) { id } }`, { id: user.id }, SECRETARIAT)).data
        .user,
    ).toBeNull();
    expect(
      (await http.post('/internal/auth/login', { email: user.email, password: PASSWORD })).body.error.code,
    ).toBe('INVALID_CREDENTIALS');
    expect(
      (await http.post('/internal/auth/refresh', { refreshToken: session.refreshToken })).body.error.code,
    ).toBe('REFRESH_TOKEN_INVALID');
    expect((await http.post('/internal/api-keys/verify', { key: key.key })).body.error.code).toBe(
      'API_KEY_INVALID',
    );
  });

  it('When two accounts are erased, then their e-mail addresses can be registered again', async () => {
    const first = await accounts.register();
    const second = await accounts.register();
    await accounts.run(DELETE, { p: PASSWORD }, asUser(first.id));
    await accounts.run(DELETE, { p: PASSWORD }, asUser(second.id));

    const again = await accounts.register({ email: first.email });

    expect(again.id).not.toBe(first.id);
  });

  it('When the password is wrong, then BAD_USER_INPUT names password and the account stays', async () => {
    const user = await accounts.register();

    const { errors } = await accounts.run(DELETE, { p: 'not my password at all' }, asUser(user.id));

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect((await accounts.deps.repository.byId(user.id))?.email).toBe(user.email);
  });

  it('When an anonymous caller or the secretariat (for someone else) deletes, then it is refused and no account is touched', async () => {
    const before = await accounts.deps.users.countDocuments({ erasedAt: { $ne: null } });

    const anonymous = await accounts.run(DELETE, { p: PASSWORD }, ANONYMOUS);
    const secretariat = await accounts.run(DELETE, { p: PASSWORD }, SECRETARIAT);

    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The secretariat's own account does not exist here: it can only ever delete itself.
    expect(secretariat.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await accounts.deps.users.countDocuments({ erasedAt: { $ne: null } })).toBe(before);
  });
});
