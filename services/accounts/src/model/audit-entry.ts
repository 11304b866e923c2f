import { type Connection, type Model, Schema } from 'mongoose';

/** A privileged action of the secretariat: the event that carried it (actorrole secretariat), or, for actions
 * that emit no event (API key limits), what accounts recorded itself. */
export interface AuditEntryDocument {
  _id: string;
  time: Date;
  type: string;
  subject: string;
  actor: string;
  economy: string | null;
}

export interface AuditEntryRecord {
  id: string;
  time: Date;
  type: string;
  subject: string;
  actor: string;
  economy: string | null;
}

const auditEntrySchema = new Schema<AuditEntryDocument>(
  {
    _id: { type: String, required: true },
    time: { type: Date, required: true },
    type: { type: String, required: true },
    subject: { type: String, required: true },
    actor: { type: String, required: true },
    economy: { type: String, default: null },
  },
  { collection: 'audit_log', versionKey: false },
);
auditEntrySchema.index({ time: -1, _id: -1 });
auditEntrySchema.index({ actor: 1 });

export type AuditEntryModel = Model<AuditEntryDocument>;

export function auditEntryModel(conn: Connection): AuditEntryModel {
  return (
    (conn.models.AuditEntry as AuditEntryModel | undefined) ??
    conn.model<AuditEntryDocument>('AuditEntry', auditEntrySchema)
  );
}

export const toAuditEntryRecord = (doc: AuditEntryDocument): AuditEntryRecord => ({
  id: doc._id,
  time: doc.time,
  type: doc.type,
  subject: doc.subject,
  actor: doc.actor,
  economy: doc.economy ?? null,
});
