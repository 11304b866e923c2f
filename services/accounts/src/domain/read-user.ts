import { type Caller, forbiddenError, isSecretariat } from '@ccp/kit';

/** A user's record is theirs and the secretariat's to read; everyone else is refused. */
export function assertMayReadUser(caller: Caller, userId: string): void {
  const self = caller.kind === 'user' && caller.subject === userId;
  if (!self && !isSecretariat(caller)) {
    throw forbiddenError('Only the user themself or the secretariat may read this user');
  }
}

/** The calling user's id, or null for anonymous callers and API clients. */
export const callerUserId = (caller: Caller): string | null =>
  caller.kind === 'user' ? caller.subject : null;
