import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  type Caller,
  type CloudEvent,
  clusterPrivilege,
  type Logger,
  createSubgraphHandler,
  listen,
  makeEvent,
  publishEvents,
  TOPICS,
} from '@ccp/kit';
import { connectedProducer, ensureTopics, testCallerKeys, testKafka, testLogger } from '@ccp/kit/testing';
import { parse } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import type { Kafka, Producer } from 'kafkajs';
import WebSocket from 'ws';
import { loadGatewayConfig } from '../src/config.js';
import { createGateway, type Gateway } from '../src/server.js';
import { type AccountsDouble, startAccountsDouble } from './accounts-double.js';
import { close, urlOf } from './helpers.js';

/** The registry, matchmaking and economies fields the subscription payloads read, played by one stand-in. */
const STANDIN_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

type Query {
  cluster(id: ID, slug: String): Cluster
  cooperationOffer(id: ID!): CooperationOffer
  economy(code: ID!): Economy
}

enum ClusterStatus { DRAFT SUBMITTED PUBLISHED RETURNED ARCHIVED }
enum CooperationOfferKind { OFFER NEED PROJECT }
enum KpiName { ECONOMIES_REGISTERED CLUSTERS_RESPONDED PARTICIPANTS_CHECKED_IN MEETINGS_HELD SUCCESS_STORIES }

type Cluster {
  id: ID!
  name(locale: String): String!
  status: ClusterStatus!
  economyCode: ID!
  readBy: String!
}

type CooperationOffer {
  id: ID!
  title: String!
}

type Economy {
  code: ID!
  name: String!
}
`;

export interface StandinCluster {
  id: string;
  name: string;
  status: string;
  economy: string;
}

/** A subgraph over an in-memory set of clusters; drafts only for callers with a privilege, as registry does. */
async function startStandin(verifier: Awaited<ReturnType<typeof testCallerKeys>>['verifier']) {
  const clusters = new Map<string, StandinCluster>();
  const calls = { cluster: 0, cooperationOffer: 0, economy: 0 };
  const resolvers = {
    Query: {
      cluster: (_: unknown, { id }: { id: string }, { caller }: { caller: Caller }) => {
        calls.cluster += 1;
        const cluster = clusters.get(id);
        if (!cluster) return null;
        const visible =
          cluster.status === 'published' || clusterPrivilege(caller, { id: cluster.id, economy: cluster.economy }) !== null;
        return visible ? { ...cluster, readBy: caller.subject } : null;
      },
      cooperationOffer: (_: unknown, { id }: { id: string }) => {
        calls.cooperationOffer += 1;
        return { id, title: `Offer ${id}` };
      },
      economy: (_: unknown, { code }: { code: string }) => {
        calls.economy += 1;
        return { code, name: `Economy ${code}` };
      },
    },
    Cluster: {
      name: (c: StandinCluster, { locale }: { locale?: string }) => (locale ? `${c.name} (${locale})` : c.name),
      status: (c: StandinCluster) => c.status.toUpperCase(),
      economyCode: (c: StandinCluster) => c.economy,
    },
  };
  const apollo = new ApolloServer<{ caller: Caller }>({
    schema: buildSubgraphSchema({ typeDefs: parse(STANDIN_SDL), resolvers: resolvers as never }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const server = await listen(
    createSubgraphHandler({ apollo, verifier, context: (caller) => ({ caller }), ready: async () => true, logger: testLogger() }),
    0,
    '127.0.0.1',
  );
  return { clusters, calls, server, apollo };
}

export type GatewayHandle = { url: string; wsUrl: string; gateway: Gateway; server: Server; stop(): Promise<void> };

/**
 * Gateways (with subscriptions on the test's KAFKA_TOPIC_PREFIX topics) over the stand-in subgraph, accounts
 * played by a double, and a producer publishing real CloudEvents.
 */
export async function startSubscriptionHarness() {
  const keys = await testCallerKeys();
  const tmp = mkdtempSync(join(tmpdir(), 'ccp-subs-'));
  const standin = await startStandin(keys.verifier);
  const accounts: AccountsDouble = await startAccountsDouble(keys.verifier);
  const composed = composeServices([{ name: 'standin', url: urlOf(standin.server, '/graphql'), typeDefs: parse(STANDIN_SDL) }]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const supergraphPath = join(tmp, 'supergraph.graphql');
  writeFileSync(supergraphPath, composed.supergraphSdl);
  const kafka = testKafka();
  await ensureTopics(kafka);
  const producer: Producer = await connectedProducer(kafka);
  const gateways = new Set<GatewayHandle>();
  const clients = new Set<Client>();

  /**
   * A gateway over the stand-in; `deps.kafka` replaces its Kafka client (faults), `deps.logger` its logger, and
   * `waitReady: false` returns before its subscription hub is ready.
   */
  async function startGateway(
    env: Record<string, string> = {},
    deps: { kafka?: Kafka; logger?: Logger; waitReady?: boolean } = {},
  ): Promise<GatewayHandle> {
    const config = loadGatewayConfig({
      SUPERGRAPH_PATH: supergraphPath,
      LOG_LEVEL: 'silent',
      CALLER_PRIVATE_KEY: keys.privateKeyPem,
      ACCOUNTS_URL: `${accounts.url}/graphql`,
      KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? '',
      KAFKA_BROKERS: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'),
      ...env,
    });
    const gateway = await createGateway(config, { logger: deps.logger ?? testLogger(), kafka: deps.kafka });
    const server = await listen(gateway.handler, 0, '127.0.0.1');
    server.on('upgrade', gateway.upgrade);
    if (deps.waitReady !== false) await gateway.subscriptions?.ready;
    const url = urlOf(server);
    const handle: GatewayHandle = {
      url,
      wsUrl: `${url.replace('http', 'ws')}/graphql`,
      gateway,
      server,
      async stop() {
        if (!gateways.delete(handle)) return;
        await gateway.stop();
        await close(server);
      },
    };
    gateways.add(handle);
    return handle;
  }

  /** A graphql-ws client that does not retry (tests reconnect themselves, with their cursor). */
  function wsClient(handle: GatewayHandle, connectionParams: Record<string, unknown> = {}, extra: Partial<Parameters<typeof createClient>[0]> = {}) {
    const client = createClient({ url: handle.wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true, ...extra });
    clients.add(client);
    return client;
  }

  let sequence = 1000;
  /** A schema-valid cluster event, published to the test topics; the stand-in's cluster is set to match. */
  async function publishCluster(
    verb: 'registered' | 'updated' | 'published' | 'archived' | 'submitted',
    cluster: StandinCluster,
    extra: Record<string, unknown> = {},
  ): Promise<CloudEvent> {
    standin.clusters.set(cluster.id, { ...cluster });
    const data: Record<string, unknown> = {
      clusterId: cluster.id,
      economy: cluster.economy,
      name: { en: cluster.name },
      region: null,
      location: null,
      specializations: ['agrifood', 'agrifood.processing'],
      status: cluster.status,
      ...(verb === 'updated' ? { changedFields: ['website'] } : {}),
      ...(verb === 'registered' ? { registeredBy: 'user-ana', origin: 'registered' } : {}),
      ...(verb === 'published' ? { publishedAt: new Date().toISOString(), publishedBy: 'user-bo' } : {}),
      ...extra,
    };
    const event = makeEvent({
      service: 'registry',
      type: `ccp.registry.cluster.${verb}.v1`,
      subject: cluster.id,
      sequence: sequence++,
      economy: cluster.economy,
      actor: { subject: 'user-ana', role: 'manager' },
      data,
    }) as CloudEvent;
    await publishEvents(producer, [event]);
    return event;
  }

  async function publishRaw(events: CloudEvent[]) {
    await publishEvents(producer, events);
  }

  async function stop() {
    for (const client of clients) await client.dispose();
    for (const handle of [...gateways]) await handle.stop();
    await producer.disconnect();
    await close(standin.server);
    await close(accounts.server);
    await standin.apollo.stop();
    rmSync(tmp, { recursive: true, force: true });
  }

  return { keys, accounts, standin, kafka, startGateway, wsClient, publishCluster, publishRaw, stop, topics: TOPICS };
}

export type SubscriptionHarness = Awaited<ReturnType<typeof startSubscriptionHarness>>;

export const newCluster = (over: Partial<StandinCluster> = {}): StandinCluster => ({
  id: randomUUID(),
  name: `Cluster ${randomUUID().slice(0, 6)}`,
  status: 'published',
  economy: 'PE',
  ...over,
});

/** Collects a graphql-ws subscription's results until told to stop; `error` is what ended it, if anything. */
export function follow(client: Client, query: string, variables: Record<string, unknown> = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the payload carries
  const results: any[] = [];
  let error: unknown;
  let completed = false;
  const stop = client.subscribe(
    { query, variables },
    {
      next: (value) => results.push(value),
      error: (err) => {
        error = err;
      },
      complete: () => {
        completed = true;
      },
    },
  );
  return {
    results,
    stop,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
  };
}
