import { type Actor, isDuplicateKey, problemsFromZod, SYSTEM_ACTOR, validationError } from '@ccp/kit';
import { z } from 'zod';
import { collaborationAgreed, collaborationAgreedNotice } from '../events/collaboration-events.js';
import type { ClusterNames } from '../events/match-request-events.js';
import {
  COLLABORATION_ORIGINS,
  type CollaborationDocument,
  type CollaborationOrigin,
  type CollaborationRecord,
  collaborationIdOf,
  toCollaborationRecord,
} from '../model/collaboration.js';
import { pairKeyOf } from '../model/match-request.js';
import type { MatchmakingDeps } from './deps.js';
import { clusterId, economyCode } from './input.js';
import { knownCluster } from './published-cluster.js';

const agreeCollaborationInput = z.object({
  clusterIds: z
    .tuple([clusterId, clusterId])
    .refine(([a, b]) => a !== b, { message: 'must name two different clusters' }),
  origin: z.enum(COLLABORATION_ORIGINS),
  originId: clusterId,
  at: z.date({ message: 'must be a Date' }),
  economies: z.tuple([economyCode, economyCode]).optional(),
});

export interface AgreeCollaborationInput {
  /** The two clusters; for a match request the sender first. */
  clusterIds: readonly string[];
  origin: CollaborationOrigin;
  /** The accepted request's id or the workshop meeting's id. */
  originId: string;
  /** When they agreed (for a meeting: when both sides confirmed); the event's time and the KPI year. */
  at: Date;
  /** Their economies in the same order; read from the cluster facts unless given. */
  economies?: readonly string[];
  /** Who confirmed it last; `system` unless given. */
  actor?: Actor;
}

export interface AgreedCollaboration {
  collaboration: CollaborationRecord;
  /** False when the origin (a retry) or, for a workshop meeting, the pair already had its collaboration. */
  created: boolean;
}

async function economiesOf(deps: MatchmakingDeps, ids: readonly string[]): Promise<string[]> {
  const facts = await Promise.all(ids.map((id, i) => knownCluster(deps, id, `clusterIds.${i}`)));
  return facts.map((f) => f.economy);
}

async function namesOf(deps: MatchmakingDeps, id: string): Promise<ClusterNames> {
  const facts = await deps.clusterFacts.byId(id);
  return { en: facts?.names.en ?? id, ru: facts?.names.ru ?? null };
}

/**
 * Records that two clusters collaborate, with `ccp.matchmaking.collaboration.agreed.v1` in the same insert
 * (surveys schedule the one-year follow-up from it). Called when a match request is accepted and by workshops
 * when both sides of a meeting with the outcome "cooperation possible" confirm it.
 *
 * Idempotent per origin: the id is derived from origin and originId, so a retry returns the record it made.
 * Two clusters have one collaboration (a unique pair key): a workshop meeting of clusters that already
 * collaborate returns theirs. An accepted match request always gets the record its acceptance announced.
 */
export async function agreeCollaboration(
  deps: MatchmakingDeps,
  input: AgreeCollaborationInput,
): Promise<AgreedCollaboration> {
  const parsed = agreeCollaborationInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const actor = input.actor ?? SYSTEM_ACTOR;
  const id = collaborationIdOf(v.origin, v.originId);
  const existing = async () => {
    const doc = await deps.collaborations.findById(id).lean<CollaborationDocument>();
    return doc ? toCollaborationRecord(doc) : null;
  };
  const pairs = async () =>
    v.origin === 'workshop-meeting' ? deps.collaborationRepository.between(...v.clusterIds) : null;
  const known = (await existing()) ?? (await pairs());
  if (known) return { collaboration: known, created: false };

  const economies = v.economies ?? (await economiesOf(deps, v.clusterIds));
  const doc: CollaborationDocument = {
    _id: id,
    clusterIds: [...v.clusterIds],
    economies: [...economies],
    origin: v.origin,
    originId: v.originId,
    agreedAt: v.at,
    pairKey: pairKeyOf(...v.clusterIds),
    version: 1,
    outbox: [],
  };
  const events = [collaborationAgreed(doc, actor)];
  if (v.origin === 'workshop-meeting') {
    const [a, b] = v.clusterIds;
    const [namesA, namesB] = await Promise.all([namesOf(deps, a), namesOf(deps, b)]);
    events.push(collaborationAgreedNotice(doc, a, namesA, namesB, actor));
    events.push(collaborationAgreedNotice(doc, b, namesB, namesA, actor));
  }
  for (const event of events) deps.validator.assertValid(event);
  doc.outbox = events;
  try {
    await deps.collaborations.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const raced = (await existing()) ?? (await pairs());
    if (raced) return { collaboration: raced, created: false };
    // The acceptance already announced this id, so the record exists even beside a pair's earlier one.
    doc.pairKey = `${doc.pairKey}#${id}`;
    const second = await deps.collaborations.collection.insertOne(doc as never).catch(async (again) => {
      const made = isDuplicateKey(again) ? await existing() : null;
      if (!made) throw again;
      return made;
    });
    if ('id' in second) return { collaboration: second, created: false };
  }
  await deps.collaborationRelay.flush(id).catch(() => {});
  return { collaboration: toCollaborationRecord(doc), created: true };
}
