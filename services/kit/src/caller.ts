import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

/** The header on every gateway → subgraph call. Subgraphs trust nothing else about who is calling. */
export const CALLER_HEADER = 'x-ccp-caller';
const ALG = 'ES256';
const ISSUER = 'ccp-gateway';
const AUDIENCE = 'ccp-subgraphs';

export const grantSchema = z.object({
  role: z.enum(['member', 'cluster-manager', 'economy-coordinator', 'secretariat', 'analyst', 'integrator']),
  clusterId: z.string().optional(),
  economy: z.string().optional(),
});
export type Grant = z.infer<typeof grantSchema>;

export const callerSchema = z.object({
  subject: z.string(),
  kind: z.enum(['anonymous', 'user', 'api-client']),
  grants: z.array(grantSchema).default([]),
  limits: z.record(z.string(), z.number()).optional(),
});
export type Caller = z.infer<typeof callerSchema>;

/** The subject an API key acts as (accounts issues it; integrations owns the key's endpoints by it). */
export const apiKeySubject = (apiKeyId: string): string => `api-key:${apiKeyId}`;

export const ANONYMOUS: Caller = { subject: 'anonymous', kind: 'anonymous', grants: [] };

export class CallerTokenError extends Error {}

export interface CallerSigner {
  sign(caller: Caller): Promise<string>;
}

export interface CallerVerifier {
  verify(token: string | undefined): Promise<Caller>;
}

/** Tokens (signed or verified) kept per process; past this many the oldest half goes. */
const TOKEN_CACHE_SIZE = 10_000;

/** A small map that forgets its oldest half when full: caches of tokens, each entry valid until its `until`. */
class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  get(key: string, now = Date.now()): V | undefined {
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (hit) this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, until: number): void {
    if (this.entries.size >= TOKEN_CACHE_SIZE) {
      let drop = this.entries.size / 2;
      for (const k of this.entries.keys()) {
        if (drop-- <= 0) break;
        this.entries.delete(k);
      }
    }
    this.entries.set(key, { value, until });
  }
}

/**
 * Signs caller tokens; the same caller gets the same token while more than half of its lifetime is left (every
 * visitor is the same anonymous caller): a signature per request would cost more than many a query.
 */
export async function createCallerSigner(privateKeyPem: string, ttlSeconds = 60): Promise<CallerSigner> {
  const key = await importPKCS8(privateKeyPem, ALG);
  const signed = new ExpiringCache<string>();
  return {
    async sign(caller) {
      const id = JSON.stringify([caller.subject, caller.kind, caller.grants, caller.limits ?? null]);
      const cached = signed.get(id);
      if (cached) return cached;
      const token = await new SignJWT({
        kind: caller.kind,
        grants: caller.grants,
        ...(caller.limits ? { limits: caller.limits } : {}),
      })
        .setProtectedHeader({ alg: ALG, typ: 'JWT' })
        .setSubject(caller.subject)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
      signed.set(id, token, Date.now() + (ttlSeconds * 1000) / 2);
      return token;
    },
  };
}

export async function createCallerVerifier(publicKeyPem: string): Promise<CallerVerifier> {
  const key = await importSPKI(publicKeyPem, ALG);
  // A token verified once is the same caller until it expires: the gateway reuses tokens (see the signer).
  const verified = new ExpiringCache<Caller>();
  return {
    async verify(token) {
      if (!token) throw new CallerTokenError(`missing ${CALLER_HEADER} caller token`);
      const cached = verified.get(token);
      if (cached) return cached;
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALG] });
        const caller = callerSchema.parse({ ...payload, subject: payload.sub });
        if (payload.exp) verified.set(token, caller, payload.exp * 1000);
        return caller;
      } catch (err) {
        throw new CallerTokenError(`invalid caller token: ${(err as Error).message}`);
      }
    },
  };
}

export async function generateCallerKeys(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
}
