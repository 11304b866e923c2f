import { randomUUID } from 'node:crypto';
import { type Caller, isSecretariat, requirePrivilege, validationError } from '@ccp/kit';
import { type AuditEntryDocument, type AuditEntryRecord, toAuditEntryRecord } from '../model/audit-entry.js';
import type { AccountsDeps } from './deps.js';

export const MAX_PAGE = 200;

/**
 * For a privileged action of the secretariat that emits no event (API key limits and revocations): the
 * audit log gets its entry straight away. Types read `accounts.<thing>.<verb>`, unlike event types.
 */
export async function recordAudit(
  deps: AccountsDeps,
  entry: { type: string; subject: string; actor: string; economy?: string | null },
): Promise<void> {
  const doc: AuditEntryDocument = { _id: randomUUID(), time: new Date(), economy: null, ...entry };
  await deps.audit.collection.insertOne(doc as never);
}

const encodeCursor = (e: AuditEntryRecord) =>
  Buffer.from(`${e.time.toISOString()}|${e.id}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): { time: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(time ?? '');
  if (!id || Number.isNaN(at.getTime()))
    throw validationError([{ field: 'after', reason: 'is not a cursor of this list' }]);
  return { time: at, id };
}

/** The secretariat's privileged actions, newest first. */
export async function readAuditLog(
  deps: AccountsDeps,
  caller: Caller,
  { first = 50, after }: { first?: number | null; after?: string | null },
) {
  requirePrivilege(caller, isSecretariat(caller) ? 'secretariat' : null, 'read the audit log');
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw validationError([{ field: 'first', reason: `must be between 1 and ${MAX_PAGE}` }]);
  }
  const from = after ? decodeCursor(after) : null;
  const filter = from
    ? { $or: [{ time: { $lt: from.time } }, { time: from.time, _id: { $lt: from.id } }] }
    : {};
  const [docs, totalCount] = await Promise.all([
    deps.audit
      .find(filter)
      .sort({ time: -1, _id: -1 })
      .limit(size + 1)
      .lean<AuditEntryDocument[]>(),
    deps.audit.countDocuments(),
  ]);
  const nodes = docs.slice(0, size).map(toAuditEntryRecord);
  const last = nodes.at(-1);
  return {
    nodes,
    totalCount,
    pageInfo: { hasNextPage: docs.length > size, endCursor: last ? encodeCursor(last) : null },
  };
}
