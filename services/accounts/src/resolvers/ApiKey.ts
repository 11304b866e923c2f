import type { ApiKeyResolvers, ApiKeyRole } from '../__generated__/resolvers-types.js';

export const ApiKey: ApiKeyResolvers = {
  role: (key) => key.role.toUpperCase() as ApiKeyRole,
  createdAt: (key) => key.createdAt.toISOString(),
  lastUsedAt: (key) => key.lastUsedAt?.toISOString() ?? null,
  revokedAt: (key) => key.revokedAt?.toISOString() ?? null,
};
