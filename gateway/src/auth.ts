import type { IncomingMessage } from 'node:http';
import { ANONYMOUS, type Caller } from '@ccp/kit';

/**
 * Who is calling, from the incoming HTTP request. Everyone is anonymous until accounts exists.
 * TODO(accounts): bearer JWT verified against accounts' JWKS, API keys checked with accounts (cached briefly).
 */
export async function resolveCaller(_request: IncomingMessage): Promise<Caller> {
  return ANONYMOUS;
}
