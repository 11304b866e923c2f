import {
  actorOf,
  type Caller,
  economyPrivilege,
  invalidStateError,
  notFoundError,
  type Privilege,
  requirePrivilege,
  requireSignedIn,
} from '@ccp/kit';
import { z } from 'zod';
import { clusterClaimed } from '../events/claim-events.js';
import { claimRejected } from '../events/notifications.js';
import type { ClusterDocument } from '../model/cluster.js';
import {
  type ClusterClaimDocument,
  type ClusterClaimRecord,
  decidedKeyOf,
  toClusterClaimRecord,
} from '../model/cluster-claim.js';
import { clusterForChange, writeClusterChange } from './change-cluster.js';
import { isClaimable } from './claim-cluster.js';
import type { RegistryDeps } from './deps.js';
import { clusterId, LIMITS, parseInput, text } from './input.js';

export const ANOTHER_CLAIM_APPROVED = 'another claim was approved';

const claimTarget = z.object({ id: clusterId });
const rejectInput = z.object({ reason: text(LIMITS.short) });

/** Reads a claim and checks that the caller coordinates its economy (or is the secretariat) before anything else. */
async function claimForDecision(
  deps: RegistryDeps,
  caller: Caller,
  id: unknown,
  action: string,
): Promise<{ claim: ClusterClaimDocument; privilege: Privilege }> {
  requireSignedIn(caller, action);
  const target = parseInput(claimTarget, { id });
  const claim = await deps.claims.claimModel.findById(target.id).lean<ClusterClaimDocument>();
  if (!claim) throw notFoundError('ClusterClaim', target.id);
  const privilege = requirePrivilege(caller, economyPrivilege(caller, claim.economyCode), action);
  return { claim, privilege };
}

function requirePending(claim: ClusterClaimDocument, action: string) {
  if (claim.status !== 'pending') {
    throw invalidStateError(`Cannot ${action}: it is already ${claim.status}`, {
      field: 'id',
      status: claim.status,
    });
  }
}

/**
 * Approves a pending claim. The cluster is the truth: its version-guarded write (claimedBy, history line and
 * the claimed event, from which accounts grants the manager role) decides, then the claim is marked approved
 * and the other pending claims on the cluster are rejected. A crash in between is finished by approving again.
 */
export async function approveClusterClaim(
  deps: RegistryDeps,
  caller: Caller,
  id: unknown,
): Promise<ClusterClaimRecord> {
  const action = 'approve this claim';
  const { claim } = await claimForDecision(deps, caller, id, action);
  requirePending(claim, action);
  const { current, privilege } = await clusterForChange(deps, caller, {
    id: claim.clusterId,
    action: 'approve a claim on this cluster',
    privilegeOf: (c, cluster) => economyPrivilege(c, cluster.economyCode),
    from: ['draft', 'submitted', 'returned', 'published'],
  });
  if (current.claimId !== claim._id) {
    if (!isClaimable(current)) {
      throw invalidStateError(`Cluster ${current._id} is no longer claimable; reject this claim instead`, {
        field: 'id',
      });
    }
    const set = { claimedBy: claim.userId, claimedAt: new Date(), claimId: claim._id };
    const next: ClusterDocument = { ...current, ...set, version: current.version + 1 };
    await writeClusterChange(
      deps,
      current,
      next,
      set,
      clusterClaimed(next, actorOf(caller, privilege), claim._id),
    );
  }
  const decidedAt = new Date();
  const decided = { decidedAt, decidedBy: caller.subject, decidedRole: privilege };
  await deps.claims.claimModel.updateOne(
    { _id: claim._id, status: { $ne: 'approved' } },
    {
      $set: { status: 'approved', ...decided, reason: null, pendingKey: decidedKeyOf(claim._id) },
      $inc: { version: 1 },
    },
  );
  const others = await deps.claims.claimModel
    .find({ clusterId: claim.clusterId, status: 'pending' })
    .lean<ClusterClaimDocument[]>();
  for (const other of others) {
    if (other._id === claim._id) continue;
    await rejectPending(deps, other, current.names, ANOTHER_CLAIM_APPROVED, caller, privilege).catch(
      () => {},
    );
  }
  return toClusterClaimRecord({ ...claim, ...decided, status: 'approved', reason: null });
}

/** Rejects a pending claim with a reason told to the requester. Its economy's coordinator or the secretariat. */
export async function rejectClusterClaim(
  deps: RegistryDeps,
  caller: Caller,
  id: unknown,
  reason: unknown,
): Promise<ClusterClaimRecord> {
  const action = 'reject this claim';
  const { claim, privilege } = await claimForDecision(deps, caller, id, action);
  const v = parseInput(rejectInput, { reason });
  requirePending(claim, action);
  const cluster = await deps.clusters
    .findById(claim.clusterId, { names: 1, claimId: 1 })
    .lean<Pick<ClusterDocument, 'names' | 'claimId'>>();
  if (cluster?.claimId === claim._id) {
    throw invalidStateError(`Cannot ${action}: the cluster was already given to its requester`, {
      field: 'id',
    });
  }
  return rejectPending(deps, claim, cluster?.names ?? {}, v.reason, caller, privilege);
}

/** Marks a pending claim rejected and puts the requester's notice in its outbox, in one version-guarded write. */
async function rejectPending(
  deps: RegistryDeps,
  claim: ClusterClaimDocument,
  names: Record<string, string>,
  reason: string,
  caller: Caller,
  privilege: Privilege,
): Promise<ClusterClaimRecord> {
  const event = claimRejected(
    claim,
    names.en ? names : { en: claim.clusterId },
    reason,
    actorOf(caller, privilege),
  );
  deps.validator.assertValid(event);
  const decided = {
    status: 'rejected' as const,
    reason,
    decidedAt: new Date(),
    decidedBy: caller.subject,
    decidedRole: privilege,
    pendingKey: decidedKeyOf(claim._id),
  };
  const res = await deps.claims.claimModel.updateOne(
    { _id: claim._id, version: claim.version, status: 'pending' },
    { $set: { ...decided, version: claim.version + 1, outbox: [...(claim.outbox ?? []), event] } },
  );
  if (res.matchedCount !== 1) {
    throw invalidStateError(`Claim ${claim._id} changed meanwhile; read it again and retry`, { field: 'id' });
  }
  await deps.claims.claimRelay.flush(claim._id).catch(() => {});
  return toClusterClaimRecord({ ...claim, ...decided });
}
