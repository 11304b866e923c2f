import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ANONYMOUS, type Caller, EventValidator, TOPICS } from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testKafka,
  testLogger,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../src/domain/grant-role.js';
import { verifyPassword } from '../src/domain/password.js';
import type { UserDocument } from '../src/model/user.js';
import { createServer } from '../src/server.js';

const REGISTER = `mutation Register($input: RegisterUserInput!) {
  registerUser(input: $input) { id email name organization locale createdAt emailVerified grants { role } managedClusters { id } }
}`;
const ME = `{ me { id email grants { role clusterId cluster { id } economyCode economy { code } } managedClusters { id } } }`;
const USER = `query User($id: ID!) { user(id: $id) { id email name } }`;
const ENTITIES = `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id email } } }`;
const REGISTERED = 'ccp.accounts.user.registered.v1';
const PASSWORD = 'correct horse battery staple';

const kafka = testKafka();
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;
let mailboxDir: string;

const asUser = (id: string, grants: Caller['grants'] = []): Caller => ({ subject: id, kind: 'user', grants });
const SECRETARIAT: Caller = {
  subject: 'secretariat-officer',
  kind: 'user',
  grants: [{ role: 'secretariat' }],
};

async function run(query: string, variables: Record<string, unknown> = {}, caller: Caller = ANONYMOUS) {
  const res = await server.apollo.executeOperation(
    { query, variables },
    { contextValue: await server.context(caller) },
  );
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the answer carries
  return res.body.singleResult as { data?: any; errors?: any[] };
}

let seq = 0;
const input = (overrides: Record<string, unknown> = {}) => ({
  email: `person-${++seq}-${Date.now()}@cluster.example.org`,
  name: 'Aigerim Sadykova',
  password: PASSWORD,
  organization: 'Kazan Petrochemical Cluster',
  ...overrides,
});

async function register(overrides: Record<string, unknown> = {}) {
  const { data, errors } = await run(REGISTER, { input: input(overrides) });
  expect(errors).toBeUndefined();
  return data.registerUser as { id: string; email: string };
}

beforeAll(async () => {
  db = await freshDatabase('accounts');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  mailboxDir = await mkdtemp(join(tmpdir(), 'ccp-mailbox-'));
  server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    mailboxDir,
  });
  await server.apollo.start();
});

afterAll(async () => {
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
  if (mailboxDir) await rm(mailboxDir, { recursive: true, force: true });
});

describe('registerUser', () => {
  it('When the input is valid, then the user is stored with a scrypt hash and the registered event carries no personal data', async () => {
    const collector = await collectEvents(kafka, TOPICS.user, (e) => e.type === REGISTERED);
    await collector.start();

    const { data, errors } = await run(REGISTER, {
      input: input({ email: '  Aigerim.Sadykova@Cluster.Example.ORG ', locale: 'ru-ru' }),
    });

    expect(errors).toBeUndefined();
    const user = data.registerUser;
    expect(user).toMatchObject({
      email: 'aigerim.sadykova@cluster.example.org',
      name: 'Aigerim Sadykova',
      organization: 'Kazan Petrochemical Cluster',
      locale: 'ru-RU',
      emailVerified: false,
      grants: [],
      managedClusters: [],
    });
    const stored = await server.deps.users.findById(user.id).lean<UserDocument>();
    expect(stored?.passwordHash).toMatch(/^\$scrypt\$N=131072,r=8,p=1\$/);
    expect(stored?.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored?.passwordHash ?? '')).toBe(true);
    expect(stored?.outbox).toEqual([]);
    const { event, headers } = (await collector.done)[0]!;
    expect(event).toMatchObject({ type: REGISTERED, source: '/ccp/accounts', subject: user.id, sequence: 1 });
    expect(event.data).toEqual({ userId: user.id, locale: 'ru-RU', registeredAt: user.createdAt });
    expect(JSON.stringify(event)).not.toMatch(/aigerim|sadykova|Kazan|scrypt/i);
    expect(headers['content-type']).toBe('application/cloudevents+json');
    expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
  });

  it('When no locale is given, then the user gets en', async () => {
    const { data } = await run(REGISTER, { input: input({ locale: null, organization: null }) });
    expect(data.registerUser).toMatchObject({ locale: 'en', organization: null });
  });

  it('When the e-mail is already registered (in any letter case), then CONFLICT names email, nothing is stored and no event is sent', async () => {
    const first = await register();
    const collector = await collectEvents(kafka, TOPICS.user, (e) => e.type === REGISTERED, {
      timeoutMs: 3000,
    });
    await collector.start();
    const before = await server.deps.users.countDocuments();

    const { data, errors } = await run(REGISTER, {
      input: input({ email: first.email.toUpperCase(), name: 'Someone Else' }),
    });

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
    expect(await server.deps.users.countDocuments()).toBe(before);
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When two registrations of one e-mail race, then exactly one succeeds and the other gets CONFLICT', async () => {
    const email = `race-${Date.now()}@cluster.example.org`;

    const results = await Promise.all([
      run(REGISTER, { input: input({ email }) }),
      run(REGISTER, { input: input({ email }) }),
    ]);

    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'CONFLICT', field: 'email' }),
    ]);
    expect(await server.deps.users.countDocuments({ email })).toBe(1);
  });

  it.each([
    ['the e-mail is not an address', { email: 'not-an-address' }, 'email'],
    ['the password has 11 characters', { password: 'short-pw-11' }, 'password'],
    ['the name is blank', { name: '   ' }, 'name'],
    ['the locale is not a BCP-47 tag', { locale: 'english please' }, 'locale'],
  ])('When %s, then BAD_USER_INPUT names %s… and nothing is stored', async (_, overrides, field) => {
    const before = await server.deps.users.countDocuments();

    const { data, errors } = await run(REGISTER, { input: input(overrides) });

    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(errors?.[0]?.message).not.toContain(PASSWORD);
    expect(await server.deps.users.countDocuments()).toBe(before);
  });

  it('When the password is too short, then no registered event is sent', async () => {
    const collector = await collectEvents(kafka, TOPICS.user, (e) => e.type === REGISTERED, {
      timeoutMs: 3000,
    });
    await collector.start();

    const { errors } = await run(REGISTER, { input: input({ password: 'tooshort' }) });

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it('When a client looks at the User type, then no password field is exposed', async () => {
    const { data } = await run(`{ __type(name: "User") { fields { name } } }`);
    const fields = data.__type.fields.map((f: { name: string }) => f.name);
    expect(fields).toContain('email');
    expect(fields.filter((f: string) => /pass|hash/i.test(f))).toEqual([]);
  });
});

describe('me and user(id)', () => {
  it('When the caller is anonymous, then me is null', async () => {
    const { data, errors } = await run(ME);
    expect(errors).toBeUndefined();
    expect(data.me).toBeNull();
  });

  it('When the caller is an API client, then me is null', async () => {
    const { data } = await run(ME, {}, { subject: 'analyst-key-1', kind: 'api-client', grants: [] });
    expect(data.me).toBeNull();
  });

  it('When a registered user asks, then me is their own account', async () => {
    const user = await register();
    const { data } = await run(ME, {}, asUser(user.id));
    expect(data.me).toMatchObject({ id: user.id, email: user.email, grants: [] });
  });

  it('When a user reads another user, then it is FORBIDDEN and nothing leaks', async () => {
    const alice = await register();
    const bob = await register();

    const { data, errors } = await run(USER, { id: bob.id }, asUser(alice.id));

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(data.user).toBeNull();
    expect(JSON.stringify(errors)).not.toContain(bob.email);
  });

  it('When an anonymous caller reads a user, then it is FORBIDDEN', async () => {
    const bob = await register();
    const { errors } = await run(USER, { id: bob.id });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('When a user reads themself or the secretariat reads a user, then the user is returned', async () => {
    const bob = await register();

    const self = await run(USER, { id: bob.id }, asUser(bob.id));
    const secretariat = await run(USER, { id: bob.id }, SECRETARIAT);

    expect(self.data.user).toMatchObject({ id: bob.id, email: bob.email });
    expect(secretariat.data.user).toMatchObject({ id: bob.id, email: bob.email });
  });

  it('When the secretariat reads an id nobody has, then user is null', async () => {
    const { data, errors } = await run(USER, { id: 'no-such-user' }, SECRETARIAT);
    expect(errors).toBeUndefined();
    expect(data.user).toBeNull();
  });

  it('When another subgraph resolves a User reference, then the same rule applies', async () => {
    const alice = await register();
    const bob = await register();
    const representations = [{ __typename: 'User', id: bob.id }];

    const denied = await run(ENTITIES, { representations }, asUser(alice.id));
    const allowed = await run(ENTITIES, { representations }, asUser(bob.id));

    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(allowed.data._entities).toEqual([{ id: bob.id, email: bob.email }]);
  });
});

describe('role grants', () => {
  it('When a user is granted the management of two clusters, then me.managedClusters returns both as Cluster references', async () => {
    const manager = await register();
    const collector = await collectEvents(
      kafka,
      TOPICS.user,
      (e) => e.subject === manager.id && e.type === 'ccp.accounts.user.granted.v1',
      { count: 2 },
    );
    await collector.start();

    await grantRole(server.deps, manager.id, { role: 'cluster-manager', clusterId: 'cluster-kazan' });
    await grantRole(
      server.deps,
      manager.id,
      { role: 'cluster-manager', clusterId: 'cluster-penang' },
      { actor: { subject: SECRETARIAT.subject, role: 'secretariat' } },
    );
    const { data, errors } = await run(ME, {}, asUser(manager.id));

    expect(errors).toBeUndefined();
    expect(data.me.managedClusters).toEqual([{ id: 'cluster-kazan' }, { id: 'cluster-penang' }]);
    expect(data.me.grants).toEqual([
      {
        role: 'CLUSTER_MANAGER',
        clusterId: 'cluster-kazan',
        cluster: { id: 'cluster-kazan' },
        economyCode: null,
        economy: null,
      },
      {
        role: 'CLUSTER_MANAGER',
        clusterId: 'cluster-penang',
        cluster: { id: 'cluster-penang' },
        economyCode: null,
        economy: null,
      },
    ]);
    const events = (await collector.done).map((c) => c.event);
    expect(events.map((e) => [e.sequence, e.data.clusterId, e.data.grantedBy])).toEqual([
      [2, 'cluster-kazan', 'system'],
      [3, 'cluster-penang', SECRETARIAT.subject],
    ]);
    for (const event of events) expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
    const stored = await server.deps.users.findById(manager.id).lean<UserDocument>();
    expect(stored).toMatchObject({ version: 3, outbox: [] });
  });

  it('When an economy coordinator is granted, then the grant names the economy and the event carries it', async () => {
    const coordinator = await register();
    const collector = await collectEvents(
      kafka,
      TOPICS.user,
      (e) => e.subject === coordinator.id && e.type.endsWith('granted.v1'),
    );
    await collector.start();

    await grantRole(server.deps, coordinator.id, { role: 'economy-coordinator', economy: 'PE' });
    const { data } = await run(ME, {}, asUser(coordinator.id));

    expect(data.me.grants).toEqual([
      {
        role: 'ECONOMY_COORDINATOR',
        clusterId: null,
        cluster: null,
        economyCode: 'PE',
        economy: { code: 'PE' },
      },
    ]);
    expect(data.me.managedClusters).toEqual([]);
    const { event } = (await collector.done)[0]!;
    expect(event).toMatchObject({ economy: 'PE', data: { role: 'economy-coordinator', economy: 'PE' } });
  });

  it('When a role the user already has is granted again, then nothing changes and no event is sent', async () => {
    const manager = await register();
    await grantRole(server.deps, manager.id, { role: 'cluster-manager', clusterId: 'cluster-monterrey' });
    const collector = await collectEvents(kafka, TOPICS.user, (e) => e.subject === manager.id, {
      timeoutMs: 3000,
    });
    await collector.start();

    const again = await grantRole(server.deps, manager.id, {
      role: 'cluster-manager',
      clusterId: 'cluster-monterrey',
    });

    expect(again.grants).toHaveLength(1);
    expect(again.version).toBe(2);
    await expect(collector.done).rejects.toThrow(/saw 0\/1/);
  });

  it.each([
    ['a cluster-manager grant has no cluster', { role: 'cluster-manager' }, 'clusterId'],
    ['the economy is not an APEC code', { role: 'economy-coordinator', economy: 'XX' }, 'economy'],
    ['the role is unknown', { role: 'emperor' }, 'role'],
  ])('When %s, then BAD_USER_INPUT names %s… and the user is unchanged', async (_, grant, field) => {
    const user = await register();

    const attempt = grantRole(server.deps, user.id, grant as never);

    await expect(attempt).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
    expect(await server.deps.users.findById(user.id).lean<UserDocument>()).toMatchObject({
      version: 1,
      grants: [],
    });
  });

  it('When the user does not exist, then granting fails with NOT_FOUND', async () => {
    await expect(grantRole(server.deps, 'no-such-user', { role: 'member' })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

describe('create-secretariat command', () => {
  const exec = promisify(execFile);
  const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'create-secretariat.js');

  let dir: string;
  let passwordFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccp-secretariat-'));
    passwordFile = join(dir, 'password');
    await writeFile(passwordFile, 'secretariat passphrase 2024\n', { mode: 0o600 });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function createSecretariat(args: string[]) {
    const env = {
      ...process.env,
      MONGODB_DATABASE: db.name,
      LOG_LEVEL: 'silent' as const,
      MAILBOX_DIR: mailboxDir,
    };
    return exec(process.execPath, [cli, ...args], { env });
  }

  it('When it runs twice, then one secretariat account exists, created once, and its password verifies', async () => {
    const args = [
      '--email',
      'Secretariat@APEC-ccp.example.org',
      '--name',
      'APEC Secretariat',
      '--password-file',
      passwordFile,
    ];

    const first = await createSecretariat(args);
    const second = await createSecretariat(args);

    expect(JSON.parse(first.stdout)).toMatchObject({ created: true, granted: true });
    expect(JSON.parse(second.stdout)).toMatchObject({ created: false, granted: false });
    const users = await server.deps.users
      .find({ email: 'secretariat@apec-ccp.example.org' })
      .lean<UserDocument[]>();
    expect(users).toHaveLength(1);
    expect(users[0]?.grants.map((g) => g.role)).toEqual(['secretariat']);
    expect(await verifyPassword('secretariat passphrase 2024', users[0]?.passwordHash ?? '')).toBe(true);
    expect(users[0]?.outbox).toEqual([]);
  });

  it('When an account with that e-mail exists without the role, then the command grants it and keeps its password', async () => {
    const user = await register();

    const { stdout } = await createSecretariat([
      '--email',
      user.email,
      '--name',
      'Ignored',
      '--password-file',
      passwordFile,
    ]);

    expect(JSON.parse(stdout)).toMatchObject({ userId: user.id, created: false, granted: true });
    const stored = await server.deps.users.findById(user.id).lean<UserDocument>();
    expect(stored?.grants.map((g) => g.role)).toEqual(['secretariat']);
    expect(await verifyPassword(PASSWORD, stored?.passwordHash ?? '')).toBe(true);
  });

  it('When the password file holds fewer than 12 characters, then the command fails naming password and stores nothing', async () => {
    const shortFile = join(dir, 'short');
    await writeFile(shortFile, 'tooshort\n');
    const before = await server.deps.users.countDocuments();

    const attempt = createSecretariat([
      '--email',
      'chief@apec-ccp.example.org',
      '--name',
      'Chief',
      '--password-file',
      shortFile,
    ]);

    await expect(attempt).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('(field password)'),
    });
    expect(await server.deps.users.countDocuments()).toBe(before);
  });

  it('When an argument is missing, then the command exits with a usage error and stores nothing', async () => {
    const before = await server.deps.users.countDocuments();

    const attempt = createSecretariat(['--email', 'someone@example.org']);

    await expect(attempt).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--password-file'),
    });
    expect(await server.deps.users.countDocuments()).toBe(before);
  });
});
