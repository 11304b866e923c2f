import type { Logger } from '@ccp/kit';
import type { ClusterFactModel } from '../model/cluster-fact.js';
import type { EconomyModel } from '../model/economy.js';
import { CoalescedRecounts } from './coalesced-recounts.js';

/**
 * Keeps `Economy.clusterCount` equal to the number of published cluster facts. A recount is idempotent,
 * so redelivery and replay cannot double-count; recounts of a burst of events are coalesced, and a count
 * that started earlier never overwrites one that started later.
 */
export class ClusterCountProjector {
  private readonly recounts: CoalescedRecounts<string>;

  constructor(
    private readonly economies: EconomyModel,
    private readonly facts: ClusterFactModel,
    logger: Logger,
    delayMs = 25,
  ) {
    this.recounts = new CoalescedRecounts(
      async (codes) => {
        await this.recount(codes);
        return [];
      },
      (code) => code,
      logger,
      delayMs,
    );
  }

  markDirty(...codes: string[]): void {
    this.recounts.mark(...codes);
  }

  /** Resolves once every recount asked for so far has been written. */
  idle(): Promise<void> {
    return this.recounts.idle();
  }

  async recountAll(): Promise<void> {
    const codes = (await this.economies.find({}, { _id: 1 }).lean<{ _id: string }[]>()).map((e) => e._id);
    await this.recount(codes);
  }

  private async recount(codes: string[]): Promise<void> {
    const startedAt = new Date();
    const counts = await this.facts.aggregate<{ _id: string; n: number }>([
      { $match: { economy: { $in: codes }, status: 'published' } },
      { $group: { _id: '$economy', n: { $sum: 1 } } },
    ]);
    const byCode = new Map(counts.map((c) => [c._id, c.n]));
    await Promise.all(
      codes.map((code) =>
        this.economies.updateOne(
          { _id: code, $or: [{ clusterCountAsOf: null }, { clusterCountAsOf: { $lte: startedAt } }] },
          { $set: { clusterCount: byCode.get(code) ?? 0, clusterCountAsOf: startedAt } },
        ),
      ),
    );
  }
}
