import { randomUUID } from 'node:crypto';
import {
  actorOf,
  type Caller,
  invalidStateError,
  managesCluster,
  type Privilege,
  problemsFromZod,
  requirePrivilege,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { matchMessageNotice } from '../events/match-request-events.js';
import {
  type MatchMessageRecord,
  type MatchRequestDocument,
  type MatchRequestRecord,
  toMatchRequestRecord,
} from '../model/match-request.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId, text } from './input.js';
import {
  changedMeanwhile,
  isOverdue,
  loadMatchRequest,
  partiesOf,
  refuseOverdue,
  refuseStatus,
  sidePrivilege,
  WRITE_ATTEMPTS,
  writeRequestChange,
} from './match-request-state.js';

/** A conversation is bounded so the request document stays small (500 × 4,000 characters at most). */
export const MAX_MATCH_MESSAGES = 500;

const sendMatchMessageInput = z.object({
  requestId: clusterId,
  text: text(4000),
  fromClusterId: clusterId.nullish(),
});

/**
 * Which of the request's clusters the caller writes for: the one named, else the one they act for. Someone who
 * may act for both (the secretariat, a coordinator of both economies) has to name it.
 */
function writingSide(
  caller: Caller,
  r: MatchRequestDocument,
  named: string | null | undefined,
  action: string,
): { clusterId: string; privilege: Privilege } {
  const sides = [
    { clusterId: r.fromClusterId, privilege: sidePrivilege(caller, r, 'from') },
    { clusterId: r.toClusterId, privilege: sidePrivilege(caller, r, 'to') },
  ];
  const allowed = sides.filter((s) => s.privilege !== null);
  const privilegeOf = (side: (typeof sides)[number] | undefined) => ({
    clusterId: side?.clusterId ?? '',
    privilege: requirePrivilege(caller, side?.privilege ?? null, action),
  });
  if (named) {
    const side = sides.find((s) => s.clusterId === named);
    if (allowed.length > 0 && !side) {
      throw validationError([{ field: 'fromClusterId', reason: 'is neither cluster of this request' }]);
    }
    return privilegeOf(side);
  }
  if (allowed.length < 2) return privilegeOf(allowed[0]);
  const managed = allowed.filter((s) => managesCluster(caller, s.clusterId));
  if (managed.length === 1) return privilegeOf(managed[0]);
  throw validationError([
    { field: 'fromClusterId', reason: 'you may write for both clusters of this request: name the one you write for' },
  ]);
}

/**
 * Adds a message to the conversation on a pending or accepted request, for one of its two clusters (its
 * managers, its economy's coordinator, the secretariat); the other cluster's managers are notified. One
 * version-guarded write: the message, version + 1 and the notice in the outbox. Messages emit no request
 * event (their texts stay out of the topic), so the request's event sequence skips their versions.
 */
export async function sendMatchMessage(
  deps: MatchmakingDeps,
  caller: Caller,
  input: unknown,
): Promise<MatchRequestRecord> {
  const action = 'write in the conversation on this match request';
  requireSignedIn(caller, action);
  const parsed = sendMatchMessageInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await loadMatchRequest(deps, v.requestId);
    const side = writingSide(caller, current, v.fromClusterId, action);
    if (isOverdue(current)) await refuseOverdue(deps, current, action, 'requestId');
    if (current.status !== 'pending' && current.status !== 'accepted') {
      refuseStatus(current, action, 'requestId');
    }
    const messages = current.messages ?? [];
    if (messages.length >= MAX_MATCH_MESSAGES) {
      throw invalidStateError(`The conversation on match request ${current._id} is full`, {
        field: 'requestId',
        limit: MAX_MATCH_MESSAGES,
      });
    }
    const message: MatchMessageRecord = {
      id: randomUUID(),
      fromClusterId: side.clusterId,
      authorUserId: caller.subject,
      text: v.text,
      sentAt: new Date(),
    };
    const actor = actorOf(caller, side.privilege);
    const parties = await partiesOf(deps, current);
    const written = await writeRequestChange(deps, current, {
      set: { messages: [...messages, message] },
      events: [matchMessageNotice(parties, side.clusterId, v.text, actor)],
    });
    if (written) return toMatchRequestRecord(written);
  }
  throw changedMeanwhile(v.requestId, 'requestId');
}
