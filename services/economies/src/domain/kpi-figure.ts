import { type CloudEvent, conflictError, type EventValidator } from '@ccp/kit';
import type { FigureKey } from '../events/economy-events.js';
import { figureId, type KpiFigureDocument, type KpiFigureModel } from '../model/kpi.js';

export interface FigureChange {
  set: Partial<Pick<KpiFigureDocument, 'value' | 'asOf' | 'target'>>;
  /** The change's event, given the figure's next version; none when the change is not to be announced. */
  event?: (sequence: number) => CloudEvent;
}

/**
 * Changes one figure in a single update guarded by the version read (or a unique insert when it is new), the
 * change's event appended to its outbox in the same write. `decide` sees the current figure and returns the
 * change, or null when there is nothing to do; it is asked again when another write came first.
 */
export async function changeFigure(
  figures: KpiFigureModel,
  validator: EventValidator,
  key: FigureKey,
  decide: (current: KpiFigureDocument | null) => FigureChange | null,
): Promise<{ figure: KpiFigureDocument | null; changed: boolean }> {
  const id = figureId(key.kpi, key.year, key.economy);
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await figures.findById(id).lean<KpiFigureDocument>();
    const change = decide(current);
    if (!change) return { figure: current, changed: false };
    const version = (current?.version ?? 0) + 1;
    const event = change.event?.(version);
    if (event) validator.assertValid(event);
    const outbox = [...(current?.outbox ?? []), ...(event ? [event] : [])];
    if (!current) {
      const figure: KpiFigureDocument = {
        _id: id,
        kpi: key.kpi,
        year: key.year,
        economy: key.economy,
        value: 0,
        asOf: null,
        target: null,
        ...change.set,
        version,
        outbox,
      };
      try {
        await figures.collection.insertOne(figure as never);
        return { figure, changed: true };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        continue;
      }
    }
    const res = await figures.updateOne({ _id: id, version: current.version }, { $set: { ...change.set, version, outbox } });
    if (res.matchedCount === 1) return { figure: { ...current, ...change.set, version, outbox }, changed: true };
  }
  throw conflictError(`KPI figure ${id} kept changing meanwhile; retry`);
}
