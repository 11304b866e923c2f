import { type Connection, type Model, Schema } from 'mongoose';
import type { TimeWindow } from './meeting.js';

/** DESIGN.md's value lists, as the events spell them. */
export const GENDERS = ['female', 'male', 'other', 'prefer-not-to-say'] as const;
export type Gender = (typeof GENDERS)[number];
export const PARTICIPANT_SECTORS = ['public', 'private', 'academia', 'other'] as const;
export type ParticipantSector = (typeof PARTICIPANT_SECTORS)[number];

/**
 * pending: stored, seat not yet taken (a registration in progress, or one a crash interrupted: retrying completes
 * it); registered: holds a seat; cancelled: gave it back.
 */
export const PARTICIPANT_STATUSES = ['pending', 'registered', 'cancelled'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export interface Consent {
  /** Always true: without consent nothing is stored. */
  given: true;
  at: Date;
  /** The version of the consent text the participant agreed to. */
  textVersion: string;
}

/** A registration for a workshop, as the rest of the service sees it. Personal fields are null once erased. */
export interface ParticipantRecord {
  id: string;
  workshopId: string;
  /** The registering user (`erased-user` once erased). */
  userId: string;
  status: ParticipantStatus;
  name: string | null;
  organization: string | null;
  email: string | null;
  /** An APEC economy code, or null for a guest from outside APEC. */
  economy: string | null;
  gender: Gender;
  sector: ParticipantSector;
  clusterId: string | null;
  consent: Consent;
  /** Shown to the workshop's other participants (name, organization, economy, cluster) so they can ask to meet. */
  listed: boolean;
  /** Where the participant's schedule is shown by default (IANA); the workshop's when null. */
  timeZone: string | null;
  /** When the participant can meet; null: every meeting slot. */
  availability: TimeWindow[] | null;
  registeredAt: Date;
  checkedInAt: Date | null;
  cancelledAt: Date | null;
  erasedAt: Date | null;
}

export interface ParticipantDocument extends Omit<ParticipantRecord, 'id'> {
  _id: string;
  /** `<workshopId>:<userId>` while the registration is live: one per user and workshop (a unique index). */
  registrationKey: string;
}

const participantSchema = new Schema<ParticipantDocument>(
  {
    _id: { type: String, required: true },
    workshopId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    registrationKey: { type: String, required: true, unique: true },
    status: { type: String, enum: PARTICIPANT_STATUSES, required: true },
    name: { type: String, default: null },
    organization: { type: String, default: null },
    email: { type: String, default: null },
    economy: { type: String, default: null },
    gender: { type: String, enum: GENDERS, required: true },
    sector: { type: String, enum: PARTICIPANT_SECTORS, required: true },
    clusterId: { type: String, default: null },
    consent: { type: Object, required: true },
    listed: { type: Boolean, default: false },
    timeZone: { type: String, default: null },
    availability: { type: [Object], default: null },
    registeredAt: { type: Date, required: true },
    checkedInAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    erasedAt: { type: Date, default: null },
  },
  { collection: 'workshop_participants', versionKey: false, minimize: false },
);

export type ParticipantModel = Model<ParticipantDocument>;

export function participantModel(conn: Connection): ParticipantModel {
  return (
    (conn.models.WorkshopParticipant as ParticipantModel | undefined) ??
    conn.model<ParticipantDocument>('WorkshopParticipant', participantSchema)
  );
}

export const registrationKeyOf = (workshopId: string, userId: string) => `${workshopId}:${userId}`;

export function toParticipantRecord(doc: ParticipantDocument): ParticipantRecord {
  return {
    id: doc._id,
    workshopId: doc.workshopId,
    userId: doc.userId,
    status: doc.status,
    name: doc.name ?? null,
    organization: doc.organization ?? null,
    email: doc.email ?? null,
    economy: doc.economy ?? null,
    gender: doc.gender,
    sector: doc.sector,
    clusterId: doc.clusterId ?? null,
    consent: { given: true, at: new Date(doc.consent.at), textVersion: doc.consent.textVersion },
    listed: doc.listed ?? false,
    timeZone: doc.timeZone ?? null,
    availability: doc.availability
      ? doc.availability.map((w) => ({ startsAt: new Date(w.startsAt), endsAt: new Date(w.endsAt) }))
      : null,
    registeredAt: doc.registeredAt,
    checkedInAt: doc.checkedInAt ?? null,
    cancelledAt: doc.cancelledAt ?? null,
    erasedAt: doc.erasedAt ?? null,
  };
}

/**
 * Reads that return plain records. Only `{_id}` lookups are indexed on FerretDB's SQLite backend; the filtered
 * reads below scan the collection and serve pages a person asks for, never a hot path.
 */
export class ParticipantRepository {
  constructor(readonly model: ParticipantModel) {}

  async byId(id: string): Promise<ParticipantRecord | null> {
    const doc = await this.model.findById(id).lean<ParticipantDocument>();
    return doc ? toParticipantRecord(doc) : null;
  }

  async byIds(ids: readonly string[]): Promise<(ParticipantRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<ParticipantDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toParticipantRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The user's live registration (pending or registered) for the workshop. */
  async ofUser(workshopId: string, userId: string): Promise<ParticipantRecord | null> {
    const doc = await this.model
      .findOne({ registrationKey: registrationKeyOf(workshopId, userId) })
      .lean<ParticipantDocument>();
    return doc ? toParticipantRecord(doc) : null;
  }

  /** Registered participants (holding a seat) of a workshop, in registration order. */
  async registeredIn(workshopId: string, first = 10_000): Promise<ParticipantRecord[]> {
    const docs = await this.model
      .find({ workshopId, status: 'registered' })
      .sort({ registeredAt: 1, _id: 1 })
      .limit(first)
      .lean<ParticipantDocument[]>();
    return docs.map(toParticipantRecord);
  }
}
