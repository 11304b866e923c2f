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

export interface DeliveryRecord {
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
  status: DeliveryStatus;
  attempts: AttemptRecord[];
  createdAt: Date;
  /** Start of the retry window: the first attempt, or the last replay. */
  windowStart: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

type DeliveryDocument = Omit<DeliveryRecord, 'id'> & { _id: string };

/** A due delivery, kept apart from the log so that a restart reads only what is still to send. */
export interface PendingDocument {
  _id: string;
  endpointId: string;
  dueAt: Date;
}

const toRecord = ({ _id, ...rest }: DeliveryDocument): DeliveryRecord => ({ id: _id, ...rest });

export class DeliveryStore {
  constructor(
    readonly deliveries: Collection<DeliveryDocument>,
    readonly pending: Collection<PendingDocument>,
  ) {}

  static of(conn: Connection): DeliveryStore {
    return new DeliveryStore(
      conn.collection<DeliveryDocument>('webhook_deliveries'),
      conn.collection<PendingDocument>('webhook_pending'),
    );
  }

  async init(): Promise<void> {
    await this.deliveries.createIndex({ endpointId: 1, createdAt: -1 });
  }

  async byId(id: string): Promise<DeliveryRecord | null> {
    const doc = await this.deliveries.findOne({ _id: id });
    return doc ? toRecord(doc) : null;
  }

  /**
   * Stores new deliveries: first their due entries, then the log records (each insert ignores ids already
   * stored). A crash between the two leaves a due entry whose delivery is re-created when Kafka redelivers
   * the event; a due entry without a pending delivery is dropped by the dispatcher.
   */
  async insertNew(records: DeliveryRecord[]): Promise<DeliveryRecord[]> {
    if (records.length === 0) return [];
    await insertNew(
      this.pending as unknown as Collection,
      records.map((r) => ({ _id: r.id, endpointId: r.endpointId, dueAt: r.nextAttemptAt ?? r.createdAt })),
    );
    const dup = await insertNew(
      this.deliveries as unknown as Collection,
      records.map(({ id, ...rest }) => ({ _id: id, ...rest })),
    );
    return records.filter((_, i) => !dup.has(i));
  }

  async allPending(): Promise<PendingDocument[]> {
    return this.pending.find({}).toArray();
  }

  async setPending(id: string, endpointId: string, dueAt: Date): Promise<void> {
    await this.pending.replaceOne({ _id: id }, { endpointId, dueAt }, { upsert: true });
  }

  async dropPending(id: string): Promise<void> {
    await this.pending.deleteOne({ _id: id });
  }

  async save(record: DeliveryRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.deliveries.replaceOne({ _id: id }, rest);
  }

  /** An endpoint's log, newest first, from a (createdAt, id) position. */
  async page(
    endpointId: string,
    status: DeliveryStatus | null,
    first: number,
    after: { createdAt: Date; id: string } | null,
  ): Promise<DeliveryRecord[]> {
    const filter: Record<string, unknown> = { endpointId };
    if (status) filter.status = status;
    if (after) {
      filter.$or = [
        { createdAt: { $lt: after.createdAt } },
        { createdAt: after.createdAt, _id: { $lt: after.id } },
      ];
    }
    const docs = await this.deliveries
      .find(filter as never)
      .sort({ createdAt: -1, _id: -1 })
      .limit(first)
      .toArray();
    return docs.map(toRecord);
  }

  async inWindow(endpointId: string, from: Date, to: Date): Promise<DeliveryRecord[]> {
    const docs = await this.deliveries
      .find({ endpointId, createdAt: { $gte: from, $lt: to } } as never)
      .toArray();
    return docs.map(toRecord);
  }

  async removeOfEndpoints(endpointIds: string[]): Promise<void> {
    if (endpointIds.length === 0) return;
    await this.pending.deleteMany({ endpointId: { $in: endpointIds } } as never);
    await this.deliveries.deleteMany({ endpointId: { $in: endpointIds } } as never);
  }
}
