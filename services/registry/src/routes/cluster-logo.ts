import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Caller, ErrorCode, type ServiceRoute, sendJson } from '@ccp/kit';
import {
  currentLogo,
  type LogoDeps,
  logoBytes,
  removeClusterLogo,
  setClusterLogo,
} from '../domain/cluster-logo.js';
import { payloadTooLargeError } from '../domain/logo-image.js';
import type { ClusterRecord } from '../model/cluster.js';
import { LOGO_MAX_BYTES, LOGO_VERSION_LENGTH, logoUrlOf } from '../model/cluster-logo.js';

/**
 * Where the gateway sends `/clusters/{id}/logo` (the kit routes by exact path, so the id travels as `?id=`).
 * Internal like /graphql: the gateway's caller token says who uploads, and who reads an unpublished profile's
 * logo (a published one's is public).
 */
export const CLUSTER_LOGO_PATH = '/internal/cluster-logo';

const STATUS_OF: Record<string, number> = {
  [ErrorCode.BadUserInput]: 400,
  PAYLOAD_TOO_LARGE: 413,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.InvalidState]: 409,
  [ErrorCode.Conflict]: 409,
};

/**
 * With the current `?v=` the URL names these exact bytes: cached for a year. Without it the same URL may show
 * another logo tomorrow, so caches revalidate (ETag) soon. A profile that is not published is shown only to
 * those who may act on it: never kept by shared caches.
 */
function cacheControl(versioned: boolean, published: boolean): string {
  const scope = published ? 'public' : 'private';
  return versioned ? `${scope}, max-age=31536000, immutable` : `${scope}, max-age=60`;
}

/** The kit's typed errors, recognized by shape (the GraphQLError class may come from another copy of graphql). */
function typedError(
  err: unknown,
): { message: string; extensions: Record<string, unknown>; status: number } | null {
  if (!(err instanceof Error) || !('extensions' in err)) return null;
  const extensions = (err as { extensions?: Record<string, unknown> }).extensions ?? {};
  const status = STATUS_OF[String(extensions.code)];
  if (!status) return null;
  // A refused Content-Type is what 415 means; the code stays BAD_USER_INPUT.
  return { message: err.message, extensions, status: extensions.field === 'contentType' ? 415 : status };
}

class BodyAbortedError extends Error {}

/**
 * The request body, at most `maxBytes`: refused by its Content-Length before reading, or as soon as the
 * stream passes the limit, never buffered beyond it. `complete` tells whether it was read to its end.
 */
function limitedBody(req: IncomingMessage, maxBytes: number) {
  let complete = false;
  const read = () =>
    new Promise<Buffer>((resolve, reject) => {
      if (Number(req.headers['content-length'] ?? 0) > maxBytes)
        return reject(payloadTooLargeError(maxBytes));
      const chunks: Buffer[] = [];
      let size = 0;
      const stop = () => {
        req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) return void chunks.push(chunk);
        stop();
        // The rest is discarded unread until the connection closes after the 413.
        req.resume();
        reject(payloadTooLargeError(maxBytes));
      };
      const onEnd = () => {
        stop();
        complete = true;
        resolve(Buffer.concat(chunks, size));
      };
      const onError = () => {
        stop();
        reject(new BodyAbortedError('the upload was aborted'));
      };
      req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
    });
  return {
    read,
    get complete() {
      return complete;
    },
  };
}

function logoAnswer(cluster: ClusterRecord) {
  const logo = cluster.logo ?? null;
  return {
    clusterId: cluster.id,
    version: cluster.version,
    logoUrl: logoUrlOf(cluster.id, logo),
    logo: logo && {
      contentType: logo.contentType,
      size: logo.size,
      width: logo.width,
      height: logo.height,
      sha256: logo.sha256,
      updatedAt: new Date(logo.updatedAt).toISOString(),
    },
  };
}

/** Whether an If-None-Match header names this ETag (weak or strong, or `*`). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

async function sendLogo(
  deps: LogoDeps,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const id = url.searchParams.get('id');
  const { logo, published } = await currentLogo(deps, caller, id);
  const versioned = url.searchParams.get('v') === logo.sha256.slice(0, LOGO_VERSION_LENGTH);
  const caching = {
    etag: `"${logo.sha256}"`,
    'cache-control': cacheControl(versioned, published),
    'last-modified': new Date(logo.updatedAt).toUTCString(),
  };
  if (etagMatches(req.headers['if-none-match'], caching.etag)) {
    res.writeHead(304, caching).end();
    return;
  }
  // Read before any caching header is set: a failure must not be cached for a year.
  const data = await logoBytes(deps, id as string, logo);
  res.writeHead(200, {
    ...caching,
    'content-type': logo.contentType,
    'content-length': String(data.length),
    'content-disposition': 'inline',
  });
  res.end(req.method === 'HEAD' ? undefined : data);
}

/**
 * `GET|HEAD` serve the logo with its stored type, an ETag (its SHA-256) and, asked for with the current
 * `?v=`, an immutable year of caching; `PUT` (raw image body) and `DELETE` set and remove it. Errors are
 * GraphQL-shaped `{errors: [{message, extensions: {code, field}}]}` with the matching HTTP status.
 */
export function clusterLogoRoutes(deps: LogoDeps): Record<string, ServiceRoute> {
  async function handle(req: IncomingMessage, res: ServerResponse, caller: Caller | null): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Whatever a browser is made to believe, these answers are an image or JSON, never a page.
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-security-policy', "default-src 'none'");
    res.setHeader('cache-control', 'no-store');
    const body = req.method === 'PUT' ? limitedBody(req, LOGO_MAX_BYTES) : undefined;
    try {
      switch (req.method) {
        case 'GET':
        case 'HEAD':
          return await sendLogo(deps, caller!, req, res, url);
        case 'PUT': {
          const upload = { contentType: req.headers['content-type'], bytes: body!.read };
          const cluster = await setClusterLogo(deps, caller!, url.searchParams.get('id') ?? '', upload);
          return sendJson(res, 200, logoAnswer(cluster));
        }
        case 'DELETE':
          return sendJson(
            res,
            200,
            logoAnswer(await removeClusterLogo(deps, caller!, url.searchParams.get('id') ?? '')),
          );
        default:
          res.setHeader('allow', 'GET, HEAD, PUT, DELETE');
          return sendJson(res, 405, {
            errors: [
              { message: `${req.method} is not supported here`, extensions: { code: 'METHOD_NOT_ALLOWED' } },
            ],
          });
      }
    } catch (err) {
      if (err instanceof BodyAbortedError) return void res.destroy();
      const typed = typedError(err);
      if (!typed) throw err;
      // An unread (refused or oversize) body is not drained: the connection closes after the answer.
      if (body && !body.complete) res.setHeader('connection', 'close');
      sendJson(res, typed.status, { errors: [{ message: typed.message, extensions: typed.extensions }] });
    }
  }
  return { [CLUSTER_LOGO_PATH]: { handle } };
}
