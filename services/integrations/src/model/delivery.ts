import { insertNew } from '@ccp/kit';
import type { Collection, Connection } from 'mongoose';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

export interface AttemptRecord {
  at: Date;
  httpStatus: number | null;
  durationMs: number;
  error: string | null;
  nextAttemptAt: Date | null;
}

/** What a delivery's journal says now: its status and what the retries need (decision §32). */
export interface DeliveryState {
  status: DeliveryStatus;
  /** Start of the retry window: the first attempt, or the first after the last replay; null until then. */
  windowStart: Date | null;
  /** Failed attempts since `windowStart` (the next back-off is counted from it). */
  windowFailures: number;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  /** Journal entries written so far (the next one is `seq + 1`). */
  seq: number;
}

export interface DeliveryRecord extends DeliveryState {
  /** derivedUuid(event id, endpoint id): a redelivered event makes no second delivery. */
  id: string;
  endpointId: string;
  owner: string;
  eventId: string;
  eventType: string;
  subject: string;
  /** The event's time, for the event-to-delivery latency. */
  eventTime: Date;
  /** The CloudEvent JSON exactly as on Kafka. */
  payload: string;
  attempts: AttemptRecord[];
  createdAt: Date;
}

/**
 * A delivery as inserted once, never updated. Documents written before §32 also carry the state their last
 * attempt left (status, attempts, windowStart, nextAttemptAt, deliveredAt): that is the base the journal's
 * entries (none for those) apply to; a new one holds the state at creation (PENDING, no attempts).
 */
type DeliveryDocument = Omit<DeliveryRecord, 'id' | 'seq' | 'windowFailures'> & { _id: string };

/**
 * One entry of a delivery's journal (`webhook_attempts`), inserted and never changed: an attempt or a replay,
 * with the state it leaves. The id is `<delivery id>:<n>`, n = 1, 2, …, so a delivery's entries are read by `_id`
 * alone and a second writer of the same entry gets a duplicate key instead of a fork.
 */
export interface JournalDocument extends Omit<DeliveryState, 'seq'> {
  _id: string;
  deliveryId: string;
  endpointId: string;
  seq: number;
  kind: 'attempt' | 'replay';
  /** The attempt's start, or the replay's time. */
  at: Date;
  /** The attempt's answer (attempts only). */
  attempt: AttemptRecord | null;
}

/** The legacy due list (before §32): no longer written or read; emptied with its endpoints' deliveries. */
interface LegacyPendingDocument {
  _id: string;
  endpointId: string;
  dueAt: Date;
}

interface WriteError {
  index: number;
  code: number;
  errmsg?: string;
}

/** At most this many journal entries in one insert. */
const MAX_APPEND_BATCH = 500;

export const journalId = (deliveryId: string, seq: number) => `${deliveryId}:${seq}`;

/** The state a delivery document holds by itself (a new one: PENDING, nothing tried; an old one: its last save). */
function baseState(doc: DeliveryDocument): DeliveryState {
  const windowStart = doc.windowStart ?? null;
  const attempts = doc.attempts ?? [];
  return {
    status: doc.status ?? 'PENDING',
    windowStart,
    windowFailures:
      doc.status === 'PENDING' && windowStart ? attempts.filter((a) => a.at >= windowStart).length : 0,
    nextAttemptAt: doc.nextAttemptAt ?? null,
    deliveredAt: doc.deliveredAt ?? null,
    seq: 0,
  };
}

/** A delivery's record: its document, then its journal's entries in order (the last one's state wins). */
export function resolve(doc: DeliveryDocument, journal: JournalDocument[]): DeliveryRecord {
  const {
    _id,
    status: _s,
    windowStart: _w,
    nextAttemptAt: _n,
    deliveredAt: _d,
    attempts = [],
    ...rest
  } = doc;
  let state = baseState(doc);
  const all = [...attempts];
  for (const j of [...journal].sort((a, b) => a.seq - b.seq)) {
    if (j.attempt) all.push(j.attempt);
    state = {
      status: j.status,
      windowStart: j.windowStart,
      windowFailures: j.windowFailures,
      nextAttemptAt: j.nextAttemptAt,
      deliveredAt: j.deliveredAt,
      seq: j.seq,
    };
  }
  return { id: _id, ...rest, ...state, attempts: all };
}

/** What the dispatcher needs of a pending delivery after a restart. */
export interface PendingState extends DeliveryState {
  id: string;
  endpointId: string;
  createdAt: Date;
}

const STATE_FIELDS = { status: 1, windowStart: 1, nextAttemptAt: 1, deliveredAt: 1 };

/**
 * The delivery log (`webhook_deliveries`, a document per delivery, inserted once) and its journal
 * (`webhook_attempts`, a document per attempt or replay, inserted once). Nothing on the delivery path updates
 * or deletes: FerretDB's SQLite backend answers every update and delete by scanning the collection, but a
 * `findOne({_id})` or an insert by its `_id` index (decisions §18, §32).
 */
export class DeliveryStore {
  constructor(
    readonly deliveries: Collection<DeliveryDocument>,
    readonly journal: Collection<JournalDocument>,
    readonly legacyPending: Collection<LegacyPendingDocument>,
  ) {}

  static of(conn: Connection): DeliveryStore {
    return new DeliveryStore(
      conn.collection<DeliveryDocument>('webhook_deliveries'),
      conn.collection<JournalDocument>('webhook_attempts'),
      conn.collection<LegacyPendingDocument>('webhook_pending'),
    );
  }

  async init(): Promise<void> {
    await this.deliveries.createIndex({ endpointId: 1, createdAt: -1 });
  }

  /** A delivery's journal, read by `_id` one entry after another until the first missing one. */
  async journalOf(deliveryId: string, after = 0): Promise<JournalDocument[]> {
    const out: JournalDocument[] = [];
    for (let seq = after + 1; ; seq++) {
      const doc = await this.journal.findOne({ _id: journalId(deliveryId, seq) });
      if (!doc) return out;
      out.push(doc);
    }
  }

  private async resolveAll(docs: DeliveryDocument[]): Promise<DeliveryRecord[]> {
    return Promise.all(docs.map(async (d) => resolve(d, await this.journalOf(d._id))));
  }

  async byId(id: string): Promise<DeliveryRecord | null> {
    const doc = await this.deliveries.findOne({ _id: id });
    return doc ? resolve(doc, await this.journalOf(id)) : null;
  }

  /** The payload and identity of a delivery (what an attempt sends); its state is the dispatcher's. */
  async document(id: string): Promise<DeliveryDocument | null> {
    return this.deliveries.findOne({ _id: id });
  }

  /** Stores new deliveries (one unordered insert; ids already stored are left alone) and returns those created. */
  async insertNew(records: DeliveryRecord[]): Promise<DeliveryRecord[]> {
    if (records.length === 0) return [];
    const dup = await insertNew(
      this.deliveries as unknown as Collection,
      records.map(({ id, seq: _, windowFailures: __, ...rest }) => ({ _id: id, ...rest })),
    );
    return records.filter((_, i) => !dup.has(i));
  }

  /**
   * Appends an entry to a delivery's journal; a duplicate key (the entry exists) rejects with code 11000.
   * Entries appended while an insert is on its way go together in the next one (one unordered insertMany):
   * on one FerretDB connection an insert of many documents costs little more than an insert of one.
   */
  append(entry: JournalDocument): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ entry, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private readonly queued: { entry: JournalDocument; resolve(): void; reject(err: unknown): void }[] = [];
  private flushing = false;

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queued.length) {
      const batch = this.queued.splice(0, MAX_APPEND_BATCH);
      try {
        await this.journal.insertMany(
          batch.map((b) => b.entry),
          { ordered: false },
        );
        for (const b of batch) b.resolve();
      } catch (err) {
        const raw = (err as { writeErrors?: WriteError | WriteError[] }).writeErrors;
        const errors = Array.isArray(raw) ? raw : raw ? [raw] : null;
        if (!errors) {
          for (const b of batch) b.reject(err);
          continue;
        }
        const failed = new Map(errors.map((e) => [e.index, e]));
        batch.forEach((b, i) => {
          const e = failed.get(i);
          if (e) b.reject(Object.assign(new Error(e.errmsg ?? 'journal insert failed'), { code: e.code }));
          else b.resolve();
        });
      }
    }
    this.flushing = false;
  }

  /**
   * Every pending delivery with its state, for the dispatcher's start: one read of the journal and one of the
   * log (only the fields the state needs), each a scan once per start.
   */
  async allPending(): Promise<PendingState[]> {
    const last = new Map<string, JournalDocument>();
    const entries = this.journal.find({}, { projection: { attempt: 0 } });
    for await (const j of entries) {
      const known = last.get(j.deliveryId);
      if (!known || known.seq < j.seq) last.set(j.deliveryId, j);
    }
    const out: PendingState[] = [];
    const docs = this.deliveries.find(
      {},
      { projection: { endpointId: 1, createdAt: 1, ...STATE_FIELDS, attempts: 1 } },
    );
    for await (const d of docs) {
      const j = last.get(d._id);
      const state = j ? resolve(d as DeliveryDocument, [j]) : resolve(d as DeliveryDocument, []);
      if (state.status !== 'PENDING') continue;
      out.push({
        id: d._id,
        endpointId: d.endpointId,
        createdAt: d.createdAt,
        status: state.status,
        windowStart: state.windowStart,
        windowFailures: state.windowFailures,
        nextAttemptAt: state.nextAttemptAt,
        deliveredAt: state.deliveredAt,
        seq: state.seq,
      });
    }
    return out;
  }

  /**
   * An endpoint's log, newest first, from a (createdAt, id) position, with each delivery's state from its
   * journal. The status is the journal's, so a status filter reads the log in order until the page is full.
   */
  async page(
    endpointId: string,
    status: DeliveryStatus | null,
    first: number,
    after: { createdAt: Date; id: string } | null,
  ): Promise<DeliveryRecord[]> {
    const filter: Record<string, unknown> = { endpointId };
    if (after) {
      filter.$or = [
        { createdAt: { $lt: after.createdAt } },
        { createdAt: after.createdAt, _id: { $lt: after.id } },
      ];
    }
    const cursor = this.deliveries
      .find(filter as never)
      .sort({ createdAt: -1, _id: -1 })
      .batchSize(Math.max(first, 20));
    if (!status) return this.resolveAll(await cursor.limit(first).toArray());
    const out: DeliveryRecord[] = [];
    let chunk: DeliveryDocument[] = [];
    const take = async () => {
      for (const r of await this.resolveAll(chunk))
        if (r.status === status && out.length < first) out.push(r);
      chunk = [];
    };
    try {
      for await (const doc of cursor) {
        chunk.push(doc);
        if (chunk.length >= first) await take();
        if (out.length >= first) break;
      }
      if (out.length < first) await take();
    } finally {
      await cursor.close();
    }
    return out;
  }

  async inWindow(endpointId: string, from: Date, to: Date): Promise<DeliveryRecord[]> {
    const docs = await this.deliveries
      .find({ endpointId, createdAt: { $gte: from, $lt: to } } as never)
      .toArray();
    return this.resolveAll(docs);
  }

  async removeOfEndpoints(endpointIds: string[]): Promise<void> {
    if (endpointIds.length === 0) return;
    const filter = { endpointId: { $in: endpointIds } } as never;
    await this.deliveries.deleteMany(filter);
    await this.journal.deleteMany(filter);
    await this.legacyPending.deleteMany(filter);
  }
}
