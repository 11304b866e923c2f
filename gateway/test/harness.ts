import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type Caller, createSubgraphHandler, listen } from '@ccp/kit';
import { testCallerKeys, testLogger } from '@ccp/kit/testing';
import { parse } from 'graphql';
import { loadGatewayConfig } from '../src/config.js';
import { createGateway, type Gateway } from '../src/server.js';
import { type AccountsDouble, startAccountsDouble } from './accounts-double.js';
import { close, urlOf } from './helpers.js';

/** A small subgraph that tells who called it, with lists and recursion to measure queries on. */
const WHOAMI_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

type Query {
  me: WhoAmI!
  item(id: ID!): Item
  items(first: Int, last: Int): [Item!]!
  failure: String
}

type WhoAmI {
  subject: String!
  kind: String!
  roles: [String!]!
}

type Item {
  id: ID!
  parent: Item
  children(first: Int): [Item!]!
}
`;

export const INTERNAL_DETAIL = 'connect ECONNREFUSED mongodb://10.9.8.7:27017';

interface WhoAmIContext {
  caller: Caller;
}

const resolvers = {
  Query: {
    me: (_: unknown, __: unknown, context: unknown) => {
      const { caller } = context as WhoAmIContext;
      return { subject: caller.subject, kind: caller.kind, roles: caller.grants.map((g) => g.role) };
    },
    item: (_: unknown, { id }: { id: string }) => ({ id }),
    items: (_: unknown, { first, last }: { first?: number; last?: number }) =>
      Array.from({ length: Math.min(first ?? last ?? 2, 3) }, (_, i) => ({ id: `item-${i}` })),
    failure: () => {
      throw new Error(INTERNAL_DETAIL);
    },
  },
  Item: {
    parent: ({ id }: { id: string }) => ({ id: `${id}.parent` }),
    children: () => [],
  },
};

/**
 * The gateway over the whoami subgraph, with accounts played by a double; every gateway started is
 * stopped by `stop()`.
 */
export async function startHarness() {
  const keys = await testCallerKeys();
  const tmp = mkdtempSync(join(tmpdir(), 'ccp-gateway-'));
  const seenCallers: Caller[] = [];
  const apollo = new ApolloServer<WhoAmIContext>({
    schema: buildSubgraphSchema({ typeDefs: parse(WHOAMI_SDL), resolvers }),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const subgraph = await listen(
    createSubgraphHandler({
      apollo,
      verifier: keys.verifier,
      context: (caller) => {
        seenCallers.push(caller);
        return { caller };
      },
      ready: async () => true,
      logger: testLogger(),
    }),
    0,
    '127.0.0.1',
  );
  const accounts: AccountsDouble = await startAccountsDouble(keys.verifier);
  const composed = composeServices([
    { name: 'whoami', url: urlOf(subgraph, '/graphql'), typeDefs: parse(WHOAMI_SDL) },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const supergraphPath = join(tmp, 'supergraph.graphql');
  writeFileSync(supergraphPath, composed.supergraphSdl);
  const gateways: Array<{ gateway: Gateway; server: Server }> = [];

  /** A gateway listening on an ephemeral port; returns its base URL. */
  async function startGateway(env: Record<string, string> = {}) {
    const config = loadGatewayConfig({
      SUPERGRAPH_PATH: supergraphPath,
      LOG_LEVEL: 'silent',
      // This test's supergraph lacks the types schemas/subscriptions.graphql names.
      SUBSCRIPTIONS_ENABLED: 'false',
      CALLER_PRIVATE_KEY: keys.privateKeyPem,
      ACCOUNTS_URL: `${accounts.url}/graphql`,
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000',
      RATE_LIMIT_USER_PER_MINUTE: '10000',
      ...env,
    });
    const gateway = await createGateway(config, { logger: testLogger() });
    const server = await listen(gateway.handler, 0, '127.0.0.1');
    gateways.push({ gateway, server });
    return urlOf(server);
  }

  async function stop() {
    for (const { gateway, server } of gateways) {
      await close(server);
      await gateway.stop();
    }
    await close(subgraph);
    await close(accounts.server);
    await apollo.stop();
    rmSync(tmp, { recursive: true, force: true });
  }

  return { keys, accounts, seenCallers, startGateway, stop };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
