import { actorOf, type Caller, isSecretariat, requirePrivilege } from '@ccp/kit';
import type { AccountsDeps } from './deps.js';
import { grantRole } from './grant-role.js';
import { type UserGrantsRecord, userGrants } from './user-grants.js';

/** The secretariat appoints an economy's coordinator. */
export async function appointCoordinator(
  deps: AccountsDeps,
  caller: Caller,
  { userId, economy }: { userId: string; economy: string },
): Promise<UserGrantsRecord> {
  const privilege = requirePrivilege(
    caller,
    isSecretariat(caller) ? 'secretariat' : null,
    'appoint economy coordinators',
  );
  const user = await grantRole(
    deps,
    userId,
    { role: 'economy-coordinator', economy },
    { actor: actorOf(caller, privilege) },
  );
  return userGrants(user);
}
