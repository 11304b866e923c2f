import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@ccp/kit';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { AccessRefusal, type ConnectionCounter, callerOf, type ResolveCaller, watchCredential } from './access.js';
import type { SubscriptionEngine } from './engine.js';
import { subscriptionConnections } from './metrics.js';
import type { PrepareRequest } from './operation.js';

export interface SseTransportOptions {
  engine: SubscriptionEngine;
  resolveCaller: ResolveCaller;
  connections: ConnectionCounter;
  keepAliveMs: number;
  /** How often an API client's key is checked again while its stream is open (see watchCredential). */
  credentialRecheckMs: number;
  logger: Logger;
}

const MAX_BODY_BYTES = 64 * 1024;

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`the request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The operation of a GET (query string) or POST (JSON body) request. */
async function requestOf(req: IncomingMessage, url: URL): Promise<PrepareRequest> {
  const json = (text: string | null) => (text ? (JSON.parse(text) as Record<string, unknown>) : undefined);
  if (req.method === 'GET') {
    return {
      query: url.searchParams.get('query') as string,
      variables: json(url.searchParams.get('variables')),
      operationName: url.searchParams.get('operationName'),
    };
  }
  const body = json(await readBody(req)) as Partial<PrepareRequest> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('the body must be a JSON object');
  return { query: body.query as string, variables: body.variables, operationName: body.operationName };
}

const event = (name: 'next' | 'complete', data: unknown) => `event: ${name}\ndata: ${data === null ? '' : JSON.stringify(data)}\n\n`;

const errorsResult = (errors: readonly GraphQLError[]): ExecutionResult => ({ errors: [...errors] });

/**
 * graphql-sse's "distinct connections" mode at `/graphql/stream`: one request (GET, or POST with a JSON body,
 * `Accept: text/event-stream`) per subscription, answered by `next` events and a final `complete`. A refused
 * subscription is one `next` carrying the errors, then `complete`. Written with backpressure: a client that does
 * not read falls behind and is dropped with SLOW_CONSUMER. `dispose()` drops every stream so clients retry.
 */
export function createSseTransport(opts: SseTransportOptions) {
  const open = new Set<ServerResponse>();
  let stopping = false;

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'subscribe with GET or POST');
    }
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      return refuse(res, 406, 'NOT_ACCEPTABLE', 'send Accept: text/event-stream');
    }
    let request: PrepareRequest;
    try {
      request = await requestOf(req, url);
    } catch (err) {
      return refuse(res, 400, 'BAD_REQUEST', (err as Error).message);
    }
    let release: () => void;
    let caller: Awaited<ReturnType<typeof callerOf>>;
    try {
      caller = await callerOf(opts.resolveCaller, req);
      release = opts.connections.acquire(caller, req);
    } catch (err) {
      if (!(err instanceof AccessRefusal)) throw err;
      const status = { UNAUTHENTICATED: 401, AUTHENTICATION_UNAVAILABLE: 503, SUBSCRIPTION_LIMIT_EXCEEDED: 429 }[err.code];
      return refuse(res, status, err.code, err.message);
    }
    subscriptionConnections.inc({ transport: 'sse' });
    const connection = { caller, subscriptions: 0 };
    let closed = false;
    const onClose = new Promise<void>((resolve) => {
      res.once('close', () => {
        closed = true;
        resolve();
      });
    });
    // Listed before it may wait for the hub to start, so a shutdown meanwhile drops it too.
    open.add(res);
    let keepAlive: NodeJS.Timeout | undefined;
    const write = async (chunk: string) => {
      if (closed) return;
      if (!res.write(chunk)) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), onClose]);
    };
    // A revoked key's stream ends with UNAUTHENTICATED as its last result, then `complete`.
    const unwatch = watchCredential(caller, () => callerOf(opts.resolveCaller, req), opts.credentialRecheckMs, (refusal) => {
      const refused = new GraphQLError(refusal.message, { extensions: { code: refusal.code } });
      void write(event('next', errorsResult([refused])))
        .then(() => write(event('complete', null)))
        .finally(() => res.end());
    });
    try {
      const result = await opts.engine.subscribe(connection, request);
      if (closed) {
        if (!Array.isArray(result)) await (result as AsyncIterableIterator<ExecutionResult>).return?.();
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(':\n\n');
      keepAlive = setInterval(() => res.write(':\n\n'), opts.keepAliveMs);
      if (Array.isArray(result)) {
        await write(event('next', errorsResult(result as readonly GraphQLError[])));
      } else {
        const stream = result as AsyncIterableIterator<ExecutionResult>;
        void onClose.then(() => stream.return?.());
        try {
          for (;;) {
            const next = await stream.next();
            if (next.done || closed) break;
            await write(event('next', next.value));
          }
        } catch (err) {
          // SLOW_CONSUMER or SERVICE_UNAVAILABLE: the stream ended with an error, sent as the last result.
          await write(event('next', errorsResult([err as GraphQLError])));
        }
      }
      // A stream the gateway dropped on shutdown was destroyed: no `complete`, so the client retries.
      if (!closed && !stopping) {
        await write(event('complete', null));
        res.end();
      }
    } finally {
      clearInterval(keepAlive);
      unwatch();
      open.delete(res);
      release();
      subscriptionConnections.dec({ transport: 'sse' });
    }
  }

  return {
    handle,
    /** Drops every open stream without `complete`: graphql-sse clients see a network error and retry. */
    dispose(): void {
      stopping = true;
      for (const res of open) res.destroy();
    },
  };
}

export type SseTransport = ReturnType<typeof createSseTransport>;
