import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { MatchRequestDocument } from '../model/match-request.js';

export const MatchRequestEventType = {
  sent: 'ccp.matchmaking.request.sent.v1',
} as const;

/** Carries the sender's economy in the envelope; the receiver's is in the data. */
export function matchRequestSent(r: MatchRequestDocument, actor: Actor): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: MatchRequestEventType.sent,
    subject: r._id,
    actor,
    sequence: r.version,
    economy: r.fromEconomy,
    time: r.createdAt,
    data: {
      requestId: r._id,
      fromClusterId: r.fromClusterId,
      fromEconomy: r.fromEconomy,
      toClusterId: r.toClusterId,
      toEconomy: r.toEconomy,
      message: r.message,
      status: r.status,
      sentBy: r.createdBy,
    },
  });
}
