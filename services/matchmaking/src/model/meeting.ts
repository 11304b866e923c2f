import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** A time window, [startsAt, endsAt). */
export interface TimeWindow {
  startsAt: Date;
  endsAt: Date;
}

/**
 * requested → accepted (the scheduler places it) | declined; requested or accepted → cancelled (by either side or
 * the host). Only accepted meetings are scheduled.
 */
export const MEETING_STATUSES = ['requested', 'accepted', 'declined', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** DESIGN.md's outcome list, as the meeting-recorded event spells it. */
export const MEETING_OUTCOMES = [
  'did-not-take-place',
  'insufficient-interest',
  'no-cooperation-planned',
  'cooperation-possible',
] as const;
export type MeetingOutcome = (typeof MEETING_OUTCOMES)[number];

export interface RecordedOutcome {
  outcome: MeetingOutcome;
  recordedAt: Date;
}

/** Which side of a meeting a participant is. */
export type MeetingSide = 'requester' | 'requested';

/** A B2B meeting between two participants of a workshop, from its request to its outcomes. */
export interface MeetingRecord {
  id: string;
  workshopId: string;
  requesterId: string;
  requestedId: string;
  note: string | null;
  status: MeetingStatus;
  createdAt: Date;
  respondedAt: Date | null;
  cancelledAt: Date | null;
  /** What each side recorded (each may change theirs; the first one recorded is the one announced). */
  outcomes: Record<MeetingSide, RecordedOutcome | null>;
  /** Set once both sides, each for a cluster, said "cooperation possible". */
  collaborationId: string | null;
  version: number;
}

export interface MeetingDocument extends Omit<MeetingRecord, 'id'> {
  _id: string;
  /** `<workshopId>:<participant>:<participant>` (sorted) while the request is live: one per pair (unique). */
  pairKey: string;
  /** Notification requests to the other side, written with the change that causes them. */
  outbox: CloudEvent[];
}

const meetingSchema = new Schema<MeetingDocument>(
  {
    _id: { type: String, required: true },
    workshopId: { type: String, required: true, index: true },
    requesterId: { type: String, required: true },
    requestedId: { type: String, required: true },
    pairKey: { type: String, required: true, unique: true },
    note: { type: String, default: null },
    status: { type: String, enum: MEETING_STATUSES, required: true },
    createdAt: { type: Date, required: true },
    respondedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    outcomes: { type: Object, default: () => ({ requester: null, requested: null }) },
    collaborationId: { type: String, default: null },
    ...outboxSchemaFields,
  },
  { collection: 'workshop_meetings', versionKey: false, minimize: false },
);

export type MeetingModel = Model<MeetingDocument>;

export function meetingModel(conn: Connection): MeetingModel {
  return (
    (conn.models.WorkshopMeeting as MeetingModel | undefined) ??
    conn.model<MeetingDocument>('WorkshopMeeting', meetingSchema)
  );
}

export const meetingPairKeyOf = (workshopId: string, a: string, b: string) =>
  a < b ? `${workshopId}:${a}:${b}` : `${workshopId}:${b}:${a}`;

const outcomeOf = (o: RecordedOutcome | null | undefined): RecordedOutcome | null =>
  o ? { outcome: o.outcome, recordedAt: new Date(o.recordedAt) } : null;

export function toMeetingRecord(doc: MeetingDocument): MeetingRecord {
  return {
    id: doc._id,
    workshopId: doc.workshopId,
    requesterId: doc.requesterId,
    requestedId: doc.requestedId,
    note: doc.note ?? null,
    status: doc.status,
    createdAt: doc.createdAt,
    respondedAt: doc.respondedAt ?? null,
    cancelledAt: doc.cancelledAt ?? null,
    outcomes: { requester: outcomeOf(doc.outcomes?.requester), requested: outcomeOf(doc.outcomes?.requested) },
    collaborationId: doc.collaborationId ?? null,
    version: doc.version,
  };
}

/** The side a participant is on, or null when the meeting is not theirs. */
export function sideOf(meeting: Pick<MeetingRecord, 'requesterId' | 'requestedId'>, participantId: string): MeetingSide | null {
  if (meeting.requesterId === participantId) return 'requester';
  if (meeting.requestedId === participantId) return 'requested';
  return null;
}

/** Reads that return plain records; the filtered ones scan the collection on FerretDB (pages people ask for). */
export class MeetingRepository {
  constructor(readonly model: MeetingModel) {}

  async byId(id: string): Promise<MeetingRecord | null> {
    const doc = await this.model.findById(id).lean<MeetingDocument>();
    return doc ? toMeetingRecord(doc) : null;
  }

  async byIds(ids: readonly string[]): Promise<(MeetingRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<MeetingDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toMeetingRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** A participant's meetings in a workshop (asked or asked for), oldest first. */
  async ofParticipant(workshopId: string, participantId: string): Promise<MeetingRecord[]> {
    const docs = await this.model
      .find({ workshopId, $or: [{ requesterId: participantId }, { requestedId: participantId }] })
      .sort({ createdAt: 1, _id: 1 })
      .lean<MeetingDocument[]>();
    return docs.map(toMeetingRecord);
  }

  /** Every meeting of a workshop with one of these statuses, oldest request first (the scheduler's order). */
  async inWorkshop(workshopId: string, statuses: readonly MeetingStatus[]): Promise<MeetingRecord[]> {
    const docs = await this.model
      .find({ workshopId, status: { $in: [...statuses] } })
      .sort({ createdAt: 1, _id: 1 })
      .lean<MeetingDocument[]>();
    return docs.map(toMeetingRecord);
  }
}
