import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ANONYMOUS,
  CALLER_HEADER,
  type Caller,
  createSubgraphHandler,
  EventValidator,
  listen,
} from '@ccp/kit';
import {
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testCallerKeys,
  testKafka,
  testLogger,
  waitFor,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { expect } from 'vitest';
import { createServer } from '../src/server.js';

export const PASSWORD = 'correct horse battery staple';

export const asUser = (id: string, grants: Caller['grants'] = []): Caller => ({
  subject: id,
  kind: 'user',
  grants,
});
export const SECRETARIAT: Caller = {
  subject: 'secretariat-officer',
  kind: 'user',
  grants: [{ role: 'secretariat' }],
};
export const coordinatorOf = (economy: string, subject = `coordinator-${economy}`): Caller =>
  asUser(subject, [{ role: 'economy-coordinator', economy }]);
export const managerOf = (clusterId: string, subject = `manager-${clusterId}`): Caller =>
  asUser(subject, [{ role: 'cluster-manager', clusterId }]);

export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
  headers: string;
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** The .eml files of the dev mailbox, decoded enough to read (single-part text messages). */
export async function readMailbox(dir: string): Promise<Mail[]> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (name) => {
      const raw = await readFile(join(dir, name), 'utf8');
      const split = raw.indexOf('\n\n');
      const headers = raw.slice(0, split).replace(/\n[ \t]+/g, ' ');
      const header = (h: string) => new RegExp(`^${h}: (.*)$`, 'im').exec(headers)?.[1] ?? '';
      return {
        file: join(dir, name),
        to: header('To'),
        subject: decodeHeader(header('Subject')),
        text: decodeBody(raw.slice(split + 2), header('Content-Transfer-Encoding')),
        headers,
      };
    }),
  );
}

export const mailsTo = async (dir: string, address: string) =>
  (await readMailbox(dir)).filter((m) => m.to.toLowerCase().includes(address.toLowerCase()));

export function waitForMail(dir: string, address: string, matching: (m: Mail) => boolean = () => true) {
  return waitFor(async () => (await mailsTo(dir, address)).find(matching), {
    timeoutMs: 20_000,
    what: `an e-mail to ${address}`,
  });
}

export const tokenIn = (mail: Mail, path: string) => {
  const token = new RegExp(`/${path}\\?token=([A-Za-z0-9_.-]+)`).exec(mail.text)?.[1];
  if (!token) throw new Error(`no ${path} link in the e-mail:\n${mail.text}`);
  return token;
};

/** One test file's accounts service on a fresh database, with its own consumer groups and mailbox. */
export async function startAccounts(
  label: string,
  {
    consumers = false,
    accessTokenPrivateKeyPem,
  }: { consumers?: boolean; accessTokenPrivateKeyPem?: string } = {},
) {
  const db = await freshDatabase(label);
  const kafka = testKafka();
  await ensureTopics(kafka);
  const producer: Producer = await connectedProducer(kafka);
  const mailboxDir = await mkdtemp(join(tmpdir(), 'ccp-mailbox-'));
  const suffix = randomUUID().slice(0, 8);
  const groups = {
    clusters: `test-accounts-${suffix}`,
    notifications: `test-accounts-notifications-${suffix}`,
    audit: `test-accounts-audit-${suffix}`,
  };
  const server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    mailboxDir,
    accessTokenPrivateKeyPem,
    consumerGroups: groups,
  });
  await server.apollo.start();
  if (consumers) await Promise.all(server.consumers.map((c) => c.start()));
  let http: Server | undefined;

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
  async function register(overrides: Record<string, unknown> = {}) {
    const { data, errors } = await run(
      `mutation($input: RegisterUserInput!) { registerUser(input: $input) { id email name } }`,
      {
        input: {
          email: `person-${++seq}-${randomUUID().slice(0, 6)}@cluster.example.org`,
          name: 'Aigerim Sadykova',
          password: PASSWORD,
          ...overrides,
        },
      },
    );
    expect(errors).toBeUndefined();
    return data.registerUser as { id: string; email: string; name: string };
  }

  /** Registers and verifies through the e-mailed link, as a person would. */
  async function registerVerified(overrides: Record<string, unknown> = {}) {
    const user = await register(overrides);
    const mail = await waitForMail(mailboxDir, user.email, (m) => m.text.includes('/verify-email?token='));
    const { errors } = await run(`mutation($t: String!) { verifyEmail(token: $t) }`, {
      t: tokenIn(mail, 'verify-email'),
    });
    expect(errors).toBeUndefined();
    return user;
  }

  /** Serves the subgraph and its routes over HTTP the way runService does, with a test gateway key. */
  async function serve() {
    const keys = await testCallerKeys();
    const handler = createSubgraphHandler({
      apollo: server.apollo,
      verifier: keys.verifier,
      context: server.context,
      ready: async () => true,
      logger: testLogger(),
      routes: server.routes,
    });
    http = await listen(handler, 0, '127.0.0.1');
    const address = http.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const gatewayToken = () => keys.tokenFor(ANONYMOUS);
    async function post(path: string, body: unknown, { withCaller = true } = {}) {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(withCaller ? { [CALLER_HEADER]: await gatewayToken() } : {}),
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the answer carries
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
    }
    return { base, keys, post };
  }

  async function stop() {
    await Promise.all(server.consumers.map((c) => c.stop()));
    await Promise.all(server.relays.map((r) => r.stop()));
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    http?.closeAllConnections();
    await server.apollo.stop();
    server.deps.mailer.close();
    await producer.disconnect();
    await db.drop();
    await rm(mailboxDir, { recursive: true, force: true });
  }

  return {
    db,
    kafka,
    producer,
    server,
    deps: server.deps,
    mailboxDir,
    groups,
    run,
    register,
    registerVerified,
    serve,
    stop,
  };
}

export type Accounts = Awaited<ReturnType<typeof startAccounts>>;
