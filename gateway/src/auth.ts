import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ANONYMOUS, type Caller, grantSchema } from '@ccp/kit';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import { type AccountsClient, AccountsUnavailableError } from './accounts-client.js';
import { TtlCache } from './ttl-cache.js';

/** Access tokens accounts signs. */
export const ACCESS_TOKEN_ISSUER = 'ccp-accounts';
export const ACCESS_TOKEN_AUDIENCE = 'ccp-platform';
const ACCESS_TOKEN_ALGORITHMS = ['ES256'];

/** A credential was presented and is not valid: the request is refused (401), never run as anonymous. */
export class AuthenticationError extends Error {}

/** The credential could not be checked because accounts did not answer (503). */
export class AuthenticationUnavailableError extends Error {}

const accessTokenClaimsSchema = z.object({
  sub: z.string().min(1),
  kind: z.literal('user'),
  grants: z.array(grantSchema),
});

/** What jose throws for a token that is bad in itself (rather than for a JWKS it could not fetch). */
const TOKEN_REJECTIONS = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JWKInvalid,
];

type Credential = { kind: 'bearer'; token: string } | { kind: 'api-key'; key: string };

const API_KEY_PATTERN = /^[\x21-\x7e]{8,512}$/;

/** The one credential a request carries, if any; two different ones are refused rather than picked from. */
export function credentialOf(req: IncomingMessage): Credential | undefined {
  const authorization = req.headers.authorization;
  const apiKeyHeader = req.headers['x-api-key'];
  if (Array.isArray(apiKeyHeader)) throw new AuthenticationError('send one x-api-key header');
  if (authorization !== undefined && apiKeyHeader !== undefined) {
    throw new AuthenticationError('send either an Authorization header or an x-api-key header, not both');
  }
  if (apiKeyHeader !== undefined) return { kind: 'api-key', key: apiKeyHeader.trim() };
  if (authorization === undefined) return undefined;
  const [scheme, value, ...rest] = authorization.trim().split(/\s+/);
  if (!value || rest.length) throw new AuthenticationError('malformed Authorization header');
  switch (scheme?.toLowerCase()) {
    case 'bearer':
      return { kind: 'bearer', token: value };
    case 'apikey':
      return { kind: 'api-key', key: value };
    default:
      throw new AuthenticationError('unsupported Authorization scheme (use Bearer or ApiKey)');
  }
}

export interface CallerResolverOptions {
  accounts: AccountsClient;
  /** Accounts' public keys; by default fetched from its JWKS (cached by jose, refetched for an unknown kid). */
  accessTokenKeys?: JWTVerifyGetKey;
  apiKeyCacheMs?: number;
  invalidApiKeyCacheMs?: number;
  apiKeyCacheEntries?: number;
  now?: () => number;
}

/**
 * Who is calling, from the incoming HTTP request: a user by their access token (`Authorization: Bearer`),
 * an API client by its key (`Authorization: ApiKey` or `x-api-key`), anyone else anonymous.
 */
export function createCallerResolver(opts: CallerResolverOptions): (req: IncomingMessage) => Promise<Caller> {
  const keys = opts.accessTokenKeys ?? createRemoteJWKSet(opts.accounts.jwksUrl);
  const apiKeyCacheMs = opts.apiKeyCacheMs ?? 60_000;
  const invalidApiKeyCacheMs = opts.invalidApiKeyCacheMs ?? 10_000;
  // Keyed by the key's SHA-256, so neither the keys nor their timing are held in the map.
  const apiKeys = new TtlCache<Caller | null>(opts.apiKeyCacheEntries ?? 10_000, opts.now);
  const pending = new Map<string, Promise<Caller | null>>();

  async function userOf(token: string): Promise<Caller> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        currentDate: opts.now ? new Date(opts.now()) : undefined,
      }));
    } catch (err) {
      if (TOKEN_REJECTIONS.some((rejection) => err instanceof rejection)) {
        throw new AuthenticationError(`invalid access token: ${(err as Error).message}`);
      }
      throw new AuthenticationUnavailableError(`cannot verify access tokens: ${(err as Error).message}`);
    }
    const claims = accessTokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw new AuthenticationError('invalid access token: unexpected claims');
    return { subject: claims.data.sub, kind: 'user', grants: claims.data.grants };
  }

  async function apiClientOf(key: string): Promise<Caller> {
    if (!API_KEY_PATTERN.test(key)) throw new AuthenticationError('invalid API key');
    const digest = createHash('sha256').update(key).digest('base64url');
    let caller = apiKeys.get(digest);
    if (caller === undefined) {
      let verification = pending.get(digest);
      if (!verification) {
        verification = opts.accounts
          .verifyApiKey(key)
          .then((verified) => {
            apiKeys.set(digest, verified, verified ? apiKeyCacheMs : invalidApiKeyCacheMs);
            return verified;
          })
          .finally(() => pending.delete(digest));
        pending.set(digest, verification);
      }
      try {
        caller = await verification;
      } catch (err) {
        if (err instanceof AccountsUnavailableError) throw new AuthenticationUnavailableError(err.message);
        throw err;
      }
    }
    if (!caller) throw new AuthenticationError('invalid API key');
    return caller;
  }

  return async (req) => {
    const credential = credentialOf(req);
    if (!credential) return ANONYMOUS;
    return credential.kind === 'bearer' ? userOf(credential.token) : apiClientOf(credential.key);
  };
}
