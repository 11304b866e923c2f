import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/subscriptions/cursor.js';
import { type BufferedEvent, ReplayBuffer } from '../src/subscriptions/replay-buffer.js';

const TOPIC = 'ccp.registry.cluster.v1';

function collector(accepts: (item: string) => boolean = () => true) {
  const got: BufferedEvent<string>[] = [];
  const failures: Error[] = [];
  return {
    got,
    failures,
    subscriber: { accepts, deliver: (e: BufferedEvent<string>) => got.push(e), fail: (err: Error) => failures.push(err) },
  };
}

const offsetsOf = (cursor: string) => decodeCursor(cursor, TOPIC, 3).offsets;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as GraphQLError).extensions?.code as string;
  }
  return undefined;
}

describe('subscription cursors and replay', () => {
  it('When a cursor is encoded and decoded, then it names every partition’s next offset', () => {
    const cursor = encodeCursor({ topic: TOPIC, offsets: [3, 0, 7] });
    expect(decodeCursor(cursor, TOPIC, 3)).toEqual({ topic: TOPIC, offsets: [3, 0, 7] });
  });

  it('When a cursor is malformed, of another topic or of another partition count, then BAD_USER_INPUT names after', () => {
    const other = encodeCursor({ topic: 'ccp.economies.kpi.v1', offsets: [0, 0, 0] });
    for (const bad of ['nope', 'c1.!!!', other, encodeCursor({ topic: TOPIC, offsets: [1, 2] }), encodeCursor({ topic: TOPIC, offsets: [1, -2, 0] })]) {
      try {
        decodeCursor(bad, TOPIC, 3);
        expect.unreachable(`accepted ${bad}`);
      } catch (err) {
        expect((err as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      }
    }
  });

  it('When a subscriber resumes from an event’s cursor, then it gets exactly the later events, then live ones, in order', () => {
    const buffer = new ReplayBuffer<string>(TOPIC, [0, 0, 0], 100);
    const first = collector();
    buffer.follow(first.subscriber);
    buffer.append(0, 0, 'a');
    buffer.append(1, 0, 'b');
    buffer.append(0, 1, 'c');
    buffer.append(2, 0, 'd');
    const afterB = first.got[1]?.cursor ?? '';

    const resumed = collector();
    buffer.follow(resumed.subscriber, offsetsOf(afterB));
    buffer.append(1, 1, 'e');
    expect(resumed.got.map((e) => e.item)).toEqual(['c', 'd', 'e']);
    expect(first.got.map((e) => e.item)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('When one subscriber’s filter throws, then it alone ends with SERVICE_UNAVAILABLE and the others get that event and later ones', () => {
    const buffer = new ReplayBuffer<string>(TOPIC, [0, 0, 0], 100);
    const before = collector();
    const broken = collector((item) => {
      if (item === 'bad') throw new TypeError('filter bug');
      return true;
    });
    const after = collector();
    buffer.follow(before.subscriber);
    buffer.follow(broken.subscriber);
    buffer.follow(after.subscriber);
    buffer.append(0, 0, 'a');
    buffer.append(0, 1, 'bad');
    buffer.append(1, 0, 'b');
    expect(before.got.map((e) => e.item)).toEqual(['a', 'bad', 'b']);
    expect(after.got.map((e) => e.item)).toEqual(['a', 'bad', 'b']);
    expect(broken.got.map((e) => e.item)).toEqual(['a']);
    expect(broken.failures.map((e) => (e as GraphQLError).extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(buffer.subscriberCount).toBe(2);

    // The same during a replay: the subscriber is not left registered.
    const replaying = collector((item) => {
      if (item === 'bad') throw new TypeError('filter bug');
      return true;
    });
    buffer.follow(replaying.subscriber, [0, 0, 0]);
    expect(replaying.got.map((e) => e.item)).toEqual(['a']);
    expect(replaying.failures).toHaveLength(1);
    expect(buffer.subscriberCount).toBe(2);
  });

  it('When an event is consumed twice (a rebalance re-read), then subscribers get it once', () => {
    const buffer = new ReplayBuffer<string>(TOPIC, [0, 0, 0], 100);
    const sub = collector();
    buffer.follow(sub.subscriber);
    buffer.append(0, 0, 'a');
    buffer.append(0, 0, 'a');
    expect(sub.got).toHaveLength(1);
  });

  it('When a cursor is ahead of this replica, then events up to it are not delivered again', () => {
    const buffer = new ReplayBuffer<string>(TOPIC, [0, 0, 0], 100);
    const sub = collector();
    buffer.follow(sub.subscriber, [2, 0, 0]);
    buffer.append(0, 0, 'old');
    buffer.append(0, 1, 'old');
    buffer.append(0, 2, 'new');
    expect(sub.got.map((e) => e.item)).toEqual(['new']);
  });

  it('When the events past a cursor were dropped from the buffer, then resuming is refused with CURSOR_EXPIRED', () => {
    const buffer = new ReplayBuffer<string>(TOPIC, [5, 0, 0], 2);
    expect(codeOf(() => buffer.follow(collector().subscriber, [4, 0, 0]))).toBe('CURSOR_EXPIRED');
    buffer.append(0, 5, 'a');
    buffer.append(0, 6, 'b');
    buffer.append(0, 7, 'c');
    expect(codeOf(() => buffer.follow(collector().subscriber, [5, 0, 0]))).toBe('CURSOR_EXPIRED');
    const sub = collector();
    buffer.follow(sub.subscriber, [6, 0, 0]);
    expect(sub.got.map((e) => e.item)).toEqual(['b', 'c']);
  });

  it('When a subscriber filters, then skipped events still advance its cursor and later cursors resume past them', () => {
    const buffer = new ReplayBuffer<string>(TOPIC, [0, 0, 0], 100);
    const onlyX = collector((item) => item.startsWith('x'));
    buffer.follow(onlyX.subscriber);
    buffer.append(0, 0, 'x1');
    buffer.append(0, 1, 'y');
    buffer.append(0, 2, 'x2');
    expect(onlyX.got.map((e) => e.item)).toEqual(['x1', 'x2']);
    expect(offsetsOf(onlyX.got[1]?.cursor ?? '')).toEqual([3, 0, 0]);
  });

  it('When a subscriber stops following, then it gets nothing more', () => {
    const buffer = new ReplayBuffer<string>(TOPIC, [0, 0, 0], 100);
    const sub = collector();
    const stop = buffer.follow(sub.subscriber);
    buffer.append(0, 0, 'a');
    stop();
    buffer.append(0, 1, 'b');
    expect(sub.got).toHaveLength(1);
    expect(buffer.subscriberCount).toBe(0);
    expect(offsetsOf(buffer.currentCursor())).toEqual([2, 0, 0]);
  });

  it('When the buffer fails, then every follower gets the error once and nothing more', () => {
    const buffer = new ReplayBuffer<string>(TOPIC, [0, 0, 0], 100);
    const first = collector();
    const second = collector();
    buffer.follow(first.subscriber);
    buffer.follow(second.subscriber);
    buffer.append(0, 0, 'a');
    const lost = new Error('consumer gone');
    buffer.fail(lost);
    buffer.append(0, 1, 'b');
    expect([first.failures, second.failures]).toEqual([[lost], [lost]]);
    expect(first.got.map((e) => e.item)).toEqual(['a']);
    expect(buffer.subscriberCount).toBe(0);
  });
});
