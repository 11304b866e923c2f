import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';
import type { LocalizedText } from './cooperation-offer.js';

export const WORKSHOP_STATUSES = ['scheduled', 'registration-open', 'registration-closed', 'cancelled'] as const;
export type WorkshopStatus = (typeof WORKSHOP_STATUSES)[number];

/** One point of the programme. */
export interface AgendaItem {
  startsAt: Date;
  endsAt: Date | null;
  title: LocalizedText;
}

/** A window of the workshop in which B2B meetings take place. */
export interface MeetingSession {
  startsAt: Date;
  endsAt: Date;
}

/** How B2B meetings are laid out: slots of `slotMinutes` (then a break) in each session, at `tables` tables. */
export interface MeetingSettings {
  slotMinutes: number;
  breakMinutes: number;
  sessions: MeetingSession[];
  tables: number;
  /** For online meetings: the link of table n is `onlineLinks[n - 1]` (empty on site). */
  onlineLinks: string[];
}

/** A workshop as the rest of the service sees it: a plain object, never a mongoose document. */
export interface WorkshopRecord {
  id: string;
  title: LocalizedText;
  hostEconomy: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venue: string | null;
  online: boolean;
  capacity: number;
  status: WorkshopStatus;
  agenda: AgendaItem[];
  meetingSettings: MeetingSettings | null;
  /** Registrations holding a seat (pending and cancelled ones do not). */
  participantCount: number;
  checkedInCount: number;
  createdAt: Date;
  createdBy: string;
  version: number;
}

/**
 * The workshop aggregate. Its participants' and meetings' events are verbs of it (subject = workshop id, sequence =
 * its version), so they are written to its outbox together with the id lists below, in one version-guarded update:
 * a seat, a check-in and a meeting's first recorded outcome each exist exactly once, with exactly one event.
 */
export interface WorkshopDocument extends Omit<WorkshopRecord, 'id'> {
  _id: string;
  /** Participant ids holding a seat: capacity is `seats.length < capacity` checked in the guarded update. */
  seats: string[];
  /** Participant ids checked in (their event was emitted). */
  checkedIn: string[];
  /** Meeting ids whose first outcome was announced (meeting-recorded is emitted once per meeting). */
  recordedMeetings: string[];
  outbox: CloudEvent[];
}

/** The id lists and the outbox stay out of reads that only show the workshop. */
export const WORKSHOP_VIEW = { seats: 0, checkedIn: 0, recordedMeetings: 0, outbox: 0 } as const;

const workshopSchema = new Schema<WorkshopDocument>(
  {
    _id: { type: String, required: true },
    title: { type: Object, required: true },
    hostEconomy: { type: String, required: true, index: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    timeZone: { type: String, required: true },
    venue: { type: String, default: null },
    online: { type: Boolean, required: true },
    capacity: { type: Number, required: true },
    status: { type: String, enum: WORKSHOP_STATUSES, default: 'scheduled' },
    agenda: { type: [Object], default: () => [] },
    meetingSettings: { type: Object, default: null },
    participantCount: { type: Number, default: 0 },
    checkedInCount: { type: Number, default: 0 },
    seats: { type: [String], default: () => [] },
    checkedIn: { type: [String], default: () => [] },
    recordedMeetings: { type: [String], default: () => [] },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    ...outboxSchemaFields,
  },
  { collection: 'workshops', versionKey: false, minimize: false },
);

export type WorkshopModel = Model<WorkshopDocument>;

export function workshopModel(conn: Connection): WorkshopModel {
  return (
    (conn.models.Workshop as WorkshopModel | undefined) ??
    conn.model<WorkshopDocument>('Workshop', workshopSchema)
  );
}

type StoredWorkshop = Omit<WorkshopDocument, 'seats' | 'checkedIn' | 'recordedMeetings' | 'outbox'> &
  Partial<Pick<WorkshopDocument, 'status' | 'agenda' | 'meetingSettings' | 'participantCount' | 'checkedInCount'>>;

export function toWorkshopRecord(doc: StoredWorkshop): WorkshopRecord {
  const settings = doc.meetingSettings ?? null;
  return {
    id: doc._id,
    title: { en: doc.title.en, ru: doc.title.ru ?? null },
    hostEconomy: doc.hostEconomy,
    startsAt: doc.startsAt,
    endsAt: doc.endsAt,
    timeZone: doc.timeZone,
    venue: doc.venue ?? null,
    online: doc.online,
    capacity: doc.capacity,
    // Workshops stored before registration existed were announced, not opened.
    status: doc.status ?? 'scheduled',
    agenda: (doc.agenda ?? []).map((item) => ({
      startsAt: new Date(item.startsAt),
      endsAt: item.endsAt ? new Date(item.endsAt) : null,
      title: { en: item.title.en, ru: item.title.ru ?? null },
    })),
    meetingSettings: settings && {
      slotMinutes: settings.slotMinutes,
      breakMinutes: settings.breakMinutes ?? 0,
      sessions: settings.sessions.map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) })),
      tables: settings.tables,
      onlineLinks: [...(settings.onlineLinks ?? [])],
    },
    participantCount: doc.participantCount ?? 0,
    checkedInCount: doc.checkedInCount ?? 0,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    version: doc.version,
  };
}

/** Reads that return plain records. */
export class WorkshopRepository {
  constructor(readonly model: WorkshopModel) {}

  async byIds(ids: readonly string[]): Promise<(WorkshopRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }, WORKSHOP_VIEW).lean<StoredWorkshop[]>();
    const byId = new Map(docs.map((d) => [d._id, toWorkshopRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * One workshop by a lone `{_id}` query: the only read FerretDB's SQLite backend answers by index, where `byIds`'s
   * `$in` decodes every workshop (90 ms at 300 workshops against 3.5 ms for this; see myWorkshopRegistrations).
   */
  async byId(id: string): Promise<WorkshopRecord | null> {
    const doc = await this.model.findById(id, WORKSHOP_VIEW).lean<StoredWorkshop>();
    return doc ? toWorkshopRecord(doc) : null;
  }

  /** The whole aggregate, id lists included (use cases that write it). */
  async document(id: string): Promise<WorkshopDocument | null> {
    return this.model.findById(id).lean<WorkshopDocument>();
  }

  /** Workshops the economy hosts, earliest first. */
  async hostedBy(economy: string, first: number): Promise<WorkshopRecord[]> {
    const docs = await this.model
      .find({ hostEconomy: economy }, WORKSHOP_VIEW)
      .sort({ startsAt: 1, _id: 1 })
      .limit(first)
      .lean<StoredWorkshop[]>();
    return docs.map(toWorkshopRecord);
  }

  /** Workshops not cancelled that are under way or start before `until`: the reminder sweep's candidates. */
  async startingBefore(until: Date, now: Date): Promise<WorkshopRecord[]> {
    const docs = await this.model
      .find({ startsAt: { $lte: until }, endsAt: { $gt: now }, status: { $ne: 'cancelled' } }, WORKSHOP_VIEW)
      .lean<StoredWorkshop[]>();
    return docs.map(toWorkshopRecord);
  }
}
