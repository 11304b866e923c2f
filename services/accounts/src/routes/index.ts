import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ServiceRoute, sendJson } from '@ccp/kit';
import type { AccountsDeps } from '../domain/deps.js';
import { login } from '../domain/login.js';
import { endSession, refreshSession } from '../domain/sessions.js';
import { verifyApiKey } from '../domain/verify-api-key.js';
import { jsonPostRoute, stringField } from './json-route.js';

/**
 * The endpoints the gateway calls beside /graphql (its caller token required, checked by the kit), and the
 * public JWKS it verifies access tokens with.
 */
export function accountsRoutes(deps: AccountsDeps): Record<string, ServiceRoute> {
  return {
    '/internal/auth/login': jsonPostRoute(async (body) => ({
      status: 200,
      body: await login(deps, {
        email: stringField(body, 'email', 254),
        password: stringField(body, 'password', 1024),
      }),
    })),
    '/internal/auth/refresh': jsonPostRoute(async (body) => ({
      status: 200,
      body: await refreshSession(deps, body.refreshToken),
    })),
    '/internal/auth/logout': jsonPostRoute(async (body) => {
      await endSession(deps, body.refreshToken);
      return { status: 204 };
    }),
    '/internal/api-keys/verify': jsonPostRoute(async (body) => ({
      status: 200,
      body: { caller: await verifyApiKey(deps, body.key) },
    })),
    '/.well-known/jwks.json': {
      public: true,
      async handle(req: IncomingMessage, res: ServerResponse) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.setHeader('allow', 'GET, HEAD');
          return sendJson(res, 405, {
            error: { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not supported here` },
          });
        }
        res.setHeader('cache-control', 'public, max-age=300');
        sendJson(res, 200, deps.signer.jwks());
      },
    },
  };
}
