import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { CooperationOfferDocument, OfferCloseReason } from '../model/cooperation-offer.js';

export const OfferEventType = {
  published: 'ccp.matchmaking.offer.published.v1',
  updated: 'ccp.matchmaking.offer.updated.v1',
  closed: 'ccp.matchmaking.offer.closed.v1',
} as const;

/** The offer as published and updated events carry it: what an integrator needs to mirror it. */
function offerContent(o: CooperationOfferDocument) {
  return {
    offerId: o._id,
    clusterId: o.clusterId,
    economy: o.economy,
    kind: o.kind,
    title: o.title,
    description: o.description,
    sectors: o.sectors,
    targetEconomies: o.targetEconomies,
    deadline: o.deadline,
    status: o.status,
    ...(o.soughtPartner ? { soughtPartner: o.soughtPartner } : {}),
  };
}

export function offerPublished(o: CooperationOfferDocument, actor: Actor): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: OfferEventType.published,
    subject: o._id,
    actor,
    sequence: o.version,
    economy: o.economy,
    time: o.createdAt,
    data: { ...offerContent(o), publishedBy: o.createdBy, publishedAt: o.createdAt.toISOString() },
  });
}

/** `o` is the offer after the change, `changedFields` the names of the input fields that changed. */
export function offerUpdated(o: CooperationOfferDocument, changedFields: string[], actor: Actor): CloudEvent {
  const updatedAt = o.updatedAt ?? new Date();
  return makeEvent({
    service: 'matchmaking',
    type: OfferEventType.updated,
    subject: o._id,
    actor,
    sequence: o.version,
    economy: o.economy,
    time: updatedAt,
    data: { ...offerContent(o), changedFields, updatedAt: updatedAt.toISOString() },
  });
}

/** Its time is the closing instant: for an expired offer, the end of its deadline day. */
export function offerClosed(
  o: Pick<CooperationOfferDocument, '_id' | 'clusterId' | 'economy' | 'version'>,
  reason: OfferCloseReason,
  closedAt: Date,
  actor: Actor,
): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: OfferEventType.closed,
    subject: o._id,
    actor,
    sequence: o.version,
    economy: o.economy,
    time: closedAt,
    data: {
      offerId: o._id,
      clusterId: o.clusterId,
      economy: o.economy,
      closedAt: closedAt.toISOString(),
      reason,
    },
  });
}
