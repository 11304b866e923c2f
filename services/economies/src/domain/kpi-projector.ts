import type { EventValidator, Logger, OutboxRelay } from '@ccp/kit';
import { kpiUpdated } from '../events/economy-events.js';
import { figureId, type KpiFactModel, type KpiFigureModel, type KpiName } from '../model/kpi.js';
import { CoalescedRecounts } from './coalesced-recounts.js';
import { changeFigure } from './kpi-figure.js';

const keyOf = (kpi: KpiName, year: number) => `${kpi}|${year}`;

/**
 * Keeps the KPI figures equal to what the facts say: per KPI and year, a `$match`/`$group`/`$sum` over the facts
 * gives each economy's value and their sum the APEC-wide one. A recount is idempotent, so redelivery and
 * replay cannot drift; a burst of facts is coalesced into one recount per KPI and year, a recount that started
 * earlier never overwrites one that started later, and each figure whose value changes announces it
 * (`ccp.economies.kpi.updated.v1`) unless the projector builds a read model nobody else reads (a rebuild).
 */
export class KpiProjector {
  private readonly recounts: CoalescedRecounts<{ kpi: KpiName; year: number }>;

  constructor(
    private readonly facts: KpiFactModel,
    private readonly figures: KpiFigureModel,
    private readonly validator: EventValidator,
    private readonly logger: Logger,
    /** Where changes are announced; null builds figures silently. */
    private readonly relay: OutboxRelay | null,
    delayMs = 25,
  ) {
    this.recounts = new CoalescedRecounts(
      async (keys) => {
        const failed: { kpi: KpiName; year: number }[] = [];
        for (const key of keys) {
          try {
            await this.recount(key.kpi, key.year);
          } catch (err) {
            this.logger.error({ err, ...key }, 'KPI recount failed; retrying');
            failed.push(key);
          }
        }
        return failed;
      },
      (key) => keyOf(key.kpi, key.year),
      logger,
      delayMs,
    );
  }

  markDirty(kpi: KpiName, year: number): void {
    this.recounts.mark({ kpi, year });
  }

  /** Resolves once every recount asked for so far has been written. */
  idle(): Promise<void> {
    return this.recounts.idle();
  }

  /** Every KPI and year that has facts: run at start, so a crash between a fact and its recount heals. */
  async recountAll(): Promise<void> {
    const groups = await this.facts.aggregate<{ _id: { kpi: KpiName; year: number } }>([
      { $group: { _id: { kpi: '$kpi', year: '$year' } } },
    ]);
    for (const { _id } of groups) await this.recount(_id.kpi, _id.year);
  }

  private async recount(kpi: KpiName, year: number): Promise<void> {
    const startedAt = new Date();
    const rows = await this.facts.aggregate<{ _id: string; n: number }>([
      { $match: { kpi, year } },
      { $group: { _id: '$economy', n: { $sum: 1 } } },
    ]);
    const values = new Map<string | null, number>();
    let total = 0;
    for (const row of rows) {
      values.set(row._id, row.n);
      total += row.n;
    }
    values.set(null, total);
    // A figure the facts no longer reach (none today: facts only grow) is counted down rather than left stale.
    const stored = await this.figures.find({ kpi, year }, { economy: 1 }).lean<{ economy: string | null }[]>();
    for (const { economy } of stored) if (!values.has(economy ?? null)) values.set(economy ?? null, 0);

    for (const [economy, value] of values) {
      const key = { kpi, year, economy };
      const { changed } = await changeFigure(this.figures, this.validator, key, (current) => {
        if (current?.asOf && current.asOf > startedAt) return null;
        const previous = current?.value ?? 0;
        if (previous === value) return null;
        return {
          set: { value, asOf: startedAt },
          event: this.relay ? (sequence) => kpiUpdated(key, sequence, value, previous) : undefined,
        };
      });
      if (changed && this.relay) await this.relay.flush(figureId(kpi, year, economy)).catch(() => {});
    }
  }
}
