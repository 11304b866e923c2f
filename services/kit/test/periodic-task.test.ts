import { afterEach, describe, expect, it } from 'vitest';
import { type Logger, PeriodicTask, type PeriodicTaskOptions } from '../src/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Captures the warnings a task logs. */
function warnings() {
  const seen: { err: unknown; msg: string }[] = [];
  const logger = {
    warn: (obj: { err: unknown }, msg: string) => seen.push({ err: obj.err, msg }),
  } as unknown as Logger;
  return { seen, logger };
}

let task: PeriodicTask | undefined;

/** A started task whose failures nobody reads (the failure test passes its own logger). */
function started(opts: Pick<PeriodicTaskOptions, 'everyMs' | 'firstRunAfterMs' | 'run'>): PeriodicTask {
  task = new PeriodicTask({ logger: warnings().logger, failure: 'sweep failed', ...opts });
  task.start();
  return task;
}

afterEach(async () => {
  await task?.stop();
  task = undefined;
});

describe('PeriodicTask', () => {
  it('When a run takes longer than the interval, then ticks meanwhile are skipped: never two runs at once', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    started({
      everyMs: 5,
      firstRunAfterMs: 0,
      run: async () => {
        runs += 1;
        active += 1;
        most = Math.max(most, active);
        await sleep(40);
        active -= 1;
      },
    });
    await sleep(200);

    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThanOrEqual(6);
  });

  it('When a run fails, then the failure is logged and the next run goes on', async () => {
    const { seen, logger } = warnings();
    let runs = 0;
    const boom = new Error('store unreachable');
    task = new PeriodicTask({
      everyMs: 10,
      logger,
      failure: 'sweep failed; the next run retries',
      run: async () => {
        runs += 1;
        if (runs === 1) throw boom;
      },
    });
    task.start();
    await sleep(100);

    expect(seen[0]).toEqual({ err: boom, msg: 'sweep failed; the next run retries' });
    expect(seen).toHaveLength(1);
    expect(runs).toBeGreaterThan(1);
  });

  it('When it is stopped during a run, then stop waits for that run and nothing runs after', async () => {
    let runs = 0;
    let finished = 0;
    const sweep = started({
      everyMs: 10,
      firstRunAfterMs: 0,
      run: async () => {
        runs += 1;
        await sleep(50);
        finished += 1;
      },
    });
    await sleep(5);
    await sweep.stop();

    expect(finished).toBe(runs);
    await sleep(60);
    expect(runs).toBe(finished);
    expect(runs).toBe(1);
  });

  it('When a first run is asked for, then it comes after that delay; without one, only after the interval', async () => {
    const runs = { early: 0, plain: 0 };
    const count = (name: keyof typeof runs) => async () => {
      runs[name] += 1;
    };
    const early = new PeriodicTask({
      everyMs: 300,
      firstRunAfterMs: 10,
      logger: warnings().logger,
      failure: 'sweep failed',
      run: count('early'),
    });
    const plain = new PeriodicTask({
      everyMs: 300,
      logger: warnings().logger,
      failure: 'sweep failed',
      run: count('plain'),
    });
    early.start();
    plain.start();
    await sleep(150);
    const before = { ...runs };
    await sleep(270);
    await Promise.all([early.stop(), plain.stop()]);

    expect(before).toEqual({ early: 1, plain: 0 });
    expect(runs).toEqual({ early: 2, plain: 1 });
  });
});
