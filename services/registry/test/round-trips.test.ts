import { randomUUID } from 'node:crypto';
import { type Caller, EventValidator } from '@ccp/kit';
import { connectedProducer, ensureTopics, freshDatabase, testKafka, testLogger } from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCluster } from '../src/domain/publish-cluster.js';
import { registerCluster } from '../src/domain/register-cluster.js';
import { createServer } from '../src/server.js';

const kafka = testKafka();
const groups = {
  erasureGroupId: `test-erasure-${randomUUID()}`,
  savedSearchGroupId: `test-saved-${randomUUID()}`,
};
let db: Awaited<ReturnType<typeof freshDatabase>>;
let producer: Producer;
let server: Awaited<ReturnType<typeof createServer>>;
const commands: string[] = [];

const anonymous: Caller = { subject: 'anonymous', kind: 'anonymous', grants: [] };
const secretariat: Caller = { subject: 'user-secretariat', kind: 'user', grants: [{ role: 'secretariat' }] };
const ECONOMIES = ['RU', 'CN', 'JP', 'KR', 'US', 'MX', 'CL', 'PE', 'VN', 'TH'];

const PAGE = `query ($first: Int) {
  clusters(first: $first) {
    totalCount
    nodes { id name slug economy { code } keyMembers { name type } memberTypes contacts { name email } completeness }
    facets { economies { value count } }
  }
}`;

/** The database commands a query sends, by the driver's command monitoring. */
async function commandsOf(first: number): Promise<string[]> {
  commands.length = 0;
  const res = await server.apollo.executeOperation(
    { query: PAGE, variables: { first } },
    { contextValue: await server.context(anonymous) },
  );
  if (res.body.kind !== 'single' || res.body.singleResult.errors) throw new Error(JSON.stringify(res.body));
  const data = res.body.singleResult.data as { clusters: { nodes: unknown[] } };
  expect(data.clusters.nodes).toHaveLength(first);
  return [...commands];
}

beforeAll(async () => {
  db = await freshDatabase('registry_round_trips');
  await ensureTopics(kafka);
  producer = await connectedProducer(kafka);
  server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    ...groups,
  });
  await server.apollo.start();
  for (let i = 0; i < 120; i += 1) {
    const c = await registerCluster(server.deps, secretariat, {
      name: { en: `Round Trip Cluster ${String(i).padStart(3, '0')}` },
      economyCode: ECONOMIES[i % ECONOMIES.length],
      keyMembers: [
        { name: `Member A${i}`, type: 'SME' },
        { name: `Member B${i}`, type: 'UNIVERSITY' },
      ],
      contacts: [{ name: `Contact ${i}`, email: `c${i}@example.org`, visibility: 'REGISTERED' }],
    });
    await publishCluster(server.deps, secretariat, c.id, c.version);
  }
  db.getClient().on('commandStarted', (e: { commandName: string }) => {
    if (!['hello', 'isMaster', 'ping', 'endSessions'].includes(e.commandName)) commands.push(e.commandName);
  });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled((server?.consumers ?? []).map((c) => c.stop()));
  await server?.apollo.stop();
  await producer?.disconnect();
  await db?.drop();
});

describe('database round trips per page (driver command monitoring)', () => {
  it('When a page of 10 or 100 clusters with economy, members and contacts is read warm, then no command reaches the database', async () => {
    expect(await commandsOf(10)).toEqual([]);
    expect(await commandsOf(100)).toEqual([]);
  });

  it('When the cached records are stale, then a page costs one find whatever its size', async () => {
    const forget = async (first: number) => {
      for (const id of server.deps.readModel
        .search(
          {
            economies: null,
            status: 'published',
            specializations: null,
            memberTypes: null,
            internationalMembership: null,
            foundedFrom: null,
            foundedTo: null,
            terms: [],
            visible: () => false,
          },
          { sort: 'NAME', direction: null, locale: 'en', first },
        )
        .nodes.map((e) => e.id)) {
        server.deps.readModel.invalidate(id);
      }
    };
    await forget(10);
    expect(await commandsOf(10)).toEqual(['find']);
    await forget(100);
    expect(await commandsOf(100)).toEqual(['find']);
    expect(await commandsOf(100)).toEqual([]);
  });
});
