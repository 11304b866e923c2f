import type { CloudEvent, HandleResult } from '@ccp/kit';
import type { KpiProjector } from '../domain/kpi-projector.js';
import { type KpiFactModel, type KpiName, MAX_KPI_YEAR, MIN_KPI_YEAR } from '../model/kpi.js';
import { EconomyEventType } from './economy-events.js';

export const RESPONSE_SUBMITTED = 'ccp.surveys.response.submitted.v1';

interface CountedUnit {
  id: string;
  kpi: KpiName;
  economy: string;
}

/** Which KPI unit an event counts, if any. A unit's id names it, so it is counted once however often it comes. */
function unitOf(event: CloudEvent, year: number): CountedUnit | null {
  if (event.type === EconomyEventType.registered) {
    const { economy } = event.data as { economy: string };
    // An economy registers once, so its unit does not need the year.
    return { id: `kpi1:${economy}`, kpi: 'ECONOMIES_REGISTERED', economy };
  }
  if (event.type === RESPONSE_SUBMITTED) {
    const data = event.data as { questionnaireKind: string; clusterId: string; economy: string };
    if (data.questionnaireKind !== 'internationalization') return null;
    return { id: `kpi2:${year}:${data.clusterId}`, kpi: 'CLUSTERS_RESPONDED', economy: data.economy };
  }
  return null;
}

/**
 * The KPI consumer's handler: each counted unit becomes one fact, inserted once under its unique id (the
 * dedupe marker and the read-model change are that one insert); the figures are then recounted from the facts.
 * The year is the UTC year of the event's time.
 */
export function kpiEventHandler(facts: KpiFactModel, projector: KpiProjector) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    const at = new Date(event.time);
    const year = at.getUTCFullYear();
    const unit = unitOf(event, year);
    // Figures exist for the years KPIs can be reported on; a clock far off counts nowhere.
    if (!unit || year < MIN_KPI_YEAR || year > MAX_KPI_YEAR) return 'skipped';
    try {
      await facts.collection.insertOne({
        _id: unit.id as never,
        kpi: unit.kpi,
        year,
        economy: unit.economy,
        eventId: event.id,
        at,
      });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return 'skipped';
      throw err;
    }
    projector.markDirty(unit.kpi, year);
    return 'applied';
  };
}
