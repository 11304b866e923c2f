import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';

/** An accepted meeting's place: a slot and a table. */
export interface ScheduledMeeting {
  meetingId: string;
  /** The two participants (requester first). */
  between: [string, string];
  startsAt: Date;
  endsAt: Date;
  /** 1-based. */
  table: number;
}

/** What the last scheduler run did. */
export interface ScheduleRun {
  at: Date;
  by: string;
  placed: number;
  kept: number;
  unplaced: number;
  /** The accepted meetings the run considered. */
  accepted: number;
}

/**
 * A workshop's meeting schedule and reminder markers: one document per workshop (`_id` = workshop id), written
 * whole by a scheduler run with the participants' notifications in its outbox. One document because on FerretDB's
 * SQLite backend every filtered update scans its collection: a thousand meeting updates would take many seconds,
 * one schedule write takes a fraction of one, and a participant's schedule is one `{_id}` read.
 */
export interface MeetingScheduleDocument {
  _id: string;
  placements: ScheduledMeeting[];
  lastRun: ScheduleRun | null;
  /** Participants reminded that the workshop starts. */
  remindedOfWorkshop: string[];
  /** Participants reminded of their first meeting, as `<participantId>@<its start ISO>` (a moved one is reminded again). */
  remindedOfFirstMeeting: string[];
  version: number;
  outbox: CloudEvent[];
}

const scheduleSchema = new Schema<MeetingScheduleDocument>(
  {
    _id: { type: String, required: true },
    placements: { type: [Object], default: () => [] },
    lastRun: { type: Object, default: null },
    remindedOfWorkshop: { type: [String], default: () => [] },
    remindedOfFirstMeeting: { type: [String], default: () => [] },
    ...outboxSchemaFields,
  },
  { collection: 'workshop_meeting_schedules', versionKey: false, minimize: false },
);

export type MeetingScheduleModel = Model<MeetingScheduleDocument>;

export function meetingScheduleModel(conn: Connection): MeetingScheduleModel {
  return (
    (conn.models.WorkshopMeetingSchedule as MeetingScheduleModel | undefined) ??
    conn.model<MeetingScheduleDocument>('WorkshopMeetingSchedule', scheduleSchema)
  );
}

export function emptySchedule(workshopId: string): MeetingScheduleDocument {
  return {
    _id: workshopId,
    placements: [],
    lastRun: null,
    remindedOfWorkshop: [],
    remindedOfFirstMeeting: [],
    version: 0,
    outbox: [],
  };
}

/** A stored schedule with its dates as Dates (or an empty one when the workshop has none yet). */
export function normalizeSchedule(doc: MeetingScheduleDocument | null, workshopId: string): MeetingScheduleDocument {
  if (!doc) return emptySchedule(workshopId);
  return {
    ...doc,
    placements: (doc.placements ?? []).map((p) => ({
      meetingId: p.meetingId,
      between: [p.between[0], p.between[1]],
      startsAt: new Date(p.startsAt),
      endsAt: new Date(p.endsAt),
      table: p.table,
    })),
    lastRun: doc.lastRun ?? null,
    remindedOfWorkshop: doc.remindedOfWorkshop ?? [],
    remindedOfFirstMeeting: doc.remindedOfFirstMeeting ?? [],
    outbox: doc.outbox ?? [],
  };
}

export class MeetingScheduleRepository {
  constructor(readonly model: MeetingScheduleModel) {}

  /** The workshop's schedule; an empty one (version 0, not stored) when it has none yet. */
  async of(workshopId: string): Promise<MeetingScheduleDocument> {
    return normalizeSchedule(await this.model.findById(workshopId).lean<MeetingScheduleDocument>(), workshopId);
  }
}
