import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';
import type { KeyMember } from './cluster.js';

/** The published-cluster criteria a search was saved with (status is always published). */
export interface SavedFilter {
  economies: string[];
  specializations: string[];
  memberTypes: KeyMember['type'][];
  internationalMembership: boolean | null;
  foundedFrom: number | null;
  foundedTo: number | null;
  text: string | null;
}

export interface SavedSearchRecord {
  id: string;
  owner: string;
  name: string;
  filter: SavedFilter;
  notify: boolean;
  createdAt: Date;
  lastNotifiedAt: Date | null;
}

/** The clusters a search already notified about are remembered (the newest ones), so none is told twice. */
export const NOTIFIED_LIMIT = 500;

export interface SavedSearchDocument {
  _id: string;
  owner: string;
  name: string;
  filter: SavedFilter;
  notify: boolean;
  createdAt: Date;
  lastNotifiedAt: Date | null;
  notified: string[];
  version: number;
  outbox: CloudEvent[];
}

const savedSearchSchema = new Schema<SavedSearchDocument>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true, index: true },
    name: { type: String, required: true },
    filter: { type: Object, required: true },
    notify: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    lastNotifiedAt: { type: Date, default: null },
    notified: { type: [String], default: [] },
    ...outboxSchemaFields,
  },
  { collection: 'saved_searches', versionKey: false, minimize: false },
);

export type SavedSearchModel = Model<SavedSearchDocument>;

export function savedSearchModel(conn: Connection): SavedSearchModel {
  return (
    (conn.models.SavedSearch as SavedSearchModel | undefined) ??
    conn.model<SavedSearchDocument>('SavedSearch', savedSearchSchema)
  );
}

export const toSavedSearchRecord = (d: SavedSearchDocument): SavedSearchRecord => ({
  id: d._id,
  owner: d.owner,
  name: d.name,
  filter: d.filter,
  notify: d.notify,
  createdAt: d.createdAt,
  lastNotifiedAt: d.lastNotifiedAt ?? null,
});
