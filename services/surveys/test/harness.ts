import { randomUUID } from 'node:crypto';
import { type Caller, EventValidator, makeEvent } from '@ccp/kit';
import { connectedProducer, ensureTopics, freshDatabase, testKafka, testLogger } from '@ccp/kit/testing';
import { applyClusterEvent } from '../src/events/cluster-facts.js';
import { createServer, type SurveysServerDeps } from '../src/server.js';

export type SurveysServer = Awaited<ReturnType<typeof createServer>>;

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

export interface SurveysHarness {
  kafka: ReturnType<typeof testKafka>;
  server: SurveysServer;
  /** Runs a GraphQL operation as `caller` (a member without grants unless given). */
  run(
    query: string,
    variables?: Record<string, unknown>,
    caller?: Caller,
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the result carries
  ): Promise<{ data?: any; errors?: any[] }>;
  stop(): Promise<void>;
}

/**
 * A surveys server on a fresh database with consumer groups of its own (none started): tests feed read models
 * through the handlers. `label` names the database.
 */
export async function startSurveys(
  label: string,
  options: Partial<Omit<SurveysServerDeps, 'mongo' | 'kafka' | 'producer' | 'validator' | 'logger'>> = {},
): Promise<SurveysHarness> {
  const kafka = testKafka();
  const db = await freshDatabase(label);
  await ensureTopics(kafka);
  const producer = await connectedProducer(kafka);
  const suffix = randomUUID();
  const server = await createServer({
    mongo: db,
    kafka,
    producer,
    validator: new EventValidator(),
    logger: testLogger(),
    consumerGroupId: `ccp-surveys-test-${suffix}`,
    erasureGroupId: `ccp-surveys-erasure-test-${suffix}`,
    followUpGroupId: `ccp-surveys-follow-ups-test-${suffix}`,
    respondentsGroupId: `ccp-surveys-respondents-test-${suffix}`,
    ...options,
  });
  await server.apollo.start();
  return {
    kafka,
    server,
    async run(query, variables = {}, caller = member) {
      const res = await server.apollo.executeOperation(
        { query, variables },
        { contextValue: await server.context(caller) },
      );
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the result carries
      return res.body.singleResult as { data?: any; errors?: any[] };
    },
    async stop() {
      await Promise.allSettled(server.workers.map((w) => w.stop()));
      await Promise.allSettled(server.consumers.map((c) => c.stop()));
      await Promise.allSettled(server.relays.map((r) => r.stop()));
      await server.apollo.stop();
      await producer.disconnect();
      await db.drop();
    },
  };
}

/** A registry cluster event as registry emits it (economy and status are what surveys keeps). */
export function clusterEvent(
  type: 'registered' | 'published' | 'archived',
  clusterId: string,
  economy: string,
  sequence: number,
) {
  const status = { registered: 'draft', published: 'published', archived: 'archived' }[type];
  return makeEvent({
    service: 'registry',
    type: `ccp.registry.cluster.${type}.v1`,
    subject: clusterId,
    sequence,
    economy,
    data: {
      clusterId,
      economy,
      name: { en: `Cluster ${clusterId.slice(0, 8)}` },
      status,
      ...(type === 'published' ? { publishedAt: new Date().toISOString() } : {}),
    },
  });
}

/** A cluster surveys knows as published in `economy`, as if registry's events had been consumed. */
export async function publishedCluster(server: SurveysServer, economy: string): Promise<string> {
  const clusterId = randomUUID();
  await applyClusterEvent(server.models.clusterFacts, clusterEvent('registered', clusterId, economy, 1));
  await applyClusterEvent(server.models.clusterFacts, clusterEvent('published', clusterId, economy, 2));
  return clusterId;
}
