import type { Grant } from '@ccp/kit';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { SigningKeyDocument, SigningKeyModel } from '../model/signing-key.js';
import type { RoleGrantRecord } from '../model/user.js';
import { isDuplicateKey } from './errors.js';

export const ACCESS_TOKEN_ISSUER = 'ccp-accounts';
export const ACCESS_TOKEN_AUDIENCE = 'ccp-platform';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ALG = 'ES256';
// Unsubscribe links are signed with the same key for another audience, so they can never pass as access tokens.
const UNSUBSCRIBE_AUDIENCE = 'ccp-unsubscribe';
const UNSUBSCRIBE_TTL = '400d';

/** The grants of a user as the kit's Caller carries them (no nulls, no bookkeeping). */
export function callerGrants(grants: RoleGrantRecord[]): Grant[] {
  return grants.map((g) => ({
    role: g.role,
    ...(g.clusterId ? { clusterId: g.clusterId } : {}),
    ...(g.economy ? { economy: g.economy } : {}),
  }));
}

/** Signs access tokens (ES256, `kid` in the header) and unsubscribe links; publishes the public key as a JWKS. */
export class TokenSigner {
  constructor(
    readonly kid: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
  ) {}

  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.publicJwk, kid: this.kid, alg: ALG, use: 'sig' }] };
  }

  async accessToken(
    user: { id: string; grants: RoleGrantRecord[] },
    sessionId: string,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + ACCESS_TOKEN_TTL_SECONDS) * 1000);
    const token = await new SignJWT({ kind: 'user', grants: callerGrants(user.grants), sid: sessionId })
      .setProtectedHeader({ alg: ALG, typ: 'JWT', kid: this.kid })
      .setSubject(user.id)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ACCESS_TOKEN_TTL_SECONDS)
      .sign(this.privateKey);
    return { token, expiresAt };
  }

  unsubscribeToken(userId: string, kind: string): Promise<string> {
    return new SignJWT({ kind })
      .setProtectedHeader({ alg: ALG, kid: this.kid })
      .setSubject(userId)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(UNSUBSCRIBE_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(UNSUBSCRIBE_TTL)
      .sign(this.privateKey);
  }

  async verifyUnsubscribeToken(token: string): Promise<{ userId: string; kind: string } | null> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: ACCESS_TOKEN_ISSUER,
        audience: UNSUBSCRIBE_AUDIENCE,
        algorithms: [ALG],
      });
      if (typeof payload.sub !== 'string' || typeof payload.kind !== 'string') return null;
      return { userId: payload.sub, kind: payload.kind };
    } catch {
      return null;
    }
  }
}

function publicPart(jwk: JWK): JWK {
  const { kty, crv, x, y } = jwk;
  return { kty, crv, x, y };
}

async function signerFrom(privateKey: CryptoKey, privateJwk: JWK): Promise<TokenSigner> {
  const publicJwk = publicPart(privateJwk);
  const publicKey = (await importJWK(publicJwk, ALG)) as CryptoKey;
  return new TokenSigner(await calculateJwkThumbprint(publicJwk), privateKey, publicKey, publicJwk);
}

/**
 * The configured key (PKCS8 PEM) when there is one; otherwise the key pair kept in accounts' database, made
 * by whichever replica starts first (insert-if-absent on a fixed _id, so every replica signs with the same key).
 */
export async function loadTokenSigner(model: SigningKeyModel, privateKeyPem?: string): Promise<TokenSigner> {
  if (privateKeyPem) {
    const key = await importPKCS8(privateKeyPem, ALG, { extractable: true });
    return signerFrom(key, await exportJWK(key));
  }
  let stored = await model.findById('current').lean<SigningKeyDocument>();
  if (!stored) {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const publicJwk = publicPart(privateJwk);
    const doc: SigningKeyDocument = {
      _id: 'current',
      kid: await calculateJwkThumbprint(publicJwk),
      alg: ALG,
      privateJwk,
      publicJwk,
      createdAt: new Date(),
    };
    try {
      await model.collection.insertOne(doc as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    stored = await model.findById('current').lean<SigningKeyDocument>();
    if (!stored) throw new Error('the access-token signing key vanished right after it was stored');
  }
  const key = (await importJWK(stored.privateJwk, ALG)) as CryptoKey;
  return signerFrom(key, stored.privateJwk);
}
