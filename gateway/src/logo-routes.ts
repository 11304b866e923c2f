import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Caller, type CallerSigner, type Logger, requestError, sendJson } from '@ccp/kit';
import { createSubgraphProxy } from './subgraph-proxy.js';

/** The registry's route for logos (the id travels as `?id=`): see services/registry/src/routes/cluster-logo.ts. */
const REGISTRY_LOGO_PATH = '/internal/cluster-logo';
/** The registry's own limit, checked here too so an oversize upload never reaches it. */
export const LOGO_MAX_BYTES = 512 * 1024;
/** Logo reads draw from a bucket of their own this many times the client's allowance: a page shows many logos. */
export const LOGO_READS_PER_REQUEST_ALLOWANCE = 10;
const PATH = /^\/clusters\/([^/]+)\/logo$/;
const METHODS = 'GET, HEAD, PUT, DELETE';
/** What the registry's answer carries on to the client (security headers are the gateway's own). */
const PASSED_HEADERS = [
  'content-type',
  'content-length',
  'cache-control',
  'etag',
  'last-modified',
  'content-disposition',
  'allow',
];

export interface RateBucket {
  key: string;
  perMinute: number;
}

/** One request for `/clusters/{id}/logo`, matched by path. */
export interface ClusterLogoRequest {
  /** The bucket this request draws from, given the client's usual one. */
  rateBucket(usual: RateBucket): RateBucket;
  handle(res: ServerResponse, caller: Caller): Promise<void>;
}

export interface ClusterLogoRoutes {
  /** The request for a logo path, or undefined for any other path. */
  match(req: IncomingMessage, pathname: string): ClusterLogoRequest | undefined;
}

class TooLargeError extends Error {}

/** Passes at most `maxBytes` on and fails as soon as more arrive (after telling `onTooLarge`). */
function capped(maxBytes: number, onTooLarge: () => void): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size <= maxBytes) return done(null, chunk);
      onTooLarge();
      done(new TooLargeError());
    },
  });
}

function tooLarge(res: ServerResponse): void {
  // The rest of the body is not read: close the connection rather than drain it.
  res.setHeader('connection', 'close');
  sendJson(res, 413, {
    errors: [
      {
        message: `Invalid body: must be at most ${LOGO_MAX_BYTES} bytes (512 KB)`,
        extensions: { code: 'PAYLOAD_TOO_LARGE', field: 'body', maxBytes: LOGO_MAX_BYTES },
      },
    ],
  });
}

/**
 * `/clusters/{id}/logo` on the gateway: GET and HEAD for anyone (an unpublished profile's logo only for those
 * who may act on it), PUT (the raw image) and DELETE for its managers, its coordinator and the secretariat.
 * The caller is resolved like any /graphql request and travels to the registry in a caller token; bodies are
 * streamed with the 512 KB cap, answers streamed back.
 */
export function createClusterLogoRoutes({
  registryUrl,
  signer,
  logger,
  timeoutMs = 10_000,
}: {
  registryUrl: string;
  signer: CallerSigner;
  logger: Logger;
  timeoutMs?: number;
}): ClusterLogoRoutes {
  const registry = createSubgraphProxy({
    url: registryUrl,
    name: 'the registry',
    what: 'logo',
    passedHeaders: PASSED_HEADERS,
    signer,
    logger,
    timeoutMs,
  });

  async function proxy(req: IncomingMessage, res: ServerResponse, caller: Caller, clusterId: string) {
    const method = req.method ?? 'GET';
    if (!METHODS.split(', ').includes(method)) {
      res.setHeader('allow', METHODS);
      return requestError(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not supported on a cluster's logo`);
    }
    const upload = method === 'PUT';
    if (upload && Number(req.headers['content-length'] ?? 0) > LOGO_MAX_BYTES) return tooLarge(res);

    const target = new URL(REGISTRY_LOGO_PATH, registry.origin);
    target.searchParams.set('id', clusterId);
    const version = new URL(req.url ?? '/', 'http://localhost').searchParams.get('v');
    if (version) target.searchParams.set('v', version.slice(0, 64));

    let oversize = false;
    await registry.forward(req, res, caller, {
      method,
      target,
      forwardedHeaders: upload ? ['content-type', 'content-length'] : ['if-none-match'],
      onAnswer(answer) {
        // The registry refused without reading the whole upload: the client's connection closes too.
        if (answer.headers.connection === 'close') res.setHeader('connection', 'close');
      },
      sendBody: upload
        ? (upstream) => {
            // pipe(), not pipeline(): an oversize body must not destroy the client's socket before its 413.
            const cap = capped(LOGO_MAX_BYTES, () => {
              oversize = true;
            });
            req.pipe(cap);
            pipeline(cap, upstream).catch((err) => upstream.destroy(err));
            req.once('close', () => {
              if (!req.complete) upstream.destroy(new Error('the client aborted the upload'));
            });
          }
        : undefined,
      onFailure() {
        if (oversize) tooLarge(res);
        return oversize;
      },
    });
  }

  return {
    match(req, pathname) {
      const found = PATH.exec(pathname);
      if (!found) return undefined;
      let clusterId: string;
      try {
        clusterId = decodeURIComponent(found[1] ?? '');
      } catch {
        clusterId = '';
      }
      const reads = req.method === 'GET' || req.method === 'HEAD';
      return {
        rateBucket: (usual) =>
          reads
            ? {
                key: `logo-reads:${usual.key}`,
                perMinute: usual.perMinute * LOGO_READS_PER_REQUEST_ALLOWANCE,
              }
            : usual,
        handle: (res, caller) => proxy(req, res, caller, clusterId),
      };
    },
  };
}
