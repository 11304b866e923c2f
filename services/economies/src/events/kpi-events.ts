import type { BatchSource, CloudEvent } from '@ccp/kit';
import type { CountedUnit, KpiAggregator } from '../domain/kpi-aggregator.js';
import { MAX_KPI_YEAR, MIN_KPI_YEAR, OUTSIDE_APEC } from '../model/kpi.js';
import { EconomyEventType } from './economy-events.js';

/** The event types the KPIs count (DESIGN.md's KPI section; their schemas are in schemas/events/). */
export const KpiSourceEvent = {
  economyRegistered: EconomyEventType.registered,
  responseSubmitted: 'ccp.surveys.response.submitted.v1',
  participantCheckedIn: 'ccp.matchmaking.workshop.participant-checked-in.v1',
  meetingRecorded: 'ccp.matchmaking.workshop.meeting-recorded.v1',
} as const;

/** A meeting with this outcome was not held: KPI 4 does not count it. */
export const NOT_HELD = 'did-not-take-place';

type Unit = Pick<CountedUnit, 'id' | 'kpi' | 'economy' | 'breakdown' | 'apec'>;

/**
 * Which KPI units an event counts. A unit's id names it, so it is counted once however often it comes; a unit
 * that two events on different partitions could bring names everything its figures depend on (their order is
 * not fixed, and a replay must end at the same figures).
 */
function unitsOfEvent(event: CloudEvent, year: number): Unit[] {
  const unit = unitOf(event, year);
  if (unit) return [unit];
  const data = event.data as Record<string, unknown>;
  // A success story counts once per collaboration and year APEC-wide, and once for each reporting cluster's economy.
  if (
    event.type === KpiSourceEvent.responseSubmitted &&
    data.questionnaireKind === 'follow-up' &&
    data.successStory === true &&
    data.collaborationId
  ) {
    const id = `kpi5:${year}:${data.collaborationId}`;
    return [
      { id, kpi: 'SUCCESS_STORIES', economy: OUTSIDE_APEC, breakdown: null },
      { id: `${id}:${data.economy}`, kpi: 'SUCCESS_STORIES', economy: String(data.economy), breakdown: null, apec: false },
    ];
  }
  return [];
}

/** The KPI unit of events that count one. */
function unitOf(event: CloudEvent, year: number): Unit | null {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case KpiSourceEvent.economyRegistered:
      // An economy registers once, so its unit does not need the year.
      return { id: `kpi1:${data.economy}`, kpi: 'ECONOMIES_REGISTERED', economy: String(data.economy), breakdown: null };
    case KpiSourceEvent.responseSubmitted:
      if (data.questionnaireKind === 'internationalization') {
        const id = `kpi2:${year}:${data.clusterId}`;
        return { id, kpi: 'CLUSTERS_RESPONDED', economy: String(data.economy), breakdown: null };
      }
      return null;
    case KpiSourceEvent.participantCheckedIn:
      return {
        id: `kpi3:${data.workshopId}:${data.participantId}`,
        kpi: 'PARTICIPANTS_CHECKED_IN',
        economy: typeof data.economy === 'string' ? data.economy : OUTSIDE_APEC,
        breakdown: `${data.gender}/${data.sector}`,
      };
    case KpiSourceEvent.meetingRecorded:
      if (data.outcome === NOT_HELD) return null;
      return { id: `kpi4:${data.meetingId}`, kpi: 'MEETINGS_HELD', economy: String(data.hostEconomy), breakdown: String(data.outcome) };
    default:
      return null;
  }
}

/** When what an event reports happened: a meeting when it was held (it may be recorded later), else the event's time. */
function occurredAt(event: CloudEvent): Date {
  const heldAt = event.type === KpiSourceEvent.meetingRecorded ? (event.data as { heldAt?: string }).heldAt : undefined;
  return new Date(heldAt ?? event.time);
}

/** The units a batch of events counts, each in the UTC year it happened. */
export function unitsOf(events: CloudEvent[]): CountedUnit[] {
  const units: CountedUnit[] = [];
  for (const event of events) {
    const at = occurredAt(event);
    const year = at.getUTCFullYear();
    // Figures exist for the years KPIs can be reported on; a clock far off counts nowhere.
    if (year < MIN_KPI_YEAR || year > MAX_KPI_YEAR) continue;
    for (const unit of unitsOfEvent(event, year)) units.push({ ...unit, year, eventId: event.id, at });
  }
  return units;
}

/** `<topic>~<partition>`, dots replaced: a key of a figure's `contributions`. */
export const partitionKey = ({ topic, partition }: BatchSource) => `${topic.replaceAll('.', '_')}~${partition}`;

/** How many partitions' batches the KPI consumer handles at once: their facts go in one insert (KpiAggregator). */
export const KPI_PARTITIONS_AT_ONCE = 8;

/** What the KPI consumer does when the group assigns it partitions. */
export const kpiAssignmentHandler = (aggregator: KpiAggregator) => (assigned: BatchSource[]) =>
  aggregator.reassigned(assigned.map(partitionKey));

/** The KPI consumer's batch handler: the batch's units counted by the aggregator. */
export function kpiBatchHandler(aggregator: KpiAggregator) {
  return async (events: CloudEvent[], source: BatchSource): Promise<void> => {
    await aggregator.apply(unitsOf(events), partitionKey(source));
  };
}
