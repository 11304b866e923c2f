import {
  type Actor,
  actorOf,
  type Caller,
  conflictError,
  forbiddenError,
  invalidStateError,
  notFoundError,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { GraphQLError } from 'graphql';
import { meetingRecorded } from '../events/workshop-events.js';
import {
  MEETING_OUTCOMES,
  type MeetingDocument,
  type MeetingOutcome,
  type MeetingRecord,
  type RecordedOutcome,
  sideOf,
  toMeetingRecord,
} from '../model/meeting.js';
import type { ScheduledMeeting } from '../model/meeting-schedule.js';
import type { ParticipantRecord } from '../model/participant.js';
import { agreeCollaboration } from './agree-collaboration.js';
import type { MatchmakingDeps } from './deps.js';
import { requestedId } from './input.js';
import { changeWorkshop } from './workshop-aggregate.js';

const ATTEMPTS = 5;

/**
 * A side of a scheduled meeting records what came of it, once its slot has started; each side may change its own
 * answer later. The meeting's first recorded outcome is announced once (`meeting-recorded`, which KPI 4 counts):
 * the workshop's list of recorded meetings decides in the same version-guarded update as the event, so a repeated
 * or concurrent recording never announces twice, and recording again after a crash announces what was missed.
 * When both sides, each for a cluster, say "cooperation possible", the two clusters' collaboration is agreed
 * (agree-collaboration.ts, idempotent per meeting).
 */
export async function recordMeetingOutcome(
  deps: MatchmakingDeps,
  caller: Caller,
  meetingIdInput: unknown,
  outcome: MeetingOutcome,
  now = new Date(),
): Promise<MeetingRecord> {
  const action = 'record the outcome of this meeting';
  requireSignedIn(caller, action);
  const meetingId = requestedId(meetingIdInput, 'meetingId');
  if (!MEETING_OUTCOMES.includes(outcome)) {
    throw validationError([{ field: 'outcome', reason: `must be one of ${MEETING_OUTCOMES.join(', ')}` }]);
  }
  let meeting = await deps.meetings.findById(meetingId).lean<MeetingDocument>();
  if (!meeting) throw notFoundError('Meeting', meetingId);
  const me = await deps.participantRepository.ofUser(meeting.workshopId, caller.subject);
  const side = me ? sideOf(meeting, me.id) : null;
  if (!side) throw forbiddenError(`Only the two participants of a meeting can ${action}`);
  if (meeting.status !== 'accepted') {
    throw invalidStateError(`Meeting ${meetingId} is ${meeting.status}, not an accepted meeting`, { status: meeting.status });
  }
  const schedule = await deps.meetingScheduleRepository.of(meeting.workshopId);
  const place = schedule.placements.find((p) => p.meetingId === meetingId);
  if (!place) throw invalidStateError(`Meeting ${meetingId} has no place in the schedule`, { field: 'meetingId' });
  if (now < place.startsAt) {
    throw invalidStateError(`Meeting ${meetingId} starts at ${place.startsAt.toISOString()}; record it once it has started`, {
      startsAt: place.startsAt.toISOString(),
    });
  }
  for (let attempt = 0; ; attempt++) {
    if (meeting.outcomes?.[side]?.outcome === outcome) break;
    const outcomes = { requester: meeting.outcomes?.requester ?? null, requested: meeting.outcomes?.requested ?? null };
    outcomes[side] = { outcome, recordedAt: now };
    const res = await deps.meetings.updateOne(
      { _id: meetingId, version: meeting.version },
      { $set: { outcomes, version: meeting.version + 1 } },
    );
    if (res.matchedCount === 1) {
      meeting = { ...meeting, outcomes, version: meeting.version + 1 };
      break;
    }
    const again = await deps.meetings.findById(meetingId).lean<MeetingDocument>();
    if (!again || attempt >= ATTEMPTS) throw conflictError(`Meeting ${meetingId} is changing; try again`, { meetingId });
    meeting = again;
  }
  const [requester, requested] = await deps.participantRepository.byIds([meeting.requesterId, meeting.requestedId]);
  const actor = actorOf(caller);
  await announceFirstOutcome(deps, meeting, place, [requester, requested], actor);
  const collaborationId = await agreeIfBothCooperate(deps, meeting, requester, requested, actor, now);
  return toMeetingRecord({ ...meeting, collaborationId });
}

/** The earliest recording of the two sides. */
function firstRecorded(meeting: MeetingDocument): RecordedOutcome | null {
  const recorded = [meeting.outcomes?.requester, meeting.outcomes?.requested].filter((o): o is RecordedOutcome => !!o);
  recorded.sort((a, b) => new Date(a.recordedAt).getTime() - new Date(b.recordedAt).getTime());
  return recorded[0] ?? null;
}

async function announceFirstOutcome(
  deps: MatchmakingDeps,
  meeting: MeetingDocument,
  place: ScheduledMeeting,
  sides: (ParticipantRecord | null | undefined)[],
  actor: Actor,
): Promise<void> {
  const first = firstRecorded(meeting);
  if (!first) return;
  const people = sides.filter((p): p is ParticipantRecord => !!p);
  const participantEconomies = [...new Set(people.flatMap((p) => (p.economy ? [p.economy] : [])))];
  const clusterIds = [...new Set(people.flatMap((p) => (p.clusterId ? [p.clusterId] : [])))];
  await changeWorkshop(deps, meeting.workshopId, (w) => {
    if (w.recordedMeetings.includes(meeting._id)) return { result: undefined };
    const recordedMeetings = [...w.recordedMeetings, meeting._id];
    return {
      result: undefined,
      write: {
        set: { recordedMeetings },
        event: (sequence) =>
          meetingRecorded(
            w,
            sequence,
            {
              meetingId: meeting._id,
              outcome: first.outcome,
              participantEconomies,
              clusterIds,
              heldAt: place.startsAt,
              recordedAt: new Date(first.recordedAt),
            },
            actor,
          ),
      },
    };
  });
}

async function agreeIfBothCooperate(
  deps: MatchmakingDeps,
  meeting: MeetingDocument,
  requester: ParticipantRecord | null | undefined,
  requested: ParticipantRecord | null | undefined,
  actor: Actor,
  now: Date,
): Promise<string | null> {
  if (meeting.collaborationId) return meeting.collaborationId;
  const both = meeting.outcomes?.requester?.outcome === 'cooperation-possible' && meeting.outcomes?.requested?.outcome === 'cooperation-possible';
  const a = requester?.clusterId;
  const b = requested?.clusterId;
  if (!both || !a || !b || a === b) return null;
  try {
    const { collaboration } = await agreeCollaboration(deps, {
      clusterIds: [a, b],
      origin: 'workshop-meeting',
      originId: meeting._id,
      at: now,
      actor,
    });
    await deps.meetings.updateOne({ _id: meeting._id, collaborationId: null }, { $set: { collaborationId: collaboration.id } });
    return collaboration.id;
  } catch (err) {
    // A cluster the read model does not know (yet): recording again agrees it once the facts have arrived.
    if (err instanceof GraphQLError && err.extensions.code === 'BAD_USER_INPUT') return null;
    throw err;
  }
}
