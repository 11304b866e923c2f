import { type Connection, type Model, Schema } from 'mongoose';

export const PUBLICATION_KINDS = ['NEWS', 'RESEARCH', 'POLICY_REVIEW'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];
export const PUBLICATION_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** A news item, research paper or cluster policy review for the home page and the economy pages. */
export interface PublicationDocument {
  _id: string;
  kind: PublicationKind;
  title: string;
  summary: string | null;
  /** Markdown, stored as typed (at most 100 KB). */
  body: string;
  /** BCP-47 tag, canonical. */
  language: string;
  /** Tags: economy codes, cluster ids, specialization codes. */
  economies: string[];
  clusterIds: string[];
  specializations: string[];
  status: PublicationStatus;
  publishedAt: Date | null;
  /** What lists sort by, newest first: the publication date, else when it was created. */
  sortAt: Date;
  createdAt: Date;
  /** User ids (`erased-user` once the user is erased); never shown. */
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  version: number;
}

export interface PublicationRecord {
  id: string;
  kind: PublicationKind;
  title: string;
  summary: string | null;
  body: string;
  language: string;
  economies: string[];
  clusterIds: string[];
  specializations: string[];
  status: PublicationStatus;
  publishedAt: string | null;
  sortAt: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const publicationSchema = new Schema<PublicationDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    summary: { type: String, default: null },
    body: { type: String, required: true },
    language: { type: String, required: true },
    economies: { type: [String], default: () => [] },
    clusterIds: { type: [String], default: () => [] },
    specializations: { type: [String], default: () => [] },
    status: { type: String, required: true },
    publishedAt: { type: Date, default: null },
    sortAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'publications', versionKey: false, minimize: false },
);
publicationSchema.index({ status: 1, sortAt: -1 });

export type PublicationModel = Model<PublicationDocument>;

export function publicationModel(conn: Connection): PublicationModel {
  return (
    (conn.models.Publication as PublicationModel | undefined) ??
    conn.model<PublicationDocument>('Publication', publicationSchema)
  );
}

const iso = (d: Date) => new Date(d).toISOString();

export const toPublicationRecord = (d: PublicationDocument): PublicationRecord => ({
  id: d._id,
  kind: d.kind,
  title: d.title,
  summary: d.summary ?? null,
  body: d.body,
  language: d.language,
  economies: d.economies ?? [],
  clusterIds: d.clusterIds ?? [],
  specializations: d.specializations ?? [],
  status: d.status,
  publishedAt: d.publishedAt ? iso(d.publishedAt) : null,
  sortAt: iso(d.sortAt),
  createdAt: iso(d.createdAt),
  updatedAt: iso(d.updatedAt),
  version: d.version,
});
