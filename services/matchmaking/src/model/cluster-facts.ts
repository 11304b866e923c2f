import type { AppliedMarker } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** What matchmaking knows about a cluster, kept from registry events (registry owns the profile). */
export interface ClusterFacts {
  id: string;
  economy: string;
  names: { en: string; ru?: string | null; [locale: string]: string | null | undefined };
  status: string;
  specializations: string[];
  region: string | null;
  location: { lat: number; lng: number } | null;
  /** Economies the cluster seeks partners in (the profile's partnership destinations). */
  partnershipDestinations: string[];
  /** Languages of the contacts a signed-in user can reach (PUBLIC and REGISTERED), as given. */
  languages: string[];
  /** When registry last changed the cluster (the time of its latest event). */
  updatedAt: Date | null;
  /** When a manager last confirmed the profile. */
  lastVerifiedAt: Date | null;
}

export interface ClusterFactsDocument {
  _id: string;
  economy: string;
  names: Record<string, string>;
  status: string;
  specializations: string[];
  region: string | null;
  location: { lat: number; lng: number } | null;
  partnershipDestinations?: string[];
  languages?: string[];
  updatedAt?: Date | null;
  lastVerifiedAt?: Date | null;
  applied: AppliedMarker;
}

const clusterFactsSchema = new Schema<ClusterFactsDocument>(
  {
    _id: { type: String, required: true },
    economy: { type: String, required: true },
    names: { type: Object, required: true },
    status: { type: String, required: true },
    specializations: { type: [String], default: [] },
    region: { type: String, default: null },
    location: { type: Object, default: null },
    partnershipDestinations: { type: [String], default: [] },
    languages: { type: [String], default: [] },
    updatedAt: { type: Date, default: null },
    lastVerifiedAt: { type: Date, default: null },
    applied: { type: Object, required: true },
  },
  { collection: 'cluster_facts', versionKey: false, minimize: false },
);
clusterFactsSchema.index({ status: 1, economy: 1 });

export type ClusterFactsModel = Model<ClusterFactsDocument>;

export function clusterFactsModel(conn: Connection): ClusterFactsModel {
  return (
    (conn.models.ClusterFacts as ClusterFactsModel | undefined) ??
    conn.model<ClusterFactsDocument>('ClusterFacts', clusterFactsSchema)
  );
}

const dateOrNull = (value: Date | string | null | undefined) => (value ? new Date(value) : null);

export function toClusterFacts(doc: Omit<ClusterFactsDocument, 'applied'>): ClusterFacts {
  return {
    id: doc._id,
    economy: doc.economy,
    names: doc.names as ClusterFacts['names'],
    status: doc.status,
    specializations: doc.specializations ?? [],
    region: doc.region ?? null,
    location: doc.location ? { lat: doc.location.lat, lng: doc.location.lng } : null,
    partnershipDestinations: doc.partnershipDestinations ?? [],
    languages: doc.languages ?? [],
    updatedAt: dateOrNull(doc.updatedAt),
    lastVerifiedAt: dateOrNull(doc.lastVerifiedAt),
  };
}

/** The stored fields of facts (the document without `_id` and its applied marker). */
export function factsFields(facts: ClusterFacts): Omit<ClusterFactsDocument, '_id' | 'applied'> {
  return {
    economy: facts.economy,
    names: facts.names as Record<string, string>,
    status: facts.status,
    specializations: facts.specializations,
    region: facts.region,
    location: facts.location,
    partnershipDestinations: facts.partnershipDestinations,
    languages: facts.languages,
    updatedAt: facts.updatedAt,
    lastVerifiedAt: facts.lastVerifiedAt,
  };
}

/** Where the facts are kept in memory (the partner index); reads go there first. */
export interface ClusterFactsCache {
  facts(id: string): ClusterFacts | undefined;
  putFacts(facts: ClusterFacts, sequence: number): void;
}

/**
 * Reads that return plain records. They come from the process's in-memory copy (the partner index, kept
 * from the same events); the database is asked only for a cluster this process has not heard of yet.
 */
export class ClusterFactsRepository {
  constructor(
    readonly model: ClusterFactsModel,
    private readonly cache: ClusterFactsCache,
  ) {}

  async byId(id: string): Promise<ClusterFacts | null> {
    const known = this.cache.facts(id);
    if (known) return known;
    const doc = await this.model.findById(id).lean<ClusterFactsDocument>();
    if (!doc) return null;
    const facts = toClusterFacts(doc);
    this.cache.putFacts(facts, doc.applied.sequence);
    return facts;
  }
}
