import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, type ServiceRoute, sendJson } from '@ccp/kit';
import { AuthFailure } from '../domain/auth-failure.js';

export type JsonAnswer = { status: 200; body: unknown } | { status: 204 };

function refuse(res: ServerResponse, failure: AuthFailure): void {
  if (failure.retryAfterSeconds !== undefined)
    res.setHeader('retry-after', String(failure.retryAfterSeconds));
  sendJson(res, failure.status, failure.body());
}

/** An internal POST endpoint taking and answering JSON; refusals read `{ error: { code, message } }`. */
export function jsonPostRoute(handle: (body: Record<string, unknown>) => Promise<JsonAnswer>): ServiceRoute {
  return {
    async handle(req: IncomingMessage, res: ServerResponse) {
      // Tokens never belong in a cache.
      res.setHeader('cache-control', 'no-store');
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        return sendJson(res, 405, {
          error: { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not supported here` },
        });
      }
      const body = await readJsonBody(req);
      if (!body) return refuse(res, new AuthFailure(400, 'BAD_REQUEST', 'The body must be a JSON object'));
      try {
        const answer = await handle(body);
        if (answer.status === 204) {
          res.statusCode = 204;
          res.end();
          return;
        }
        sendJson(res, 200, answer.body);
      } catch (err) {
        if (err instanceof AuthFailure) return refuse(res, err);
        throw err;
      }
    },
  };
}

/** A string field of at most `max` characters, or a 400. */
export function stringField(body: Record<string, unknown>, field: string, max: number): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new AuthFailure(400, 'BAD_REQUEST', `${field} must be a string of 1 to ${max} characters`);
  }
  return value;
}
