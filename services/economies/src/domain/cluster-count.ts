import type { Logger } from '@ccp/kit';
import type { ClusterFactModel } from '../model/cluster-fact.js';
import type { EconomyModel } from '../model/economy.js';

/**
 * Keeps `Economy.clusterCount` equal to the number of published cluster facts. A recount is idempotent,
 * so redelivery and replay cannot double-count; recounts of a burst of events are coalesced, and a count
 * that started earlier never overwrites one that started later.
 */
export class ClusterCountProjector {
  private readonly dirty = new Set<string>();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly economies: EconomyModel,
    private readonly facts: ClusterFactModel,
    private readonly logger: Logger,
    private readonly delayMs = 25,
  ) {}

  markDirty(...codes: string[]): void {
    for (const code of codes) this.dirty.add(code);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delayMs);
  }

  /** Resolves once every recount asked for so far has been written. */
  async idle(): Promise<void> {
    while (this.timer || this.running || this.dirty.size) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      await this.flush();
    }
  }

  async recountAll(): Promise<void> {
    const codes = (await this.economies.find({}, { _id: 1 }).lean<{ _id: string }[]>()).map((e) => e._id);
    await this.recount(codes);
  }

  private async flush(): Promise<void> {
    // Codes marked while a recount runs are recounted after it, not left for the next event.
    while (this.running) await this.running;
    const codes = [...this.dirty];
    this.dirty.clear();
    if (codes.length === 0) return;
    this.running = this.recount(codes)
      .catch((err) => {
        this.logger.error({ err, codes }, 'cluster recount failed; retrying');
        for (const code of codes) this.dirty.add(code);
      })
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
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
