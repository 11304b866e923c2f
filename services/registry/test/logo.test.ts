import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ANONYMOUS, type Caller, createSubgraphHandler, EventValidator, listen, TOPICS } from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testCallerKeys,
  testKafka,
  testLogger,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterDocument } from '../src/model/cluster.js';
import { bytesOf, type ClusterLogoDocument, LOGO_MAX_BYTES } from '../src/model/cluster-logo.js';
import { CLUSTER_LOGO_PATH } from '../src/routes/cluster-logo.js';
import { createServer } from '../src/server.js';
import { EVERY_BYTE, jpeg, png, SVG, webp } from './logo-fixtures.js';

const REGISTER = `mutation ($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }`;
const LOGO_URL = `query ($id: ID!) { cluster(id: $id) { logoUrl version completeness history(first: 1) { action changedFields actorRole } } }`;
const PUBLISH = `mutation ($id: ID!) { publishCluster(id: $id) { id } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveCluster(id: $id, reason: "Dissolved") { id status } }`;

const kafka = testKafka();
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;
let keys: Awaited<ReturnType<typeof testCallerKeys>>;
let http: Server;
let base: string;

const user = (subject: string, grants: Caller['grants'] = []): Caller => ({ subject, kind: 'user', grants });
const member = user('user-member');
const managerOf = (clusterId: string) => user('user-manager', [{ role: 'cluster-manager', clusterId }]);
const coordinatorOf = (economy: string) =>
  user(`user-coordinator-${economy}`, [{ role: 'economy-coordinator', economy }]);
const secretariat = user('user-secretariat', [{ role: 'secretariat' }]);
const apiClient: Caller = { subject: 'api-client-1', kind: 'api-client', grants: [] };

async function run(query: string, variables: Record<string, unknown>, caller: Caller = member) {
  const res = await server.apollo.executeOperation(
    { query, variables },
    { contextValue: await server.context(caller) },
  );
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult as { data?: any; errors?: any[] };
}

async function draft(economyCode = 'RU'): Promise<string> {
  const { data, errors } = await run(REGISTER, {
    input: {
      name: { en: `Logo cluster ${randomUUID().slice(0, 8)}` },
      economyCode,
      website: 'https://a.example.org',
    },
  });
  if (errors) throw new Error(JSON.stringify(errors));
  return data.registerCluster.id;
}

/** A cluster its economy's coordinator published (version 2): its logo is public. */
async function published(economyCode = 'RU'): Promise<string> {
  const id = await draft(economyCode);
  const { errors } = await run(PUBLISH, { id }, coordinatorOf(economyCode));
  if (errors) throw new Error(JSON.stringify(errors));
  return id;
}

const stored = (id: string) => server.deps.clusters.findById(id).lean<ClusterDocument>();
const blobsOf = async (id: string) =>
  (await db.collection<ClusterLogoDocument>('cluster_logos').find({ clusterId: id }).toArray()).map((b) => ({
    ...b,
    data: bytesOf(b.data),
  }));
/** The version and logo facts as stored (a cluster that never had a logo has no such field). */
async function logoState(id: string) {
  const doc = await stored(id);
  return { version: doc?.version, logo: doc?.logo ?? null };
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Answer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  json: any;
}

/** A call of the logo route as the gateway makes it: the caller's token (none when `caller` is null). */
async function call(
  method: string,
  id: string,
  {
    caller = ANONYMOUS as Caller | null,
    body,
    contentType,
    headers = {},
    query = '',
  }: {
    caller?: Caller | null;
    body?: Buffer | ReadableStream<Uint8Array>;
    contentType?: string;
    headers?: Record<string, string>;
    query?: string;
  } = {},
): Promise<Answer> {
  const res = await fetch(`${base}${CLUSTER_LOGO_PATH}?id=${encodeURIComponent(id)}${query}`, {
    method,
    headers: {
      ...(caller ? { 'x-ccp-caller': await keys.tokenFor(caller) } : {}),
      ...(contentType ? { 'content-type': contentType } : {}),
      ...headers,
    },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: any;
  if ((res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, headers: res.headers, bytes, json };
}

const put = (id: string, body: Buffer, contentType: string | undefined, caller: Caller | null) =>
  call('PUT', id, { body, contentType, caller });

/** The error of an answer: status, code and field. */
const refusal = (a: Answer) => ({
  status: a.status,
  code: a.json?.errors?.[0]?.extensions?.code,
  field: a.json?.errors?.[0]?.extensions?.field,
});

async function eventOf(id: string, act: () => Promise<unknown>) {
  const collector = await collectEvents(
    kafka,
    TOPICS.cluster,
    (e) => e.subject === id && e.type === 'ccp.registry.cluster.updated.v1',
  );
  await collector.start();
  await act();
  const [{ event }] = await collector.done;
  expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
  return event;
}

/** Listens for any event of the cluster; `expectNone` fails unless none came within 3 s. */
async function watch(id: string) {
  const collector = await collectEvents(kafka, TOPICS.cluster, (e) => e.subject === id, { timeoutMs: 3000 });
  await collector.start();
  return { expectNone: () => expect(collector.done).rejects.toThrow(/saw 0\/1/) };
}

/** A chunked body (no Content-Length): the route must count while it reads. */
function streamOf(bytes: Buffer, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + chunk)));
      at += chunk;
    },
  });
}

beforeAll(async () => {
  db = await freshDatabase('registry-logo');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  keys = await testCallerKeys();
  server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    erasureGroupId: `ccp-registry-erasure-test-${randomUUID()}`,
  });
  await server.apollo.start();
  http = await listen(
    createSubgraphHandler({
      apollo: server.apollo,
      verifier: keys.verifier,
      context: server.context,
      ready: async () => true,
      logger: testLogger(),
      routes: server.routes,
    }),
    0,
    '127.0.0.1',
  );
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => {
    http?.close(resolve);
    http?.closeAllConnections();
  });
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
});

describe('uploading a logo', () => {
  it('When its manager uploads a PNG, then the cluster points at it (version + 1, history, completeness unchanged), the updated event names logo with its URL, and anyone GETs the same bytes', async () => {
    const id = await published();
    const image = png(48, 32);
    const hash = sha256(image);
    const before = await stored(id);
    let answer: Answer | undefined;

    const event = await eventOf(id, async () => {
      answer = await put(id, image, 'image/png', managerOf(id));
    });
    const url = `/clusters/${id}/logo?v=${hash.slice(0, 12)}`;
    const read = await run(LOGO_URL, { id }, managerOf(id));
    const served = await call('GET', id, { caller: ANONYMOUS, query: `&v=${hash.slice(0, 12)}` });

    expect(answer?.status).toBe(200);
    expect(answer?.json).toMatchObject({
      clusterId: id,
      version: 3,
      logoUrl: url,
      logo: { contentType: 'image/png', size: image.length, width: 48, height: 32, sha256: hash },
    });
    expect(read.data.cluster).toMatchObject({
      logoUrl: url,
      version: 3,
      completeness: before?.completeness,
      history: [{ action: 'UPDATED', changedFields: ['logo'], actorRole: 'manager' }],
    });
    expect(event).toMatchObject({
      sequence: 3,
      actorrole: 'manager',
      data: { changedFields: ['logo'], profile: { logoUrl: url, completeness: before?.completeness } },
    });
    expect(served.status).toBe(200);
    expect(served.bytes.equals(image)).toBe(true);
    expect(Object.fromEntries(served.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(image.length),
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${hash}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
      'content-disposition': 'inline',
    });
    expect(await blobsOf(id)).toMatchObject([{ _id: `${id}:${hash}`, contentType: 'image/png', width: 48 }]);
  });

  it('When a JPEG or a lossy, lossless or extended WebP is uploaded, then each is stored with the size its header states and served with its type', async () => {
    const id = await draft();
    const cases: [string, Buffer, number, number][] = [
      ['image/jpeg', jpeg(640, 480), 640, 480],
      ['image/jpeg', jpeg(16, 4096, { progressive: true }), 16, 4096],
      ['image/webp', webp(300, 200, 'lossy'), 300, 200],
      ['image/webp', webp(17, 4096, 'lossless'), 17, 4096],
      ['image/webp', webp(4096, 1024, 'extended'), 4096, 1024],
    ];

    for (const [type, image, width, height] of cases) {
      const answer = await put(id, image, type, managerOf(id));
      const served = await call('GET', id, { caller: managerOf(id) });

      expect(answer.json.logo, type).toMatchObject({ contentType: type, width, height, size: image.length });
      expect(served.headers.get('content-type')).toBe(type);
      expect(served.bytes.equals(image)).toBe(true);
    }
    expect((await stored(id))?.version).toBe(1 + cases.length);
  });

  it('When a logo holds every byte value, then FerretDB gives back exactly the same bytes, stored and served', async () => {
    const id = await draft();
    const image = png(16, 16, { extra: Buffer.concat([EVERY_BYTE, randomBytes(4096)]) });

    await put(id, image, 'image/png', managerOf(id));
    const [blob] = await blobsOf(id);
    const served = await call('GET', id, { caller: managerOf(id) });

    expect(blob?.data.equals(image)).toBe(true);
    expect(blob?.size).toBe(image.length);
    expect(served.bytes.equals(image)).toBe(true);
  });

  it('When the same bytes are uploaded again, then nothing changes: same version, no event', async () => {
    const id = await draft();
    const image = png(20, 20);
    await put(id, image, 'image/png', managerOf(id));
    const events = await watch(id);

    const again = await put(id, image, 'image/png', coordinatorOf('RU'));

    expect(again.status).toBe(200);
    expect(again.json.version).toBe(2);
    expect(await stored(id)).toMatchObject({ version: 2, outbox: [] });
    await events.expectNone();
  });

  it("When a new logo replaces the old one, then the old bytes are deleted and the old URL's version gets a short cache life", async () => {
    const id = await published();
    const first = png(20, 20, { seed: 1 });
    const second = png(20, 20, { seed: 2 });
    await put(id, first, 'image/png', managerOf(id));

    await put(id, second, 'image/png', managerOf(id));
    const oldUrl = await call('GET', id, { query: `&v=${sha256(first).slice(0, 12)}` });

    expect((await blobsOf(id)).map((b) => b.sha256)).toEqual([sha256(second)]);
    expect(oldUrl.bytes.equals(second)).toBe(true);
    expect(oldUrl.headers.get('cache-control')).toBe('public, max-age=60');
  });
});

describe('refused uploads', () => {
  it('When the declared type is SVG, GIF or missing, then 415 BAD_USER_INPUT naming contentType; nothing is stored and no event sent', async () => {
    const id = await draft();
    const events = await watch(id);

    const answers = [
      await put(id, SVG, 'image/svg+xml', managerOf(id)),
      await put(id, Buffer.from('GIF89a'), 'image/gif', managerOf(id)),
      await put(id, png(20, 20), undefined, managerOf(id)),
    ];

    for (const answer of answers) {
      expect(refusal(answer)).toEqual({ status: 415, code: 'BAD_USER_INPUT', field: 'contentType' });
    }
    expect(answers[0]?.json.errors[0].message).toMatch(/SVG is refused because it can carry script/);
    expect(await logoState(id)).toEqual({ version: 1, logo: null });
    expect(await blobsOf(id)).toEqual([]);
    await events.expectNone();
  });

  it('When the bytes do not match the declared type (a JPEG or SVG markup declared as PNG, a PNG as WebP, random bytes, nothing), then 400 naming body; nothing is stored', async () => {
    const id = await draft();
    const events = await watch(id);

    const answers = await Promise.all([
      put(id, jpeg(64, 64), 'image/png', managerOf(id)),
      put(id, SVG, 'image/png', managerOf(id)),
      put(id, png(64, 64), 'image/webp', managerOf(id)),
      put(id, randomBytes(1000), 'image/jpeg', managerOf(id)),
      put(id, Buffer.alloc(0), 'image/png', managerOf(id)),
    ]);

    for (const answer of answers)
      expect(refusal(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', field: 'body' });
    expect(answers[0]?.json.errors[0].message).toBe(
      'Invalid body: is a JPEG image, not PNG: declare image/jpeg',
    );
    expect(await logoState(id)).toEqual({ version: 1, logo: null });
    expect(await blobsOf(id)).toEqual([]);
    await events.expectNone();
  });

  it('When the body is over 512 KB, by its declared length or while it streams without one, then 413 PAYLOAD_TOO_LARGE naming body; nothing is stored', async () => {
    const id = await draft();
    const big = png(32, 32, { extra: randomBytes(LOGO_MAX_BYTES) });
    const events = await watch(id);

    const declared = await put(id, big, 'image/png', managerOf(id));
    const streamed = await call('PUT', id, {
      body: streamOf(big),
      contentType: 'image/png',
      caller: managerOf(id),
    });

    for (const answer of [declared, streamed]) {
      expect(refusal(answer)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE', field: 'body' });
      expect(answer.headers.get('connection')).toBe('close');
    }
    expect(await logoState(id)).toEqual({ version: 1, logo: null });
    expect(await blobsOf(id)).toEqual([]);
    await events.expectNone();
  });

  it('When the body is just under 512 KB, whether its length is declared or it streams, then it is accepted', async () => {
    const id = await draft();
    const image = png(32, 32, { extra: randomBytes(LOGO_MAX_BYTES - 2000) });
    const streamedImage = png(32, 32, { extra: randomBytes(LOGO_MAX_BYTES - 2000), seed: 9 });

    const declared = await put(id, image, 'image/png', managerOf(id));
    const streamed = await call('PUT', id, {
      body: streamOf(streamedImage),
      contentType: 'image/png',
      caller: managerOf(id),
    });

    expect([declared.status, streamed.status]).toEqual([200, 200]);
    expect(image.length).toBeLessThanOrEqual(LOGO_MAX_BYTES);
    expect((await blobsOf(id))[0]?.data.equals(streamedImage)).toBe(true);
  });

  it('When a side is under 16 or over 4096 pixels, then 400 naming width or height; nothing is stored', async () => {
    const id = await draft();
    const events = await watch(id);

    const answers = await Promise.all([
      put(id, png(8, 8), 'image/png', managerOf(id)),
      put(id, png(4097, 16), 'image/png', managerOf(id)),
      put(id, jpeg(64, 5000), 'image/jpeg', managerOf(id)),
      put(id, webp(64, 15, 'lossy'), 'image/webp', managerOf(id)),
    ]);

    expect(answers.map(refusal)).toEqual([
      { status: 400, code: 'BAD_USER_INPUT', field: 'width' },
      { status: 400, code: 'BAD_USER_INPUT', field: 'width' },
      { status: 400, code: 'BAD_USER_INPUT', field: 'height' },
      { status: 400, code: 'BAD_USER_INPUT', field: 'height' },
    ]);
    expect(answers[0]?.json.errors[0].extensions.problems).toEqual([
      { field: 'width', reason: 'is 8 pixels; it must be between 16 and 4096' },
      { field: 'height', reason: 'is 8 pixels; it must be between 16 and 4096' },
    ]);
    expect(await logoState(id)).toEqual({ version: 1, logo: null });
    expect(await blobsOf(id)).toEqual([]);
    await events.expectNone();
  });
});

describe('who may change a logo', () => {
  it("When its economy's coordinator or the secretariat uploads, then it is accepted; a member, another cluster's manager, another economy's coordinator and an API client get 403, anonymous 401; nothing is stored for them", async () => {
    const id = await draft('CL');
    const other = await draft('CL');
    const refusedOne = await draft('CL');
    const events = await watch(refusedOne);

    const byCoordinator = await put(id, png(16, 16, { seed: 3 }), 'image/png', coordinatorOf('CL'));
    const bySecretariat = await put(other, png(16, 16, { seed: 4 }), 'image/png', secretariat);
    const refused = await Promise.all(
      [member, managerOf(other), coordinatorOf('PE'), apiClient, ANONYMOUS].map((caller) =>
        put(refusedOne, png(16, 16), 'image/png', caller),
      ),
    );

    expect([byCoordinator.status, bySecretariat.status]).toEqual([200, 200]);
    expect(refused.map((a) => [a.status, refusal(a).code])).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [401, 'UNAUTHENTICATED'],
    ]);
    expect(await logoState(refusedOne)).toEqual({ version: 1, logo: null });
    expect(await blobsOf(refusedOne)).toEqual([]);
    await events.expectNone();
  });

  it('When an anonymous caller sends an SVG, then 401 comes before any look at the body', async () => {
    const id = await draft();

    const answer = await put(id, SVG, 'image/svg+xml', ANONYMOUS);

    expect(refusal(answer)).toEqual({ status: 401, code: 'UNAUTHENTICATED', field: undefined });
  });

  it('When the cluster does not exist, then 404 NOT_FOUND; when it is archived, 409 INVALID_STATE; without a caller token, 401; nothing is stored', async () => {
    const archivedId = await draft('KR');
    await run(ARCHIVE, { id: archivedId }, coordinatorOf('KR'));
    const events = await watch(archivedId);

    const unknown = await put('no-such-cluster', png(16, 16), 'image/png', secretariat);
    const archived = await put(archivedId, png(16, 16), 'image/png', managerOf(archivedId));
    const removeArchived = await call('DELETE', archivedId, { caller: coordinatorOf('KR') });
    const noToken = await put(archivedId, png(16, 16), 'image/png', null);

    expect(refusal(unknown)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(archived)).toEqual({ status: 409, code: 'INVALID_STATE', field: 'id' });
    expect(refusal(removeArchived)).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    expect(refusal(noToken)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await logoState(archivedId)).toEqual({ version: 2, logo: null });
    expect(await blobsOf(archivedId)).toEqual([]);
    expect(await db.collection('cluster_logos').countDocuments({ clusterId: 'no-such-cluster' })).toBe(0);
    await events.expectNone();
  });
});

describe('removing a logo', () => {
  it('When its manager deletes the logo, then logoUrl is null, the bytes are gone, GET answers 404 and the event names logo; deleting again changes nothing', async () => {
    const id = await draft();
    await put(id, png(16, 16), 'image/png', managerOf(id));
    let removed: Answer | undefined;

    const event = await eventOf(id, async () => {
      removed = await call('DELETE', id, { caller: managerOf(id) });
    });
    const read = await run(LOGO_URL, { id }, managerOf(id));
    const served = await call('GET', id, { caller: managerOf(id) });
    const again = await call('DELETE', id, { caller: managerOf(id) });

    expect(removed?.json).toEqual({ clusterId: id, version: 3, logoUrl: null, logo: null });
    expect(read.data.cluster.logoUrl).toBeNull();
    expect(event).toMatchObject({
      sequence: 3,
      data: { changedFields: ['logo'], profile: { logoUrl: null } },
    });
    expect(await blobsOf(id)).toEqual([]);
    expect(refusal(served)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(again.json.version).toBe(3);
  });

  it('When a member or anonymous deletes a logo, then 403 or 401 and the logo stays', async () => {
    const id = await draft();
    await put(id, png(16, 16), 'image/png', managerOf(id));

    const byMember = await call('DELETE', id, { caller: member });
    const byAnonymous = await call('DELETE', id, { caller: ANONYMOUS });

    expect(refusal(byMember)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(refusal(byAnonymous)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect((await stored(id))?.logo).toMatchObject({ width: 16 });
    expect(await blobsOf(id)).toHaveLength(1);
  });
});

describe('serving a logo', () => {
  it('When If-None-Match carries its ETag, then 304 without a body; HEAD gives the headers without a body; without ?v= the cache life is short', async () => {
    const id = await published();
    const image = webp(64, 64);
    const etag = `"${sha256(image)}"`;
    await put(id, image, 'image/webp', managerOf(id));

    const notModified = await call('GET', id, { headers: { 'if-none-match': `"other", W/${etag}` } });
    const head = await call('HEAD', id);
    const plain = await call('GET', id);

    expect(notModified.status).toBe(304);
    expect(notModified.bytes).toHaveLength(0);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(head.status).toBe(200);
    expect(head.bytes).toHaveLength(0);
    expect(head.headers.get('content-length')).toBe(String(image.length));
    expect(plain.headers.get('cache-control')).toBe('public, max-age=60');
    expect(plain.bytes.equals(image)).toBe(true);
  });

  it('When a profile is not published, then its logo is served only to its managers, its coordinator and the secretariat, never to shared caches; once published, to anyone', async () => {
    const id = await draft('TH');
    const image = png(24, 24, { seed: 5 });
    await put(id, image, 'image/png', managerOf(id));
    const v = `&v=${sha256(image).slice(0, 12)}`;

    const allowed = await Promise.all(
      [managerOf(id), coordinatorOf('TH'), secretariat].map((caller) =>
        call('GET', id, { caller, query: v }),
      ),
    );
    const hidden = await Promise.all(
      [ANONYMOUS, member, coordinatorOf('VN'), apiClient].map((caller) =>
        call('GET', id, { caller, query: v }),
      ),
    );
    await run(PUBLISH, { id }, coordinatorOf('TH'));
    const afterPublishing = await call('GET', id, { caller: ANONYMOUS, query: v });

    for (const answer of allowed) {
      expect(answer.status).toBe(200);
      expect(answer.bytes.equals(image)).toBe(true);
      expect(answer.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    }
    for (const answer of hidden) {
      expect(refusal(answer)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(answer.headers.get('etag')).toBeNull();
    }
    expect(afterPublishing.status).toBe(200);
    expect(afterPublishing.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('When a cluster has no logo, an id is missing or a method is not supported, then 404, 400 or 405 with a typed error', async () => {
    const id = await draft();

    const none = await call('GET', id, { caller: managerOf(id) });
    const missingId = await fetch(`${base}${CLUSTER_LOGO_PATH}`, {
      headers: { 'x-ccp-caller': await keys.tokenFor() },
    });
    const post = await call('POST', id, { body: png(16, 16), contentType: 'image/png' });

    expect(refusal(none)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(none.headers.get('cache-control')).toBe('no-store');
    expect(missingId.status).toBe(400);
    expect(((await missingId.json()) as any).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE');
  });
});
