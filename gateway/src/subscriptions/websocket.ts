import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@ccp/kit';
import type { GraphQLSchema } from 'graphql';
import { type Context, CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { AccessRefusal, type ConnectionCounter, callerOf, type ResolveCaller, watchCredential } from './access.js';
import type { SubscriberStream, SubscriptionConnection, SubscriptionEngine } from './engine.js';
import { subscriptionConnections } from './metrics.js';

export interface WebSocketTransportOptions {
  engine: SubscriptionEngine;
  schema: GraphQLSchema;
  resolveCaller: ResolveCaller;
  connections: ConnectionCounter;
  corsOrigins: readonly string[];
  keepAliveMs: number;
  /** How often an API client's key is checked again while its socket is open (see watchCredential). */
  credentialRecheckMs: number;
  logger: Logger;
}

interface ConnectionState extends SubscriptionConnection {
  release(): void;
}

type Extra = { request: IncomingMessage; socket: import('ws').WebSocket; state?: ConnectionState };

const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Close codes past the protocol's own: the reason names the error code (a close reason has 123 bytes). */
const refusalClose = (refusal: AccessRefusal): [number, string] => [
  refusal.code === 'UNAUTHENTICATED' ? CloseCode.Unauthorized : CloseCode.Forbidden,
  `${refusal.code}: ${refusal.message}`.slice(0, 120),
];

/**
 * graphql-ws (subprotocol graphql-transport-ws) on the gateway's `/graphql` path: an upgrade of the same
 * HTTP server. Browsers' upgrades are checked against CORS_ORIGINS; the caller is resolved once per
 * connection; pings keep connections alive; `dispose()` closes every socket with 1001 so clients resume.
 */
export function createWebSocketTransport(opts: WebSocketTransportOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const origins = new Set(opts.corsOrigins);

  const server = useServer<Record<string, unknown>, Extra>(
    {
      schema: opts.schema,
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx: Context<Record<string, unknown>, Extra>) => {
        const { request, socket } = ctx.extra;
        try {
          const caller = await callerOf(opts.resolveCaller, request, ctx.connectionParams?.authorization);
          const acquired = opts.connections.acquire(caller, request);
          const unwatch = watchCredential(
            caller,
            () => callerOf(opts.resolveCaller, request, ctx.connectionParams?.authorization),
            opts.credentialRecheckMs,
            (refusal) => socket.close(...refusalClose(refusal)),
          );
          const release = () => {
            unwatch();
            acquired();
          };
          ctx.extra.state = { caller, subscriptions: 0, release };
          subscriptionConnections.inc({ transport: 'websocket' });
          return true;
        } catch (err) {
          if (!(err instanceof AccessRefusal)) throw err;
          socket.close(...refusalClose(err));
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const state = ctx.extra.state;
        if (!state) return undefined;
        const result = await opts.engine.subscribe(state, payload);
        if (Array.isArray(result)) return [...result];
        const stream = result as SubscriberStream;
        return {
          schema: opts.schema,
          document: stream.document,
          operationName: payload.operationName,
          contextValue: { stream },
        };
      },
      subscribe: (args) => (args.contextValue as { stream: AsyncIterableIterator<never> }).stream,
      onClose: (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        ctx.extra.state = undefined;
        state.release();
        subscriptionConnections.dec({ transport: 'websocket' });
      },
    },
    wss,
    opts.keepAliveMs,
  );

  return {
    /** Takes the upgrade if it is for `/graphql`; returns false to leave it to someone else. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== '/graphql') return false;
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(origin)) {
        socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\norigin not allowed\n');
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return true;
    },
    get clients(): number {
      return wss.clients.size;
    },
    /** Closes every socket with 1001 (going away): graphql-ws clients reconnect and resume with their cursor. */
    dispose: () => server.dispose(),
  };
}

export type WebSocketTransport = ReturnType<typeof createWebSocketTransport>;
