import type { IncomingMessage, ServerResponse } from 'node:http';

// PUT and DELETE: cluster logos (`/clusters/{id}/logo`); /graphql itself still answers GET and POST only.
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
const DEFAULT_ALLOWED_HEADERS =
  'content-type, authorization, x-api-key, apollo-require-preflight, x-apollo-operation-name';

/**
 * Sets the CORS response headers; only configured origins are echoed back (with credentials, for the
 * refresh cookie). Returns true when the request was a preflight and has been answered.
 */
export function handleCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowedOrigins: ReadonlySet<string>,
): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && allowedOrigins.has(origin);
  // Caches must not hand one origin's answer to another.
  res.setHeader('vary', 'Origin');
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', 'retry-after');
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    res.setHeader(
      'access-control-allow-headers',
      req.headers['access-control-request-headers'] ?? DEFAULT_ALLOWED_HEADERS,
    );
    res.setHeader('access-control-max-age', '600');
  }
  res.statusCode = 204;
  res.end();
  return true;
}
