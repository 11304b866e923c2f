import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { WorkshopDocument } from '../model/workshop.js';

export const WorkshopEventType = {
  scheduled: 'ccp.matchmaking.workshop.scheduled.v1',
} as const;

export function workshopScheduled(w: WorkshopDocument, actor: Actor): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: WorkshopEventType.scheduled,
    subject: w._id,
    actor,
    sequence: w.version,
    economy: w.hostEconomy,
    time: w.createdAt,
    data: {
      workshopId: w._id,
      title: w.title,
      hostEconomy: w.hostEconomy,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
      timeZone: w.timeZone,
      venue: w.venue,
      online: w.online,
      capacity: w.capacity,
      scheduledBy: w.createdBy,
    },
  });
}
