import { actorOf, type Caller, invalidStateError, notFoundError, requireSignedIn } from '@ccp/kit';
import { participantCheckedIn } from '../events/workshop-events.js';
import { type ParticipantDocument, type ParticipantRecord, toParticipantRecord } from '../model/participant.js';
import type { MatchmakingDeps } from './deps.js';
import { requestedId } from './input.js';
import { changeWorkshop, requireHost, workshopDocument } from './workshop-aggregate.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks a registered participant in: the host economy's coordinator or the secretariat, from a day before the
 * workshop starts to a day after it ends. Idempotent: the workshop's check-in list decides, in the same
 * version-guarded update as the participant-checked-in event, so a participant is announced once however often
 * (or by however many people at the door) they are checked in. The participant's `checkedInAt` follows.
 */
export async function checkInParticipant(
  deps: MatchmakingDeps,
  caller: Caller,
  participantIdInput: unknown,
  now = new Date(),
): Promise<ParticipantRecord> {
  const action = 'check participants of this workshop in';
  requireSignedIn(caller, action);
  const participantId = requestedId(participantIdInput, 'participantId');
  const participant = await deps.participants.findById(participantId).lean<ParticipantDocument>();
  if (!participant) throw notFoundError('Participant', participantId);
  const workshop = await workshopDocument(deps, participant.workshopId);
  const privilege = requireHost(caller, workshop, action);
  if (participant.status !== 'registered') {
    throw invalidStateError(`Participant ${participantId} is ${participant.status}, not registered`, {
      field: 'participantId',
      status: participant.status,
    });
  }
  const checkedInAt = await changeWorkshop(deps, workshop._id, (w) => {
    if (w.checkedIn.includes(participantId)) return { result: participant.checkedInAt ?? now };
    if (w.status === 'cancelled') throw invalidStateError(`Workshop ${w._id} is cancelled`, { status: w.status });
    if (now.getTime() < w.startsAt.getTime() - DAY_MS || now.getTime() > w.endsAt.getTime() + DAY_MS) {
      throw invalidStateError(`Check-in for workshop ${w._id} is open from a day before it starts to a day after it ends`, {
        field: 'participantId',
      });
    }
    const checkedIn = [...w.checkedIn, participantId];
    return {
      result: now,
      write: {
        set: { checkedIn, checkedInCount: checkedIn.length },
        event: (sequence) => participantCheckedIn(w, sequence, participant, now, actorOf(caller, privilege)),
      },
    };
  });
  if (!participant.checkedInAt) {
    await deps.participants.updateOne({ _id: participantId, checkedInAt: null }, { $set: { checkedInAt } });
  }
  return toParticipantRecord({ ...participant, checkedInAt: participant.checkedInAt ?? checkedInAt });
}
