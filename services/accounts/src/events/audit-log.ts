import { type CloudEvent, type ConsumerDeps, EventConsumer, type HandleResult, TOPICS } from '@ccp/kit';
import type { AuditEntryDocument, AuditEntryModel } from '../model/audit-entry.js';

/** Every platform topic that carries changes (not notification requests, not dead letters). */
export const AUDITED_TOPICS = Object.entries(TOPICS)
  .filter(([name]) => name !== 'notifications' && name !== 'deadletter')
  .map(([, topic]) => topic);

/** Keeps the events of the secretariat's privileged actions (their `actorrole`); the event id dedupes. */
export function auditLogHandler(model: AuditEntryModel) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.actorrole !== 'secretariat' || !event.actor) return 'skipped';
    const entry: AuditEntryDocument = {
      _id: event.id,
      time: new Date(event.time),
      type: event.type,
      subject: event.subject,
      actor: event.actor,
      economy: event.economy ?? null,
    };
    try {
      await model.collection.insertOne(entry as never);
      return 'applied';
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return 'skipped';
      throw err;
    }
  };
}

export function auditLogConsumer(
  model: AuditEntryModel,
  consumer: ConsumerDeps,
  groupId: string,
): EventConsumer {
  return new EventConsumer({ ...consumer, groupId, topics: AUDITED_TOPICS, handle: auditLogHandler(model) });
}
