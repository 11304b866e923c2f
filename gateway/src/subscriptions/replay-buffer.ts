import { cursorExpired, encodeCursor, hubUnavailable } from './cursor.js';

/** One consumed event and the cursor after it. */
export interface BufferedEvent<T> {
  partition: number;
  offset: number;
  item: T;
  /** Where a client resumes after this event: every partition's next offset once it was consumed. */
  cursor: string;
  /** The offsets `cursor` holds. */
  offsets: readonly number[];
  /** Its place in consumption order across partitions. */
  seq: number;
}

export interface Subscriber<T> {
  accepts(item: T): boolean;
  /**
   * `cursor` is this subscriber's own position after the event: the event's cursor, unless the subscriber
   * resumed from a cursor that is ahead of this replica in some partition (then it keeps those offsets, so
   * resuming from it never repeats what it already had).
   */
  deliver(event: BufferedEvent<T>, cursor: string): void;
  /** The buffer's source is gone (the hub failed): the subscriber ends with this retryable error. */
  fail(error: Error): void;
}

interface Registration<T> {
  subscriber: Subscriber<T>;
  /** The next offset this subscriber has not seen, per partition. */
  position: number[];
}

/**
 * The recent events of one topic in the order they were consumed, and the subscribers following it.
 * Resuming from a cursor replays what the buffer holds past it and joins the live stream in the same
 * synchronous step, so nothing falls between the two; a cursor ahead of this replica (another gateway
 * consumed further) simply waits until this one gets there.
 */
export class ReplayBuffer<T> {
  private readonly events: BufferedEvent<T>[][];
  private readonly next: number[];
  /** The oldest offset still replayable, per partition. */
  private readonly firstAvailable: number[];
  private readonly registrations = new Set<Registration<T>>();
  private consumed = 0;

  /** @param start the offset each partition is read from (the prefill's start) */
  constructor(
    readonly topic: string,
    start: readonly number[],
    private readonly perPartition: number,
  ) {
    this.events = start.map(() => []);
    this.next = [...start];
    this.firstAvailable = [...start];
  }

  get partitions(): number {
    return this.next.length;
  }

  /** The cursor of "now": a subscriber starting without one begins here. */
  currentCursor(): string {
    return encodeCursor({ topic: this.topic, offsets: this.next });
  }

  /** The next offset of every partition. */
  nextOffsets(): readonly number[] {
    return this.next;
  }

  /** The oldest offset still replayable, per partition. */
  oldestOffsets(): readonly number[] {
    return this.firstAvailable;
  }

  append(partition: number, offset: number, item: T): void {
    const list = this.events[partition];
    if (!list || offset < (this.next[partition] ?? 0)) return; // a re-read after a rebalance: already buffered and delivered
    this.next[partition] = offset + 1;
    const offsets = [...this.next];
    const cursor = encodeCursor({ topic: this.topic, offsets });
    const event = { partition, offset, item, cursor, offsets, seq: this.consumed++ };
    list.push(event);
    if (list.length > this.perPartition) {
      const dropped = list.shift() as BufferedEvent<T>;
      this.firstAvailable[partition] = dropped.offset + 1;
    }
    for (const registration of this.registrations) this.offer(registration, event);
  }

  /**
   * Delivers what the buffer holds at or past `from` (every partition's next offset; omit it to start now),
   * then every later event, until the returned function is called. Throws CURSOR_EXPIRED when events past
   * `from` are no longer here.
   */
  follow(subscriber: Subscriber<T>, from?: readonly number[]): () => void {
    const position = from ? [...from] : [...this.next];
    if (position.some((offset, p) => offset < (this.firstAvailable[p] ?? 0))) throw cursorExpired();
    const registration = { subscriber, position };
    const replay = this.events
      .flatMap((list, p) => list.filter((e) => e.offset >= (position[p] ?? 0)))
      .sort((a, b) => a.seq - b.seq);
    // Registered first, so a subscriber that fails during its replay is removed again (all in one synchronous step).
    this.registrations.add(registration);
    for (const event of replay) if (this.registrations.has(registration)) this.offer(registration, event);
    return () => this.registrations.delete(registration);
  }

  /** Ends every follower with `error` (its consumer is gone; they resume by cursor on the next buffer). */
  fail(error: Error): void {
    const registrations = [...this.registrations];
    this.registrations.clear();
    for (const registration of registrations) registration.subscriber.fail(error);
  }

  get subscriberCount(): number {
    return this.registrations.size;
  }

  /**
   * Offers one event to one subscriber. A filter or delivery that throws ends that subscriber alone (retryably,
   * it resumes by its last cursor): the event still reaches every other subscriber, and later events too.
   */
  private offer(registration: Registration<T>, event: BufferedEvent<T>): void {
    if (event.offset < (registration.position[event.partition] ?? 0)) return;
    const { position, subscriber } = registration;
    position[event.partition] = event.offset + 1;
    try {
      if (!subscriber.accepts(event.item)) return;
      const same = event.offsets.every((offset, p) => position[p] === offset);
      subscriber.deliver(event, same ? event.cursor : encodeCursor({ topic: this.topic, offsets: position }));
    } catch {
      this.registrations.delete(registration);
      subscriber.fail(hubUnavailable('this subscription failed on an event; subscribe again with your last cursor'));
    }
  }
}
