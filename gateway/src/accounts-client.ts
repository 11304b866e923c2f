import { ANONYMOUS, CALLER_HEADER, type Caller, type CallerSigner, grantSchema } from '@ccp/kit';
import { z } from 'zod';

/** Accounts could not be asked (down, slow, or an answer outside its contract). */
export class AccountsUnavailableError extends Error {}

export interface AccountsReply {
  status: number;
  body: unknown;
}

const verifiedKeySchema = z.object({
  caller: z.object({
    subject: z.string().min(1),
    kind: z.literal('api-client'),
    grants: z.array(grantSchema).default([]),
    // Limits a key does not set may come as null: only numbers are limits.
    limits: z
      .record(z.string(), z.unknown())
      .optional()
      .transform((limits) =>
        limits
          ? Object.fromEntries(
              Object.entries(limits).filter((e): e is [string, number] => typeof e[1] === 'number'),
            )
          : undefined,
      ),
  }),
});

/**
 * The gateway's side of accounts' internal HTTP contract (`/internal/auth/*`, `/internal/api-keys/verify`).
 * Every call carries an anonymous caller token the gateway signs, as internal routes require.
 */
export function createAccountsClient({
  baseUrl,
  signer,
  timeoutMs = 5000,
}: {
  baseUrl: string;
  signer: CallerSigner;
  timeoutMs?: number;
}) {
  async function post(path: string, body: unknown): Promise<AccountsReply> {
    let res: Response;
    try {
      res = await fetch(new URL(path, baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: await signer.sign(ANONYMOUS) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      throw new AccountsUnavailableError(`accounts ${path} failed: ${(err as Error).message}`);
    }
    const text = await res.text();
    // Accounts' own failures are not the client's business: only its refusals (4xx) are passed on.
    if (res.status >= 500) throw new AccountsUnavailableError(`accounts ${path} answered ${res.status}`);
    if (!text) return { status: res.status, body: undefined };
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      throw new AccountsUnavailableError(`accounts ${path} answered ${res.status} with a non-JSON body`);
    }
  }

  return {
    post,
    jwksUrl: new URL('/.well-known/jwks.json', baseUrl),

    /** The API client a key belongs to, or null when accounts does not know the key (or it is revoked). */
    async verifyApiKey(key: string): Promise<Caller | null> {
      const reply = await post('/internal/api-keys/verify', { key });
      if (reply.status === 401) return null;
      const parsed = reply.status === 200 ? verifiedKeySchema.safeParse(reply.body) : undefined;
      if (!parsed?.success) {
        throw new AccountsUnavailableError(`accounts api-key verification answered ${reply.status}`);
      }
      return parsed.data.caller;
    },
  };
}

export type AccountsClient = ReturnType<typeof createAccountsClient>;
