import type { Logger } from '@ccp/kit';

/**
 * Schedules idempotent recounts: keys marked within `delayMs` are recounted together, keys marked while a
 * recount runs are recounted right after it, and keys whose recount failed are retried a second later.
 */
export class CoalescedRecounts<K> {
  private readonly dirty = new Map<string, K>();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Recounts the keys and returns those that failed. */
    private readonly recount: (keys: K[]) => Promise<K[]>,
    private readonly keyOf: (key: K) => string,
    private readonly logger: Logger,
    private readonly delayMs = 25,
  ) {}

  mark(...keys: K[]): void {
    for (const key of keys) this.dirty.set(this.keyOf(key), key);
    this.schedule(this.delayMs);
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

  private schedule(delayMs: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private async flush(): Promise<void> {
    while (this.running) await this.running;
    const keys = [...this.dirty.values()];
    this.dirty.clear();
    if (keys.length === 0) return;
    this.running = this.recount(keys)
      .catch((err) => {
        this.logger.error({ err }, 'recount failed');
        return keys;
      })
      .then((failed) => {
        for (const key of failed) this.dirty.set(this.keyOf(key), key);
      })
      .finally(() => {
        this.running = undefined;
        if (this.dirty.size) this.schedule(1000);
      });
    await this.running;
  }
}
