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

export const ANONYMOUS: Caller = { subject: 'anonymous', kind: 'anonymous', grants: [] };

export class CallerTokenError extends Error {}

export interface CallerSigner {
  sign(caller: Caller): Promise<string>;
}

export interface CallerVerifier {
  verify(token: string | undefined): Promise<Caller>;
}

export async function createCallerSigner(privateKeyPem: string, ttlSeconds = 60): Promise<CallerSigner> {
  const key = await importPKCS8(privateKeyPem, ALG);
  return {
    sign: (caller) =>
      new SignJWT({ kind: caller.kind, grants: caller.grants, ...(caller.limits ? { limits: caller.limits } : {}) })
        .setProtectedHeader({ alg: ALG, typ: 'JWT' })
        .setSubject(caller.subject)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
  };
}

export async function createCallerVerifier(publicKeyPem: string): Promise<CallerVerifier> {
  const key = await importSPKI(publicKeyPem, ALG);
  return {
    async verify(token) {
      if (!token) throw new CallerTokenError(`missing ${CALLER_HEADER} caller token`);
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALG] });
        return callerSchema.parse({ ...payload, subject: payload.sub });
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
