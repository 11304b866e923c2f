import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

// graphql as Node loads it for graphql-ws (its CommonJS build), not the ESM build vitest would give this
// file: graphql-ws recognises refusals by `instanceof GraphQLError`.
const { buildSchema, execute, GraphQLError, graphql, parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * A stand-in for the gateway, serving the subscription contract (schemas/subscriptions.graphql, read as is)
 * and the registry's `clusters` query over an in-memory platform: every change is kept in a log (Kafka's
 * part), cursors are positions in it, and it can be trimmed (CURSOR_EXPIRED), stopped and restarted.
 */
const contract = readFileSync(new URL('../../../schemas/subscriptions.graphql', import.meta.url), 'utf8');
const schema = buildSchema(`
  enum ClusterStatus { DRAFT SUBMITTED PUBLISHED RETURNED ARCHIVED }
  enum CooperationOfferKind { OFFER NEED PROJECT }
  enum KpiName { ECONOMIES_REGISTERED }
  type LocalizedText { en: String! ru: String }
  type GeoPoint { lat: Float! lng: Float! }
  type Cluster {
    id: ID! version: Int! status: ClusterStatus! slug: String! name: String! names: LocalizedText!
    economyCode: ID! region: String specializations: [String!]! location: GeoPoint website: String
    updatedAt: String! publishedAt: String
  }
  type CooperationOffer { id: ID! }
  type Economy { code: ID! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type ClusterConnection { nodes: [Cluster!]! pageInfo: PageInfo! }
  type Query { clusters(first: Int = 50, after: String): ClusterConnection! }
  ${contract}
`);

export interface FakeCluster {
  id: string;
  version: number;
  status: string;
  name: string;
  [field: string]: unknown;
}

interface LoggedChange {
  eventId: string;
  type: string;
  clusterId: string;
  sequence: number;
  status: string;
  time: string;
  economyCode: string;
}

type Listener = (index: number) => void;

export class GatewayDouble {
  readonly clusters = new Map<string, FakeCluster>();
  readonly log: LoggedChange[] = [];
  private firstRetained = 0;
  private readonly listeners = new Set<Listener>();
  /** Every change is delivered twice (Kafka's at-least-once). */
  duplicates = false;
  /** Called before each page of the catch-up query is answered. */
  beforePage: ((page: number) => void) | undefined;
  pageSize = 2;
  snapshotPages = 0;
  subscribeRequests: Array<string | null> = [];
  /** The next this many subscriptions are refused with SERVICE_UNAVAILABLE, as while the gateway's hub starts. */
  unavailable = 0;
  private readonly liveFailures = new Set<(error: InstanceType<typeof GraphQLError>) => void>();
  readonly apiKey = 'integrator-key';
  private http: Server | undefined;
  private wss: WebSocketServer | undefined;
  private disposeWs: (() => void | Promise<void>) | undefined;
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A change of a cluster, as the registry would make it: its version +1, and one event in the log. */
  change(id: string, status: string, name?: string, type = status === 'ARCHIVED' ? 'ARCHIVED' : 'UPDATED') {
    const before = this.clusters.get(id);
    const cluster: FakeCluster = {
      id,
      slug: id,
      economyCode: 'RU',
      specializations: ['ICT'],
      names: { en: name ?? before?.name ?? id, ru: null },
      region: null,
      location: { lat: 55.75, lng: 37.62 },
      website: null,
      updatedAt: new Date().toISOString(),
      publishedAt: null,
      ...before,
      name: name ?? before?.name ?? id,
      version: (before?.version ?? 0) + 1,
      status,
    };
    this.clusters.set(id, cluster);
    this.log.push({
      eventId: `${id}:${cluster.version}`,
      type,
      clusterId: id,
      sequence: cluster.version,
      status,
      time: cluster.updatedAt as string,
      economyCode: 'RU',
    });
    for (const listener of this.listeners) listener(this.log.length - 1);
    return cluster;
  }

  /** Forgets every change so far, as a topic past its retention: their cursors expire. */
  trim() {
    this.firstRetained = this.log.length;
  }

  /** Ends every live subscription with SERVICE_UNAVAILABLE, as the gateway does when its Kafka consumer crashes. */
  failLive() {
    const error = new GraphQLError('the subscription hub lost Kafka', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
    for (const fail of [...this.liveFailures]) fail(error);
  }

  published(): FakeCluster[] {
    return [...this.clusters.values()].filter((c) => c.status === 'PUBLISHED').sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  private authorized(authorization: unknown): boolean {
    return authorization === undefined || authorization === `ApiKey ${this.apiKey}`;
  }

  /** The change at a log index as a visitor receives it: the payload is the cluster as it is now, if published. */
  private delivered(index: number) {
    const change = this.log[index] as LoggedChange;
    const now = this.clusters.get(change.clusterId);
    return { ...change, cursor: `c1.${index + 1}`, changedFields: null, cluster: now?.status === 'PUBLISHED' ? now : null };
  }

  private visible(index: number) {
    const status = this.log[index]?.status;
    return status === 'PUBLISHED' || status === 'ARCHIVED';
  }

  private position(after: unknown): number | InstanceType<typeof GraphQLError> {
    if (after === null || after === undefined) return this.log.length;
    const match = /^c1\.(\d+)$/.exec(String(after));
    if (!match) return new GraphQLError('after: not a cursor given by this API', { extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    const position = Number(match[1]);
    if (position < this.firstRetained) {
      return new GraphQLError('after: the cursor is older than the events this gateway can replay', {
        extensions: { code: 'CURSOR_EXPIRED', field: 'after' },
      });
    }
    return position;
  }

  /**
   * Replay from `from`, then live, handed over in one synchronous step like the gateway's hub. A plain
   * iterator, so that `return()` ends it at once even while it waits for the next change.
   */
  private follow(from: number, render: (index: number) => Promise<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
    const pending: number[] = [];
    for (let i = from; i < this.log.length; i++) pending.push(i);
    let wake: (() => void) | undefined;
    let done = false;
    let failure: InstanceType<typeof GraphQLError> | undefined;
    const fail = (error: InstanceType<typeof GraphQLError>) => {
      failure = error;
      wake?.();
    };
    this.liveFailures.add(fail);
    const listener: Listener = (index) => {
      pending.push(index);
      if (this.duplicates) pending.push(index);
      wake?.();
    };
    if (this.duplicates) pending.splice(0, pending.length, ...pending.flatMap((i) => [i, i]));
    this.listeners.add(listener);
    const finish = async (): Promise<IteratorResult<ExecutionResult>> => {
      done = true;
      this.listeners.delete(listener);
      this.liveFailures.delete(fail);
      wake?.();
      return { done: true, value: undefined };
    };
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      next: async () => {
        for (;;) {
          if (done) return { done: true, value: undefined };
          if (failure) {
            await finish();
            throw failure;
          }
          const index = pending.shift();
          if (index === undefined) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            continue;
          }
          if (this.visible(index)) return { done: false, value: await render(index) };
        }
      },
      return: finish,
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  async start(port = this.port) {
    const http = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (!this.authorized(req.headers.authorization)) {
        return reply(401, { errors: [{ message: 'invalid API key', extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const rootValue = {
        clusters: ({ first, after }: { first: number; after?: string | null }) => {
          this.beforePage?.(this.snapshotPages);
          this.snapshotPages += 1;
          const all = this.published();
          const start = after ? all.findIndex((c) => c.id > after) : 0;
          const nodes = start < 0 ? [] : all.slice(start, start + Math.min(first, this.pageSize));
          const last = nodes.at(-1);
          return { nodes, pageInfo: { hasNextPage: !!last && all.at(-1) !== last, endCursor: last?.id ?? null } };
        },
      };
      reply(200, await graphql({ schema, source: query, variableValues: variables, rootValue }));
    });
    const wss = new WebSocketServer({ server: http, path: '/graphql' });
    const server = useServer(
      {
        schema,
        onConnect: (ctx) => {
          if (this.authorized(ctx.connectionParams?.authorization)) return true;
          ctx.extra.socket.close(4401, 'UNAUTHENTICATED: invalid API key');
          return false;
        },
        onSubscribe: (_ctx, _id, payload) => {
          const after = payload.variables?.after ?? null;
          this.subscribeRequests.push(after as string | null);
          if (this.unavailable > 0) {
            this.unavailable -= 1;
            return [new GraphQLError('subscriptions are starting; retry shortly', { extensions: { code: 'SERVICE_UNAVAILABLE' } })];
          }
          const position = this.position(after);
          if (position instanceof GraphQLError) return [position];
          return { schema, document: parse(payload.query), variableValues: payload.variables, contextValue: { position } };
        },
        subscribe: (args) =>
          this.follow((args.contextValue as { position: number }).position, async (index) =>
            (await execute({ ...args, rootValue: { clusterChanged: this.delivered(index) } })) as ExecutionResult,
          ),
      },
      wss,
    );
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
    this.port = (http.address() as AddressInfo).port;
    this.http = http;
    this.wss = wss;
    this.disposeWs = () => server.dispose();
  }

  /** Stops like a killed process: sockets dropped without a goodbye, the port freed. */
  async kill() {
    for (const socket of this.wss?.clients ?? []) socket.terminate();
    await this.disposeWs?.();
    this.http?.closeAllConnections();
    await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
    this.http = undefined;
    this.wss = undefined;
  }
}
