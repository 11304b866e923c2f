import { type CloudEvent, conflictError, type EventValidator } from '@ccp/kit';
import { type KpiFigure, type KpiName, type KpiYearDocument, type KpiYearModel, kpiYearId } from '../model/kpi.js';

export interface KpiYearChange {
  /** The figures that change (by economy code or `APEC`), each whole, with its next version. */
  figures: Record<string, KpiFigure>;
  events: CloudEvent[];
}

/**
 * Changes figures of one KPI and year in a single update guarded by the version read (or a unique insert when
 * the document is new), the changes' events appended to its outbox in the same write. `decide` sees the current
 * document and returns the change, or null when there is nothing to do; it is asked again when another write
 * came first.
 */
export async function changeKpiYear(
  years: KpiYearModel,
  validator: EventValidator,
  kpi: KpiName,
  year: number,
  decide: (current: KpiYearDocument | null) => KpiYearChange | null,
): Promise<{ doc: KpiYearDocument | null; changed: boolean }> {
  const id = kpiYearId(kpi, year);
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await years.findById(id).lean<KpiYearDocument>();
    const change = decide(current);
    if (!change) return { doc: current, changed: false };
    for (const event of change.events) validator.assertValid(event);
    const figures = { ...(current?.figures ?? {}), ...change.figures };
    const outbox = [...(current?.outbox ?? []), ...change.events];
    const version = (current?.version ?? 0) + 1;
    const doc: KpiYearDocument = { _id: id, kpi, year, figures, version, outbox };
    if (!current) {
      try {
        await years.collection.insertOne(doc as never);
        return { doc, changed: true };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        continue;
      }
    }
    const res = await years.updateOne({ _id: id, version: current.version }, { $set: { figures, version, outbox } });
    if (res.matchedCount === 1) return { doc, changed: true };
  }
  throw conflictError(`KPI figures ${id} kept changing meanwhile; retry`);
}
