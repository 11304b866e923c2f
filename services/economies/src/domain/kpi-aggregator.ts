import { type CloudEvent, type EventValidator, insertNew, type Logger, type OutboxRelay } from '@ccp/kit';
import { kpiUpdated } from '../events/economy-events.js';
import {
  APEC,
  type Contribution,
  emptyFigure,
  type KpiFactDocument,
  type KpiFactModel,
  type KpiFigure,
  type KpiName,
  type KpiYearModel,
  kpiYearId,
  OUTSIDE_APEC,
} from '../model/kpi.js';
import { CoalescedRecounts } from './coalesced-recounts.js';
import { changeKpiYear } from './kpi-year.js';

/** One unit a KPI counts, named so that it is counted once however often its events come. */
export interface CountedUnit {
  id: string;
  kpi: KpiName;
  year: number;
  economy: string;
  breakdown: string | null;
  /** Whether it counts in the APEC-wide total too (the default) or only for its economy. */
  apec?: boolean;
  eventId: string;
  at: Date;
}

/** What a figure's facts are counted by. */
type FactGroup = Pick<KpiFactDocument, 'kpi' | 'year' | 'economy' | 'breakdown' | 'apec'>;

/** A KPI and year: one read-model document. */
interface KpiYear {
  kpi: KpiName;
  year: number;
}

interface WaitingInsert {
  docs: KpiFactDocument[];
  /** Whether each document was new. */
  resolve(isNew: boolean[]): void;
  reject(err: unknown): void;
}

/** What one partition counted for one KPI and year, by economy code or `APEC`. */
type PartitionCounts = Map<string, Map<string, Contribution>>;

/**
 * Keeps the KPI figures equal to what the facts say, without ever aggregating over all of them per event:
 * a batch's units are inserted as facts in one command (a duplicate id is a unit already counted), each newly
 * inserted fact adds one to its partition's count in memory, and each figure stores every partition's count
 * (`contributions`, only ever raised) beside their sum. A partition's counts are read from its facts when the
 * group assigns it (and after any failure), so a crash between a fact and its figure, a rebalance, redelivery
 * and replay all end at the same exact figures. Value changes are announced unless the aggregator builds a
 * read model nobody else reads (a rebuild).
 */
export class KpiAggregator {
  private readonly counts = new Map<string, PartitionCounts>();
  /** Partitions whose counts are read (or being read) from the facts since the last assignment. */
  private readonly loaded = new Map<string, Promise<void>>();
  private readonly writes: CoalescedRecounts<KpiYear>;
  /** Batches waiting for the next round of fact inserts, and whether a round is running. */
  private readonly waiting: WaitingInsert[] = [];
  private inserting = false;

  constructor(
    private readonly facts: KpiFactModel,
    private readonly figures: KpiYearModel,
    private readonly validator: EventValidator,
    private readonly logger: Logger,
    /** Where changes are announced; null builds figures silently. */
    private readonly relay: OutboxRelay | null,
    delayMs = 25,
  ) {
    this.writes = new CoalescedRecounts<KpiYear>(
      (keys) => this.write(keys),
      (key) => kpiYearId(key.kpi, key.year),
      logger,
      delayMs,
    );
  }

  /**
   * The group assigned partitions to this member: what another member counted meanwhile is read again from the
   * facts, and figures a crash left behind are written, even for partitions with nothing new to read.
   */
  reassigned(partitions: string[]): void {
    this.loaded.clear();
    for (const partition of partitions) {
      this.load(partition).catch((err) => this.logger.error({ err, partition }, 'KPI counts not read; retried with the next batch'));
    }
  }

  /** Counts a partition's batch of units; returns how many were new. */
  async apply(units: CountedUnit[], partition: string): Promise<number> {
    try {
      await this.load(partition);
      const unique = [...new Map(units.map((u) => [u.id, u])).values()];
      if (unique.length === 0) return 0;
      const inserted = await this.insertFacts(unique, partition);
      for (const u of inserted) this.add(partition, { ...u, apec: u.apec ?? true }, 1);
      return inserted.length;
    } catch (err) {
      // Some facts may be in and not counted: the partition's counts are read again before its next batch.
      this.loaded.delete(partition);
      throw err;
    }
  }

  /** Resolves once every figure change asked for so far has been written. */
  idle(): Promise<void> {
    return this.writes.idle();
  }

  /**
   * Inserts a batch's facts together with whatever other partitions' batches are waiting (one `insertMany` per
   * round instead of one per partition: on a single connection that is what bounds the latency), and returns
   * the units that were new.
   */
  private insertFacts(units: CountedUnit[], partition: string): Promise<CountedUnit[]> {
    const docs: KpiFactDocument[] = units.map((u) => ({
      _id: u.id,
      kpi: u.kpi,
      year: u.year,
      economy: u.economy,
      breakdown: u.breakdown,
      apec: u.apec ?? true,
      partition,
      eventId: u.eventId,
      at: u.at,
    }));
    return new Promise((resolve, reject) => {
      this.waiting.push({ docs, resolve: (isNew) => resolve(units.filter((_, i) => isNew[i])), reject });
      void this.insertWaiting();
    });
  }

  private async insertWaiting(): Promise<void> {
    if (this.inserting) return;
    this.inserting = true;
    try {
      while (this.waiting.length) {
        const round = this.waiting.splice(0);
        const docs = round.flatMap((r) => r.docs);
        let duplicates: Set<number>;
        try {
          // The positions of facts already stored: units counted before.
          duplicates = await insertNew(this.facts, docs);
        } catch (err) {
          for (const r of round) r.reject(err);
          continue;
        }
        let offset = 0;
        for (const r of round) {
          const start = offset;
          r.resolve(r.docs.map((_, i) => !duplicates.has(start + i)));
          offset += r.docs.length;
        }
      }
    } finally {
      this.inserting = false;
    }
  }

  /** Reads a partition's counts from its facts (once per assignment) and has its figures checked against them. */
  private load(partition: string): Promise<void> {
    let loading = this.loaded.get(partition);
    if (!loading) {
      loading = this.read(partition);
      this.loaded.set(partition, loading);
      loading.catch(() => this.loaded.delete(partition));
    }
    return loading;
  }

  private async read(partition: string): Promise<void> {
    const rows = await this.facts.aggregate<{
      _id: FactGroup;
      n: number;
    }>([
      { $match: { partition } },
      {
        $group: {
          _id: { kpi: '$kpi', year: '$year', economy: '$economy', breakdown: '$breakdown', apec: '$apec' },
          n: { $sum: 1 },
        },
      },
    ]);
    this.counts.set(partition, new Map());
    for (const { _id, n } of rows) this.add(partition, { ..._id, breakdown: _id.breakdown ?? null, apec: _id.apec !== false }, n);
  }

  /** Adds to the economy's figure and the APEC-wide one, and schedules their write. */
  private add(partition: string, { kpi, year, economy, breakdown, apec }: FactGroup, n: number) {
    const counts = this.counts.get(partition) as PartitionCounts;
    const id = kpiYearId(kpi, year);
    const figures = counts.get(id) ?? new Map<string, Contribution>();
    counts.set(id, figures);
    const slots = [...(economy === OUTSIDE_APEC ? [] : [economy]), ...(apec ? [APEC] : [])];
    for (const slot of slots) {
      const count = figures.get(slot) ?? { n: 0, by: {} };
      count.n += n;
      if (breakdown) count.by[breakdown] = (count.by[breakdown] ?? 0) + n;
      figures.set(slot, count);
    }
    this.writes.mark({ kpi, year });
  }

  /** Raises each document's stored partition counts to the ones in memory; returns the documents that failed. */
  private async write(keys: KpiYear[]): Promise<KpiYear[]> {
    const failed: KpiYear[] = [];
    const announced: string[] = [];
    for (const { kpi, year } of keys) {
      const id = kpiYearId(kpi, year);
      try {
        const { changed } = await changeKpiYear(this.figures, this.validator, kpi, year, (current) => {
          const figures: Record<string, KpiFigure> = {};
          const events: CloudEvent[] = [];
          for (const slot of this.slotsCounted(id)) {
            const stored = current?.figures[slot] ?? emptyFigure();
            const contributions = { ...stored.contributions };
            let raised = false;
            for (const [partition, counts] of this.counts) {
              const mine = counts.get(id)?.get(slot);
              if (mine && mine.n > (contributions[partition]?.n ?? 0)) {
                contributions[partition] = { n: mine.n, by: { ...mine.by } };
                raised = true;
              }
            }
            if (!raised) continue;
            const { value, breakdown } = sum(contributions);
            const next: KpiFigure = { ...stored, contributions, value, breakdown, version: stored.version + (this.relay ? 1 : 0) };
            figures[slot] = next;
            const economy = slot === APEC ? null : slot;
            if (this.relay) events.push(kpiUpdated({ kpi, year, economy }, next.version, value, stored.value, breakdown));
          }
          return Object.keys(figures).length ? { figures, events } : null;
        });
        if (changed && this.relay) announced.push(id);
      } catch (err) {
        this.logger.error({ err, id }, 'KPI figures write failed; retrying');
        failed.push({ kpi, year });
      }
    }
    if (announced.length && this.relay) await this.relay.flushMany(announced).catch(() => {});
    return failed;
  }

  /** Every economy (or `APEC`) any partition in memory has counted for a KPI and year. */
  private slotsCounted(id: string): Set<string> {
    const slots = new Set<string>();
    for (const counts of this.counts.values()) for (const slot of counts.get(id)?.keys() ?? []) slots.add(slot);
    return slots;
  }
}

function sum(contributions: Record<string, Contribution>): { value: number; breakdown: Record<string, number> } {
  let value = 0;
  const breakdown: Record<string, number> = {};
  for (const c of Object.values(contributions)) {
    value += c.n;
    for (const [k, n] of Object.entries(c.by)) breakdown[k] = (breakdown[k] ?? 0) + n;
  }
  return { value, breakdown };
}
