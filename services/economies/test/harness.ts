import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  type Caller,
  type CloudEvent,
  createSubgraphHandler,
  EventValidator,
  listen,
  makeEvent,
  toMessage,
} from '@ccp/kit';
import {
  connectedProducer,
  createTestTopic,
  deleteTestTopic,
  ensureTopics,
  freshDatabase,
  testCallerKeys,
  testKafka,
  testLogger,
} from '@ccp/kit/testing';
import { createServer, type EconomiesServerDeps } from '../src/server.js';

const user = (subject: string, grants: Caller['grants'] = []): Caller => ({
  subject,
  kind: 'user',
  grants,
});
export const anonymous: Caller = { subject: 'visitor', kind: 'anonymous', grants: [] };

/** The signed-in callers tests act as; `tag` ends every subject, so a file can tell its own events by actor. */
export function callers(tag: string) {
  const apiClient: Caller = { subject: `api-client-${tag}`, kind: 'api-client', grants: [] };
  return {
    secretariat: user(`secretariat-${tag}`, [{ role: 'secretariat' }]),
    member: user(`member-${tag}`, [{ role: 'member' }]),
    apiClient,
    coordinatorOf: (economy: string) =>
      user(`coordinator-${economy.toLowerCase()}-${tag}`, [{ role: 'economy-coordinator', economy }]),
  };
}

/** A cluster's answer to a questionnaire, as surveys announces it (KPI 2 counts internationalization ones). */
export function submitted(clusterId: string, economy: string, kind: string, at: Date): CloudEvent {
  const responseId = randomUUID();
  return makeEvent({
    service: 'surveys',
    type: 'ccp.surveys.response.submitted.v1',
    subject: responseId,
    sequence: 2,
    economy,
    time: at,
    data: {
      responseId,
      questionnaireKind: kind,
      questionnaireId: 'q-intl',
      questionnaireVersion: 1,
      clusterId,
      economy,
      campaignId: null,
      submittedAt: at.toISOString(),
      submittedBy: 'manager-1',
    },
  });
}

/** An economy's registration (KPI 1), as this service announces it. */
export const registered = (economy: string, at: Date) =>
  makeEvent({
    service: 'economies',
    type: 'ccp.economies.economy.registered.v1',
    subject: economy,
    sequence: 1,
    economy,
    time: at,
    data: { economy, registeredAt: at.toISOString(), firstCoordinator: `coordinator-${economy}` },
  });

export type Result = {
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the query returns
  data?: any;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
};

/** The topics a file may give the service in place of the platform's, named after the server option they fill. */
export type TopicKind = 'cluster' | 'user' | 'economy' | 'response' | 'workshop' | 'offer' | 'campaign';
type EconomiesServer = Awaited<ReturnType<typeof createServer>>;

export interface EconomiesOptions<T extends TopicKind>
  extends Pick<EconomiesServerDeps, 'groupId' | 'erasureKey' | 'publicUrl'> {
  /** Topics of the file's own, so its consumers read only what it sends. */
  topics?: readonly T[];
  /** The consumers to start: all, or those of the read models the file is about (tests start the rest). */
  consumers?: 'all' | readonly (keyof EconomiesServer['named'])[];
  /** Serves the subgraph and its routes over HTTP the way runService does, at `url`. */
  http?: boolean;
}

/** One test file's economies service on a fresh database, with its own consumer groups and topics. */
export async function startEconomies<T extends TopicKind = never>(
  label: string,
  { topics: kinds = [], consumers = [], http = false, ...options }: EconomiesOptions<T> = {},
) {
  const kafka = testKafka();
  const validator = new EventValidator();
  const undo: (() => Promise<unknown>)[] = [];
  /** Undoes what was started, latest first: after the file's tests, or when starting fails halfway. */
  async function stop() {
    for (const step of undo.splice(0).reverse()) await step();
  }

  try {
    const db = await freshDatabase(label);
    undo.push(() => db.drop());
    await ensureTopics(kafka);
    const producer = await connectedProducer(kafka);
    undo.push(() => producer.disconnect());
    const topics = {} as Record<T, string>;
    const topicOptions: Partial<Record<`${TopicKind}Topic`, string>> = {};
    for (const kind of kinds) {
      const topic = await createTestTopic(kafka, kind);
      undo.push(() => deleteTestTopic(kafka, topic));
      topics[kind] = topic;
      topicOptions[`${kind}Topic`] = topic;
    }
    const server = await createServer({
      mongo: db,
      kafka,
      producer,
      validator,
      logger: testLogger(),
      groupId: `test-${label.replaceAll('_', '-')}-${randomUUID().slice(0, 8)}`,
      ...topicOptions,
      ...options,
    });
    undo.push(() => Promise.all(server.relays.map((r) => r.stop())));
    await server.apollo.start();
    undo.push(() => server.apollo.stop());
    undo.push(() => Promise.all(server.consumers.map((c) => c.stop())));
    const starting = consumers === 'all' ? server.consumers : consumers.map((name) => server.named[name]);
    await Promise.all(starting.map((c) => c.start()));

    let url = '';
    if (http) {
      const keys = await testCallerKeys();
      const handler = createSubgraphHandler({
        apollo: server.apollo,
        verifier: keys.verifier,
        context: server.context,
        ready: async () => true,
        logger: testLogger(),
        routes: server.routes,
      });
      const listening = await listen(handler, 0, '127.0.0.1');
      undo.push(
        () =>
          new Promise<void>((resolve) => {
            listening.close(() => resolve());
            listening.closeAllConnections();
          }),
      );
      url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    }

    async function execute(
      caller: Caller,
      query: string,
      variables: Record<string, unknown> = {},
    ): Promise<Result> {
      const res = await server.apollo.executeOperation(
        { query, variables },
        { contextValue: await server.context(caller) },
      );
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      return res.body.singleResult as Result;
    }

    /** The data of an operation that must succeed. */
    async function ok(caller: Caller, query: string, variables: Record<string, unknown> = {}) {
      const res = await execute(caller, query, variables);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data;
    }

    /** What a visitor reads, typed as the test expects it. */
    const query = async <TData = Result['data']>(query: string, variables: Record<string, unknown> = {}) =>
      (await ok(anonymous, query, variables)) as TData;

    async function send(topic: string, ...events: CloudEvent[]) {
      await producer.send({ topic, messages: events.map(toMessage) });
    }

    return {
      kafka,
      db,
      producer,
      validator,
      server,
      models: server.models,
      deps: server.deps,
      named: server.named,
      topics,
      /** The HTTP server's base URL (with `http: true`). */
      url,
      execute,
      ok,
      query,
      send,
      stop,
    };
  } catch (err) {
    // The error that stopped the start is the one to see, not a later one from undoing it.
    await stop().catch(() => undefined);
    throw err;
  }
}

export type Economies<T extends TopicKind = never> = Awaited<ReturnType<typeof startEconomies<T>>>;
