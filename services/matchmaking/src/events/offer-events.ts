import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { CooperationOfferDocument } from '../model/cooperation-offer.js';

export const OfferEventType = {
  published: 'ccp.matchmaking.offer.published.v1',
} as const;

export function offerPublished(o: CooperationOfferDocument, actor: Actor): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: OfferEventType.published,
    subject: o._id,
    actor,
    sequence: o.version,
    economy: o.economy,
    time: o.createdAt,
    data: {
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
      publishedBy: o.createdBy,
    },
  });
}
