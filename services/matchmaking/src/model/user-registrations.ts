import type { Logger } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';
import type { ParticipantDocument, ParticipantModel } from './participant.js';

/**
 * Which workshop registrations a user made: one document per user (`_id` = the user id), so "my registrations" is
 * one `{_id}` read and then one `{_id}` read per registration — on FerretDB's SQLite backend only those are
 * answered by index; `find({userId})` on the participants would decode the whole collection in Go.
 *
 * It may list more than the user's live registrations, never fewer: an id is added before the registration takes
 * its seat and removed after it is cancelled (or refused), so a crash in between leaves an extra id. Readers keep
 * only ids whose registration exists, belongs to the user and is not cancelled.
 */
export interface UserRegistrationsDocument {
  _id: string;
  participantIds: string[];
}

const userRegistrationsSchema = new Schema<UserRegistrationsDocument>(
  {
    _id: { type: String, required: true },
    participantIds: { type: [String], default: () => [] },
  },
  { collection: 'user_workshop_registrations', versionKey: false, minimize: false },
);

/** One document per read model built from existing data (`_id` = its collection), written once the build is done. */
interface ReadModelBuildDocument {
  _id: string;
  builtAt: Date;
  count: number;
}

const readModelBuildSchema = new Schema<ReadModelBuildDocument>(
  {
    _id: { type: String, required: true },
    builtAt: { type: Date, required: true },
    count: { type: Number, required: true },
  },
  { collection: 'read_model_builds', versionKey: false },
);

export type UserRegistrationsModel = Model<UserRegistrationsDocument>;
type ReadModelBuildModel = Model<ReadModelBuildDocument>;

export function userRegistrationsModel(conn: Connection): UserRegistrationsModel {
  return (
    (conn.models.UserWorkshopRegistrations as UserRegistrationsModel | undefined) ??
    conn.model<UserRegistrationsDocument>('UserWorkshopRegistrations', userRegistrationsSchema)
  );
}

function readModelBuildModel(conn: Connection): ReadModelBuildModel {
  return (
    (conn.models.ReadModelBuild as ReadModelBuildModel | undefined) ??
    conn.model<ReadModelBuildDocument>('ReadModelBuild', readModelBuildSchema)
  );
}

export class UserRegistrationsRepository {
  constructor(readonly model: UserRegistrationsModel) {}

  /** The registration ids noted for the user (possibly stale ones: see UserRegistrationsDocument). */
  async idsOf(userId: string): Promise<string[]> {
    const doc = await this.model.findById(userId).lean<UserRegistrationsDocument>();
    return doc?.participantIds ?? [];
  }

  async add(userId: string, participantId: string): Promise<void> {
    await this.model.updateOne({ _id: userId }, { $addToSet: { participantIds: participantId } }, { upsert: true });
  }

  async remove(userId: string, participantId: string): Promise<void> {
    await this.model.updateOne({ _id: userId }, { $pull: { participantIds: participantId } });
  }

  /** An erased user's list goes (their registrations no longer carry their id). */
  async forget(userId: string): Promise<void> {
    await this.model.deleteOne({ _id: userId });
  }
}

const BUILD_ID = 'user_workshop_registrations';

/**
 * Notes the live registrations stored before this read model existed, once per database: one scan of the
 * participants, then a marker. Running it again (a crash before the marker, another replica) adds nothing twice.
 */
export async function buildUserRegistrations(
  conn: Connection,
  participants: ParticipantModel,
  repository: UserRegistrationsRepository,
  logger: Logger,
): Promise<void> {
  const builds = readModelBuildModel(conn);
  if (await builds.findById(BUILD_ID).lean()) return;
  const live = await participants
    .find({ status: { $ne: 'cancelled' } }, { userId: 1 })
    .lean<Pick<ParticipantDocument, '_id' | 'userId'>[]>();
  const byUser = new Map<string, string[]>();
  for (const p of live) {
    if (p.userId === 'erased-user') continue;
    byUser.set(p.userId, [...(byUser.get(p.userId) ?? []), p._id]);
  }
  for (const [userId, ids] of byUser) {
    await repository.model.updateOne(
      { _id: userId },
      { $addToSet: { participantIds: { $each: ids } } },
      { upsert: true },
    );
  }
  await builds.updateOne(
    { _id: BUILD_ID },
    { $setOnInsert: { builtAt: new Date(), count: live.length } },
    { upsert: true },
  );
  if (live.length) logger.info({ registrations: live.length, users: byUser.size }, 'user registrations noted');
}
