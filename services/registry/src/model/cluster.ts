import { type Connection, type Model, Schema } from 'mongoose';
import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import type { ClusterLogoFacts } from './cluster-logo.js';

export const CLUSTER_STATUSES = ['draft', 'submitted', 'published', 'returned', 'archived'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** How a cluster came to the platform; imported and seeded ones are claimable until someone manages them. */
export const CLUSTER_ORIGINS = ['registered', 'imported', 'seeded'] as const;
export type ClusterOrigin = (typeof CLUSTER_ORIGINS)[number];

/** Why a profile went back to its managers; `returnedBy` is a user id (erased with the user). */
export interface ClusterReturn {
  comments: string;
  returnedAt: Date;
  returnedBy: string;
}

/** A text by BCP-47 tag. */
export type Texts = Record<string, string>;

export interface KeyMember {
  name: string;
  type: 'LARGE_COMPANY' | 'SME' | 'RESEARCH_INSTITUTE' | 'UNIVERSITY' | 'PUBLIC_BODY' | 'OTHER';
  role: string | null;
}

export interface ClusterContact {
  name: string;
  position: string | null;
  email: string | null;
  phone: string | null;
  languages: string[];
  visibility: 'PUBLIC' | 'REGISTERED' | 'HIDDEN';
}

export interface SuccessStory {
  title: Texts;
  summary: Texts | null;
  year: number | null;
  partnerEconomies: string[];
  international: boolean;
}

/** The optional profile sections (About, Management, International cooperation, Success stories, Contacts, facts). */
export interface ClusterProfile {
  statusLabel: Texts | null;
  mission: Texts | null;
  keyMembers: KeyMember[];
  productsAndServices: Texts | null;
  internationalMemberships: { name: string; url: string | null }[];
  management: { name: string; structure: Texts | null; services: Texts | null } | null;
  partnershipDestinations: string[];
  successStories: SuccessStory[];
  contacts: ClusterContact[];
  founded: number | null;
  website: string | null;
  employees: number | null;
  memberCount: number | null;
}

/** One line of a profile's history: who did what when. */
export interface HistoryEntry {
  at: Date;
  actor: string;
  actorRole: string;
  action:
    | 'registered'
    | 'updated'
    | 'submitted'
    | 'published'
    | 'returned'
    | 'archived'
    | 'verified'
    | 'claimed';
  changedFields: string[];
}

/** At most this many history entries are kept in the document, the newest. */
export const HISTORY_LIMIT = 100;

/** A cluster as the rest of the service sees it: a plain object, never a mongoose document. */
export interface ClusterRecord extends ClusterProfile {
  id: string;
  origin: ClusterOrigin;
  slug: string;
  completeness: number;
  lastVerifiedAt: Date | null;
  archivedAt: Date | null;
  /** The current logo's facts (its bytes are in cluster_logos); null or absent without one. */
  logo?: ClusterLogoFacts | null;
  history: HistoryEntry[];
  names: { en: string; ru?: string | null; [locale: string]: string | null | undefined };
  economyCode: string;
  region: string | null;
  location: { lat: number; lng: number } | null;
  specializations: string[];
  status: ClusterStatus;
  version: number;
  createdAt: Date;
  publishedAt: Date | null;
  registeredBy: string;
  lastReturn: ClusterReturn | null;
  /** Who manages it after their claim was approved, and when; null until a claim is approved. */
  claimedBy: string | null;
  claimedAt: Date | null;
  /** When its managers were last reminded that the published profile is stale. */
  staleReminderAt: Date | null;
}

export interface ClusterDocument extends ClusterProfile {
  _id: string;
  origin?: ClusterOrigin;
  slug: string;
  completeness: number;
  lastVerifiedAt: Date | null;
  archivedAt: Date | null;
  archiveReason?: string | null;
  logo?: ClusterLogoFacts | null;
  history: HistoryEntry[];
  names: Record<string, string>;
  economyCode: string;
  region: string | null;
  location: { lat: number; lng: number } | null;
  specializations: string[];
  status: ClusterStatus;
  createdAt: Date;
  publishedAt: Date | null;
  registeredBy: string;
  lastReturn?: ClusterReturn | null;
  claimedBy?: string | null;
  claimedAt?: Date | null;
  /** The approved claim (a crash between the cluster's write and the claim's is finished on the next try). */
  claimId?: string | null;
  staleReminderAt?: Date | null;
  version: number;
  outbox: CloudEvent[];
}

const clusterSchema = new Schema<ClusterDocument>(
  {
    _id: { type: String, required: true },
    origin: { type: String, enum: CLUSTER_ORIGINS, default: 'registered' },
    names: { type: Object, required: true },
    economyCode: { type: String, required: true, index: true },
    region: { type: String, default: null },
    location: { type: Object, default: null },
    specializations: { type: [String], default: [] },
    status: { type: String, enum: CLUSTER_STATUSES, required: true, index: true },
    createdAt: { type: Date, required: true },
    publishedAt: { type: Date, default: null },
    registeredBy: { type: String, required: true },
    claimedBy: { type: String, default: null },
    claimedAt: { type: Date, default: null },
    claimId: { type: String, default: null },
    staleReminderAt: { type: Date, default: null },
    lastReturn: { type: Object, default: null },
    slug: { type: String, required: true, unique: true },
    statusLabel: { type: Object, default: null },
    mission: { type: Object, default: null },
    keyMembers: { type: [Object], default: [] },
    productsAndServices: { type: Object, default: null },
    internationalMemberships: { type: [Object], default: [] },
    management: { type: Object, default: null },
    partnershipDestinations: { type: [String], default: [] },
    successStories: { type: [Object], default: [] },
    contacts: { type: [Object], default: [] },
    founded: { type: Number, default: null },
    website: { type: String, default: null },
    employees: { type: Number, default: null },
    memberCount: { type: Number, default: null },
    completeness: { type: Number, default: 0 },
    lastVerifiedAt: { type: Date, default: null },
    archivedAt: { type: Date, default: null },
    archiveReason: { type: String, default: null },
    logo: { type: Object, default: null },
    history: { type: [Object], default: [] },
    ...outboxSchemaFields,
  },
  // Indexes are built by createServer after older documents got their slugs (a unique index needs them).
  { collection: 'clusters', versionKey: false, minimize: false, autoIndex: false },
);

export type ClusterModel = Model<ClusterDocument>;

export function clusterModel(conn: Connection): ClusterModel {
  return (
    (conn.models.Cluster as ClusterModel | undefined) ?? conn.model<ClusterDocument>('Cluster', clusterSchema)
  );
}

export function toClusterRecord(doc: ClusterDocument): ClusterRecord {
  return {
    id: doc._id,
    origin: doc.origin ?? 'registered',
    slug: doc.slug,
    statusLabel: doc.statusLabel ?? null,
    mission: doc.mission ?? null,
    keyMembers: doc.keyMembers ?? [],
    productsAndServices: doc.productsAndServices ?? null,
    internationalMemberships: doc.internationalMemberships ?? [],
    management: doc.management ?? null,
    partnershipDestinations: doc.partnershipDestinations ?? [],
    successStories: doc.successStories ?? [],
    contacts: doc.contacts ?? [],
    founded: doc.founded ?? null,
    website: doc.website ?? null,
    employees: doc.employees ?? null,
    memberCount: doc.memberCount ?? null,
    completeness: doc.completeness ?? 0,
    lastVerifiedAt: doc.lastVerifiedAt ?? null,
    archivedAt: doc.archivedAt ?? null,
    logo: doc.logo ?? null,
    history: doc.history ?? [],
    names: doc.names as ClusterRecord['names'],
    economyCode: doc.economyCode,
    region: doc.region ?? null,
    location: doc.location ? { lat: doc.location.lat, lng: doc.location.lng } : null,
    specializations: doc.specializations ?? [],
    status: doc.status,
    version: doc.version,
    createdAt: doc.createdAt,
    publishedAt: doc.publishedAt ?? null,
    registeredBy: doc.registeredBy,
    claimedBy: doc.claimedBy ?? null,
    claimedAt: doc.claimedAt ?? null,
    staleReminderAt: doc.staleReminderAt ?? null,
    lastReturn: doc.lastReturn
      ? {
          comments: doc.lastReturn.comments,
          returnedAt: doc.lastReturn.returnedAt,
          returnedBy: doc.lastReturn.returnedBy,
        }
      : null,
  };
}
