import {
  actorOf,
  type Caller,
  economyPrivilege,
  isSecretariat,
  managesCluster,
  type Privilege,
  requirePrivilege,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import type { Role } from '../model/user.js';
import type { AccountsDeps } from './deps.js';
import type { GrantInput } from './grant-role.js';
import { revokeRole } from './revoke-role.js';
import { type UserGrantsRecord, userGrants } from './user-grants.js';

export interface RevokeGrantInput {
  userId: string;
  role: Role;
  clusterId?: string | null;
  economy?: string | null;
}

/** Who may take a role away is who may give it; a manager may also step down from its own cluster. */
async function privilegeToRevoke(
  deps: AccountsDeps,
  caller: Caller,
  input: RevokeGrantInput,
): Promise<Privilege | null> {
  const secretariat = isSecretariat(caller) ? 'secretariat' : null;
  if (input.role !== 'cluster-manager') return secretariat;
  if (!input.clusterId)
    throw validationError([{ field: 'clusterId', reason: 'is required for the cluster-manager role' }]);
  if (input.userId === caller.subject && managesCluster(caller, input.clusterId)) return 'manager';
  const cluster = await deps.clusterFactRepository.byId(input.clusterId);
  return cluster ? economyPrivilege(caller, cluster.economy) : secretariat;
}

export async function revokeGrant(
  deps: AccountsDeps,
  caller: Caller,
  input: RevokeGrantInput,
): Promise<UserGrantsRecord> {
  requireSignedIn(caller, 'revoke roles');
  const privilege = requirePrivilege(
    caller,
    await privilegeToRevoke(deps, caller, input),
    'revoke this role',
  );
  const grant: GrantInput =
    input.role === 'cluster-manager'
      ? { role: input.role, clusterId: input.clusterId ?? '' }
      : input.role === 'economy-coordinator'
        ? { role: input.role, economy: input.economy ?? '' }
        : { role: input.role };
  const user = await revokeRole(deps, input.userId, grant, actorOf(caller, privilege));
  return userGrants(user);
}
