import { randomUUID } from 'node:crypto';
import { type Caller, type CloudEvent, EventValidator, makeEvent } from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testKafka,
  testLogger,
} from '@ccp/kit/testing';
import type { Kafka, Producer } from 'kafkajs';
import { expect } from 'vitest';
import { createServer } from '../src/server.js';

export type MatchmakingServer = Awaited<ReturnType<typeof createServer>>;

/** A signed-in user with the given grants. */
export const user = (subject: string, grants: Caller['grants'] = []): Caller => ({
  subject,
  kind: 'user',
  grants,
});
export const member = user('user-member');
export const managerOf = (clusterId: string, subject = `user-manager-${clusterId.slice(0, 8)}`) =>
  user(subject, [{ role: 'cluster-manager', clusterId }]);
export const coordinatorOf = (economy: string) =>
  user(`user-coordinator-${economy}`, [{ role: 'economy-coordinator', economy }]);
export const secretariat = user('user-secretariat', [{ role: 'secretariat' }]);
export const apiClient: Caller = { subject: 'api-client-test', kind: 'api-client', grants: [] };

export interface TestCluster {
  id: string;
  economy: string;
  specializations: string[];
  name: string;
}

export function newCluster(
  economy: string,
  specializations: string[] = [],
  name = `Cluster ${randomUUID().slice(0, 6)}`,
): TestCluster {
  return { id: randomUUID(), economy, specializations, name };
}

/** A registry event for a cluster, as registry builds it. */
export function registryEvent(
  kind: 'registered' | 'published',
  c: TestCluster,
  sequence: number,
): CloudEvent {
  const facts = {
    clusterId: c.id,
    economy: c.economy,
    name: { en: c.name, ru: `Кластер ${c.name}` },
    status: kind === 'registered' ? 'draft' : 'published',
    region: 'Test region',
    location: { lat: 1.35, lng: 103.82 },
    specializations: c.specializations,
  };
  return makeEvent({
    service: 'registry',
    type: `ccp.registry.cluster.${kind}.v1`,
    subject: c.id,
    sequence,
    economy: c.economy,
    data:
      kind === 'registered'
        ? { ...facts, registeredBy: 'user-1' }
        : { ...facts, publishedAt: new Date().toISOString(), publishedBy: 'user-1' },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: events and graph results are read as the tests see them
export type Loose = any;

/** A value inside an event's data, for matching events on a topic. */
export const dataAt = (event: Record<string, unknown>, ...path: string[]) =>
  path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event.data);

/** The codes of the first error of each result. */
export const codes = (results: { errors?: Loose[] }[]) => results.map((r) => r.errors?.[0]?.extensions.code);

/**
 * A matchmaking server on a fresh database, with its consumers running on the test topics. Clusters are fed
 * to its read model directly (`publishedCluster`), not through the shared registry topic.
 */
export async function startMatchmaking(
  label: string,
  /** createServer options a test sets beside the harness's own (e.g. matchRequestExpiryDays). */
  options: Partial<Parameters<typeof createServer>[0]> = {},
) {
  const run = randomUUID().slice(0, 8);
  const kafka: Kafka = testKafka();
  const groupIds = {
    consumerGroupId: `ccp-matchmaking-${label}-${run}`,
    erasureGroupId: `ccp-matchmaking-erasure-${label}-${run}`,
  };
  const db = await freshDatabase(`matchmaking_${label}`);
  await ensureTopics(kafka);
  const producer: Producer = await connectedProducer(kafka);
  const validator = new EventValidator();
  const server: MatchmakingServer = await createServer({
    mongo: db,
    kafka,
    producer,
    validator,
    logger: testLogger(),
    ...groupIds,
    ...options,
  });
  await server.apollo.start();

  async function execute(query: string, variables: Record<string, unknown> = {}, caller: Caller = member) {
    const res = await server.apollo.executeOperation(
      { query, variables },
      { contextValue: await server.context(caller) },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult as { data?: Loose; errors?: Loose[] };
  }

  async function registeredCluster(c: TestCluster) {
    await server.applyClusterEvent(registryEvent('registered', c, 1));
    return c;
  }

  async function publishedCluster(c: TestCluster) {
    await server.applyClusterEvent(registryEvent('registered', c, 1));
    await server.applyClusterEvent(registryEvent('published', c, 2));
    return c;
  }

  /** Watches a topic from now on; `expectNone` waits a few seconds and fails if a matching event came. */
  async function watchNone(topic: string, matches: (event: Loose) => boolean, timeoutMs = 3000) {
    const collector = await collectEvents(kafka, topic, matches, { timeoutMs });
    await collector.start();
    return { expectNone: () => expect(collector.done).rejects.toThrow(/saw 0\/1/) };
  }

  async function stop() {
    await Promise.allSettled(server.consumers.map((c) => c.stop()));
    await server.apollo.stop();
    await producer.disconnect();
    await db.drop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups(Object.values(groupIds)).catch(() => {});
    await admin.disconnect();
  }

  return {
    run,
    kafka,
    db,
    producer,
    validator,
    server,
    execute,
    registeredCluster,
    publishedCluster,
    watchNone,
    stop,
  };
}
