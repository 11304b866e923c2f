import type { Logger } from './logger.js';
import type { BackgroundWorker } from './service.js';

export interface PeriodicTaskOptions {
  /** One run; it logs its own results. A rejection is logged with `failure` and retried by the next run. */
  run(): Promise<unknown>;
  everyMs: number;
  /** An extra first run this long after start (0: at once); without it the first run comes after `everyMs`. */
  firstRunAfterMs?: number;
  logger: Logger;
  /** What the warning says when a run fails. */
  failure: string;
}

/**
 * A background sweep: runs `run` every `everyMs` (timers unref'd, so they never keep a process alive), one run
 * at a time — a tick that finds the previous run still going is skipped. `stop` waits for the current run.
 */
export class PeriodicTask implements BackgroundWorker {
  private first: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly opts: PeriodicTaskOptions) {}

  start(): void {
    const { everyMs, firstRunAfterMs } = this.opts;
    if (firstRunAfterMs === 0) this.tick();
    else if (firstRunAfterMs !== undefined) {
      this.first = setTimeout(() => this.tick(), firstRunAfterMs);
      this.first.unref();
    }
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    const { run, logger, failure } = this.opts;
    this.running = Promise.resolve()
      .then(run)
      .then(
        () => {},
        (err) => logger.warn({ err }, failure),
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
