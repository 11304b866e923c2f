import { problemsFromZod, validationError } from '@ccp/kit';
import type { UserRecord } from '../model/user.js';
import type { AccountsDeps } from './deps.js';
import { isDuplicateKey } from './errors.js';
import { grantRole } from './grant-role.js';
import { registerUser, registerUserInput } from './register-user.js';

export interface CreateSecretariatResult {
  user: UserRecord;
  created: boolean;
  granted: boolean;
}

/**
 * Creates the first secretariat account. Idempotent: an existing account with that e-mail is kept (its
 * password untouched) and only gets the secretariat grant if it lacks it, which also finishes a run
 * that stopped between registering and granting.
 */
export async function createSecretariat(
  deps: AccountsDeps,
  input: unknown,
): Promise<CreateSecretariatResult> {
  const parsed = registerUserInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  let user = await deps.repository.byEmail(parsed.data.email);
  let created = false;
  if (!user) {
    try {
      user = await registerUser(deps, input);
      created = true;
    } catch (err) {
      // Someone registered the address meanwhile: carry on with that account.
      const existing =
        isDuplicateKey(err) || (err as { extensions?: { code?: string } }).extensions?.code === 'CONFLICT';
      user = existing ? await deps.repository.byEmail(parsed.data.email) : null;
      if (!user) throw err;
    }
  }
  if (user.grants.some((g) => g.role === 'secretariat')) return { user, created, granted: false };
  // The operator ran the command: no welcome notice for the role.
  user = await grantRole(deps, user.id, { role: 'secretariat' }, { notification: null });
  return { user, created, granted: true };
}
