import type { AuditLogEntryResolvers } from '../__generated__/resolvers-types.js';
import { economyRef } from '../model/references.js';

export const AuditLogEntry: AuditLogEntryResolvers = {
  time: (entry) => entry.time.toISOString(),
  economyCode: (entry) => entry.economy,
  economy: (entry) => (entry.economy ? economyRef(entry.economy) : null),
};
