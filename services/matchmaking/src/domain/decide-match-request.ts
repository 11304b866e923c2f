import {
  type Actor,
  actorOf,
  type Caller,
  problemsFromZod,
  requirePrivilege,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import {
  matchRequestAccepted,
  matchRequestDeclined,
  matchRequestWithdrawn,
  requestAcceptedNotice,
  requestDeclinedNotice,
  requestWithdrawnNotice,
} from '../events/match-request-events.js';
import { type CollaborationRecord, collaborationIdOf } from '../model/collaboration.js';
import {
  type MatchRequestDocument,
  type MatchRequestRecord,
  toMatchRequestRecord,
} from '../model/match-request.js';
import { agreeCollaboration } from './agree-collaboration.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId, text } from './input.js';
import {
  changedMeanwhile,
  isOverdue,
  loadMatchRequest,
  partiesOf,
  type RequestChange,
  refuseOverdue,
  refuseStatus,
  sidePrivilege,
  WRITE_ATTEMPTS,
  writeRequestChange,
} from './match-request-state.js';

const decisionInput = z.object({
  id: clusterId,
  message: text(2000).nullish(),
  reason: text(2000).nullish(),
});

function parseDecision(input: z.input<typeof decisionInput>) {
  const parsed = decisionInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  return parsed.data;
}

/**
 * Reads the request, checks the caller may act for `side` before anything about its state is told, expires it
 * if it is overdue, and writes the decision if it is still pending, in one version-guarded write with its events.
 * A message written meanwhile only makes it read and decide again.
 */
async function decidePending(
  deps: MatchmakingDeps,
  caller: Caller,
  id: string,
  side: 'from' | 'to',
  action: string,
  decide: (current: MatchRequestDocument, actor: Actor, now: Date) => Promise<RequestChange>,
): Promise<{ decided: MatchRequestDocument; actor: Actor }> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await loadMatchRequest(deps, id);
    const actor = actorOf(caller, requirePrivilege(caller, sidePrivilege(caller, current, side), action));
    if (isOverdue(current)) await refuseOverdue(deps, current, action);
    if (current.status !== 'pending') {
      // An acceptance whose collaboration a crash left unwritten is finished by whoever touches it next.
      if (current.status === 'accepted') await ensureCollaborationOf(deps, current).catch(() => {});
      refuseStatus(current, action);
    }
    const decided = await writeRequestChange(deps, current, await decide(current, actor, new Date()));
    if (decided) return { decided, actor };
  }
  throw changedMeanwhile(id);
}

/**
 * The collaboration an accepted request announced, created if it is missing (idempotent). A request accepted
 * between clusters that already collaborated points at their collaboration and creates none.
 */
export async function ensureCollaborationOf(
  deps: MatchmakingDeps,
  request: MatchRequestDocument,
  actor?: Actor,
): Promise<CollaborationRecord | null> {
  if (request.status !== 'accepted' || !request.decidedAt) return null;
  if (request.collaborationId !== collaborationIdOf('match-request', request._id)) return null;
  const { collaboration } = await agreeCollaboration(deps, {
    clusterIds: [request.fromClusterId, request.toClusterId],
    economies: [request.fromEconomy, request.toEconomy],
    origin: 'match-request',
    originId: request._id,
    at: request.decidedAt,
    actor,
  });
  return collaboration;
}

/**
 * The asked cluster (its managers, its economy's coordinator, the secretariat) accepts a pending request, with
 * an optional message: the request is accepted and the collaboration it starts is recorded, each with its event.
 */
export async function acceptMatchRequest(
  deps: MatchmakingDeps,
  caller: Caller,
  id: unknown,
  message?: unknown,
): Promise<MatchRequestRecord> {
  const action = 'accept this match request';
  requireSignedIn(caller, action);
  const v = parseDecision({ id: id as string, message: message as string | null | undefined });
  const reply = v.message ?? null;
  const { decided, actor } = await decidePending(deps, caller, v.id, 'to', action, async (current, actor, now) => {
    const existing = await deps.collaborationRepository.between(current.fromClusterId, current.toClusterId);
    const collaborationId = existing?.id ?? collaborationIdOf('match-request', current._id);
    const next = { ...current, version: current.version + 1, decidedAt: now, collaborationId };
    const parties = await partiesOf(deps, current);
    return {
      set: { status: 'accepted', decidedAt: now, decidedBy: caller.subject, reply, collaborationId },
      events: [matchRequestAccepted(next, actor), requestAcceptedNotice(parties, reply, actor)],
      closes: true,
    };
  });
  // The acceptance is stored and announced; a failure here is finished by the expiry worker's next run.
  await ensureCollaborationOf(deps, decided, actor).catch(() => deps.dueMatchRequests.repairLater(decided._id));
  return toMatchRequestRecord(decided);
}

/** The asked cluster declines a pending request, with an optional reason told to the sender (never in the event). */
export async function declineMatchRequest(
  deps: MatchmakingDeps,
  caller: Caller,
  id: unknown,
  reason?: unknown,
): Promise<MatchRequestRecord> {
  const action = 'decline this match request';
  requireSignedIn(caller, action);
  const v = parseDecision({ id: id as string, reason: reason as string | null | undefined });
  const why = v.reason ?? null;
  const { decided } = await decidePending(deps, caller, v.id, 'to', action, async (current, actor, now) => {
    const next = { ...current, version: current.version + 1, decidedAt: now };
    const parties = await partiesOf(deps, current);
    return {
      set: { status: 'declined', decidedAt: now, decidedBy: caller.subject, reply: why },
      events: [matchRequestDeclined(next, actor), requestDeclinedNotice(parties, why, actor)],
      closes: true,
    };
  });
  return toMatchRequestRecord(decided);
}

/** The sending cluster takes back its pending request; the asked cluster is told. */
export async function withdrawMatchRequest(
  deps: MatchmakingDeps,
  caller: Caller,
  id: unknown,
): Promise<MatchRequestRecord> {
  const action = 'withdraw this match request';
  requireSignedIn(caller, action);
  const v = parseDecision({ id: id as string });
  const { decided } = await decidePending(deps, caller, v.id, 'from', action, async (current, actor, now) => {
    const next = { ...current, version: current.version + 1, decidedAt: now };
    const parties = await partiesOf(deps, current);
    return {
      set: { status: 'withdrawn', decidedAt: now, decidedBy: caller.subject },
      events: [matchRequestWithdrawn(next, actor), requestWithdrawnNotice(parties, actor)],
      closes: true,
    };
  });
  return toMatchRequestRecord(decided);
}
