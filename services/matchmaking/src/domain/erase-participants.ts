import { isErasedEmail, type UserErasure } from '@ccp/kit';
import type { MeetingModel } from '../model/meeting.js';
import type { ParticipantDocument, ParticipantModel } from '../model/participant.js';
import type { UserRegistrationsRepository } from '../model/user-registrations.js';

/** What erasing workshop participants needs: their collections and the key of the erasure event's email digest. */
export interface WorkshopPeople {
  participants: ParticipantModel;
  meetings: MeetingModel;
  erasureKey: string;
  /** The user's list of registrations, dropped with the account id. */
  userRegistrations?: UserRegistrationsRepository;
}

const ERASED_USER = 'erased-user';

/**
 * Erases an erased user's personal data from workshop registrations: those they made (by user id) and those
 * carrying their address (by the event's keyed email digest). Name, organization and e-mail go, and the notes of
 * meeting requests they wrote; economy, gender, sector, cluster and check-in stay, anonymous, for the statistics
 * already counted from them. A registration found by user id also loses the account id. Running it again changes
 * nothing.
 */
export async function eraseParticipants(people: WorkshopPeople, erasure: UserErasure, now = new Date()): Promise<number> {
  const byUser = await people.participants.find({ userId: erasure.userId }, { _id: 1 }).lean<Pick<ParticipantDocument, '_id'>[]>();
  const withEmail = erasure.emailDigest
    ? await people.participants
        .find({ email: { $ne: null } }, { email: 1 })
        .lean<Pick<ParticipantDocument, '_id' | 'email'>[]>()
    : [];
  const userIds = new Set(byUser.map((p) => p._id));
  const ids = new Set([
    ...userIds,
    ...withEmail.filter((p) => isErasedEmail(p.email, erasure.emailDigest, people.erasureKey)).map((p) => p._id),
  ]);
  for (const id of ids) {
    const account = userIds.has(id) ? { userId: ERASED_USER, registrationKey: `erased:${id}` } : {};
    await people.participants.updateOne(
      { _id: id },
      { $set: { name: null, organization: null, email: null, erasedAt: now, ...account } },
    );
  }
  await people.userRegistrations?.forget(erasure.userId);
  if (ids.size) {
    await people.meetings.updateMany({ requesterId: { $in: [...ids] }, note: { $ne: null } }, { $set: { note: null } });
  }
  return ids.size;
}
