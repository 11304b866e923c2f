import type { RoleGrantRecord, UserRecord } from '../model/user.js';

/** What a grant or revocation answers: the user's roles, none of their personal data. */
export interface UserGrantsRecord {
  userId: string;
  grants: RoleGrantRecord[];
}

export const userGrants = (user: UserRecord): UserGrantsRecord => ({ userId: user.id, grants: user.grants });
