import { randomUUID } from 'node:crypto';
import { type Caller, EventValidator } from '@ccp/kit';
import {
  collectEvents,
  connectedProducer,
  ensureTopics,
  freshDatabase,
  testKafka,
  testLogger,
} from '@ccp/kit/testing';
import type { Producer } from 'kafkajs';
import { expect } from 'vitest';
import { registerCluster } from '../src/domain/register-cluster.js';
import type { ClusterDocument, ClusterOrigin, ClusterStatus } from '../src/model/cluster.js';
import { createServer } from '../src/server.js';

export const user = (subject: string, grants: Caller['grants'] = []): Caller => ({
  subject,
  kind: 'user',
  grants,
});
export const coordinatorOf = (economy: string, subject = `coordinator-${economy}`) =>
  user(subject, [{ role: 'economy-coordinator', economy }]);
export const managerOf = (clusterId: string, subject = `manager-${clusterId}`) =>
  user(subject, [{ role: 'cluster-manager', clusterId }]);
export const SECRETARIAT = user('secretariat-officer', [{ role: 'secretariat' }]);
export const API_CLIENT: Caller = {
  subject: 'api-key:analyst',
  kind: 'api-client',
  grants: [{ role: 'analyst' }],
};
/** A fresh signed-in member, so tests do not share claims or message quotas. */
export const someone = () => user(`user-${randomUUID().slice(0, 8)}`);

const validator = new EventValidator();

/** One test file's registry on a fresh database; consumers and workers are not started (tests call them). */
export async function startRegistry(label: string, options: { staleAfterDays?: number } = {}) {
  const db = await freshDatabase(label);
  const kafka = testKafka();
  await ensureTopics(kafka);
  const producer: Producer = await connectedProducer(kafka);
  const suffix = randomUUID();
  const server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    erasureGroupId: `test-registry-erasure-${suffix}`,
    savedSearchGroupId: `test-registry-saved-searches-${suffix}`,
    readModelGroupId: `test-registry-read-model-${suffix}`,
    ...options,
  });
  await server.apollo.start();

  async function run(query: string, variables: Record<string, unknown>, caller: Caller) {
    const res = await server.apollo.executeOperation(
      { query, variables },
      { contextValue: await server.context(caller) },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the answer carries
    return res.body.singleResult as { data?: any; errors?: any[] };
  }

  /**
   * A cluster as an import or the seed would leave it: registered, then given its origin, status and dates
   * directly (the read model forgets its copy, so the next read sees them).
   */
  async function cluster({
    economy = 'PE',
    origin = 'imported',
    status = 'published',
    publishedAt = status === 'published' ? new Date() : null,
    lastVerifiedAt = null,
  }: {
    economy?: string;
    origin?: ClusterOrigin;
    status?: ClusterStatus;
    publishedAt?: Date | null;
    lastVerifiedAt?: Date | null;
  } = {}): Promise<string> {
    const name = `Cluster ${randomUUID().slice(0, 8)}`;
    const { id } = await registerCluster(server.deps, user('importer'), {
      name: { en: name, ru: `Кластер ${name}` },
      economyCode: economy,
    });
    await server.deps.clusters.updateOne(
      { _id: id },
      { $set: { origin, status, publishedAt, lastVerifiedAt } },
    );
    server.deps.readModel.invalidate(id);
    return id;
  }

  const stored = (id: string) => server.deps.clusters.findById(id).lean<ClusterDocument>();

  async function stop() {
    await Promise.allSettled(server.relays.map((r) => r.stop()));
    await server.apollo.stop();
    await producer.disconnect();
    await db.drop();
  }

  return { db, kafka, producer, server, deps: server.deps, run, cluster, stored, stop };
}

export type Registry = Awaited<ReturnType<typeof startRegistry>>;

/** Collects `count` events of a topic matching `matches` while `act` runs; each one is schema-valid. */
export async function eventsDuring<T>(
  registry: Registry,
  topic: string,
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the event carries
  matches: (event: any) => boolean,
  act: () => Promise<T>,
  count = 1,
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the event carries
): Promise<{ result: T; events: any[] }> {
  const collector = await collectEvents(registry.kafka, topic, matches, { count });
  await collector.start();
  const result = await act();
  const events = (await collector.done).map((c) => c.event);
  for (const event of events) expect(validator.validate(event)).toEqual({ ok: true, event });
  return { result, events };
}

/** Fails unless no event of the topic matches within 3 s of `act`. */
export async function noEventDuring(
  registry: Registry,
  topic: string,
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the event carries
  matches: (event: any) => boolean,
  act: () => Promise<unknown>,
): Promise<void> {
  const collector = await collectEvents(registry.kafka, topic, matches, { timeoutMs: 3000 });
  await collector.start();
  await act();
  await expect(collector.done).rejects.toThrow(/saw 0\/1/);
}
