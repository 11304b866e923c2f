import type { Resolvers } from '../__generated__/resolvers-types.js';
import { ApiKey } from './ApiKey.js';
import { AuditLogEntry } from './AuditLogEntry.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { RoleGrant } from './RoleGrant.js';
import { User } from './User.js';

export const resolvers: Resolvers = { Query, Mutation, User, RoleGrant, ApiKey, AuditLogEntry };
