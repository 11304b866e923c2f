import type { Caller } from '@ccp/kit';
import type { Collection, Connection } from 'mongoose';

export type EndpointStatus = 'ACTIVE' | 'PAUSED' | 'DISABLED';

export interface FilterRecord {
  economies: string[];
  specializations: string[];
  clusterIds: string[];
}

export interface SecretRecord {
  secret: string;
  createdAt: Date;
  /** null while it is the current secret; set when a rotation replaced it. */
  expiresAt: Date | null;
}

export interface EndpointRecord {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  filter: FilterRecord;
  status: EndpointStatus;
  disabledReason: string | null;
  owner: string;
  ownerKind: Caller['kind'];
  /** The owner's grants when it last saved the endpoint: which drafts' events it may receive. */
  ownerGrants: Caller['grants'];
  secrets: SecretRecord[];
  createdAt: Date;
  updatedAt: Date;
}

type EndpointDocument = Omit<EndpointRecord, 'id'> & { _id: string };

const toRecord = ({ _id, ...rest }: EndpointDocument): EndpointRecord => ({ id: _id, ...rest });

/**
 * Endpoints are few (at most 20 per owner): all of them are kept in memory, read once at start and written
 * through on every change, so matching an event never reads the database (docs/decisions.md §27).
 */
export class EndpointStore {
  private readonly byId = new Map<string, EndpointRecord>();

  constructor(private readonly collection: Collection<EndpointDocument>) {}

  static of(conn: Connection): EndpointStore {
    return new EndpointStore(conn.collection<EndpointDocument>('webhook_endpoints'));
  }

  async load(): Promise<void> {
    this.byId.clear();
    for (const doc of await this.collection.find({}).toArray()) this.byId.set(doc._id, toRecord(doc));
  }

  get(id: string): EndpointRecord | undefined {
    return this.byId.get(id);
  }

  all(): EndpointRecord[] {
    return [...this.byId.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  ownedBy(owner: string): EndpointRecord[] {
    return this.all().filter((e) => e.owner === owner);
  }

  async insert(record: EndpointRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.collection.insertOne({ _id: id, ...rest });
    this.byId.set(id, record);
  }

  /** Saves the whole record (one `_id` write) and keeps the copy in memory. */
  async save(record: EndpointRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.collection.replaceOne({ _id: id }, rest);
    this.byId.set(id, record);
  }

  async remove(id: string): Promise<void> {
    await this.collection.deleteOne({ _id: id });
    this.byId.delete(id);
  }
}
