import { type Caller, requireSignedIn, validationError } from '@ccp/kit';
import type { MeetingRecord } from '../model/meeting.js';
import type { ParticipantRecord } from '../model/participant.js';
import { toWorkshopRecord, type WorkshopRecord } from '../model/workshop.js';
import type { MatchmakingDeps } from './deps.js';
import { icalendar } from './ical.js';
import { requestedId } from './input.js';
import { ownRegistration } from './meeting-requests.js';
import { type ParticipantCard, toParticipantCard } from './workshop-participants.js';
import { workshopDocument } from './workshop-aggregate.js';
import { formatInZone, isIanaTimeZone } from './workshop-time.js';

export interface MyScheduledMeeting {
  meeting: MeetingRecord;
  /** The other side. */
  with: ParticipantCard;
  startsAt: Date;
  endsAt: Date;
  table: number;
  onlineLink: string | null;
}

export interface MyWorkshopSchedule {
  workshop: WorkshopRecord;
  participant: ParticipantRecord;
  /** The zone the local times are shown in. */
  timeZone: string;
  meetings: MyScheduledMeeting[];
  /** Accepted meetings without a place yet (the host has not scheduled them, or there was no room). */
  unscheduled: MeetingRecord[];
}

/**
 * The signed-in participant's meetings with their places, in `timeZone` (IANA; else the participant's own zone,
 * else the workshop's). Only a registered participant has one (FORBIDDEN otherwise).
 */
export async function myWorkshopSchedule(
  deps: MatchmakingDeps,
  caller: Caller,
  workshopIdInput: unknown,
  timeZone?: string | null,
): Promise<MyWorkshopSchedule> {
  requireSignedIn(caller, 'read your workshop schedule');
  const workshopId = requestedId(workshopIdInput, 'workshopId');
  if (timeZone != null && !isIanaTimeZone(timeZone)) {
    throw validationError([{ field: 'timeZone', reason: 'must be an IANA time zone, e.g. Asia/Singapore' }]);
  }
  const workshop = await workshopDocument(deps, workshopId);
  const me = await ownRegistration(deps, caller, workshopId, 'read a schedule');
  const [mine, schedule] = await Promise.all([
    deps.meetingRepository.ofParticipant(workshopId, me.id),
    deps.meetingScheduleRepository.of(workshopId),
  ]);
  const accepted = mine.filter((m) => m.status === 'accepted');
  const places = new Map(schedule.placements.map((p) => [p.meetingId, p]));
  const others = await deps.participantRepository.byIds(
    accepted.map((m) => (m.requesterId === me.id ? m.requestedId : m.requesterId)),
  );
  const meetings: MyScheduledMeeting[] = [];
  const unscheduled: MeetingRecord[] = [];
  accepted.forEach((meeting, i) => {
    const place = places.get(meeting.id);
    const other = others[i];
    if (!other) return;
    if (!place) {
      unscheduled.push(meeting);
      return;
    }
    meetings.push({
      meeting,
      with: toParticipantCard(other),
      startsAt: place.startsAt,
      endsAt: place.endsAt,
      table: place.table,
      onlineLink: workshop.meetingSettings?.onlineLinks[place.table - 1] ?? null,
    });
  });
  meetings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return {
    workshop: toWorkshopRecord(workshop),
    participant: me,
    timeZone: timeZone ?? me.timeZone ?? workshop.timeZone,
    meetings,
    unscheduled,
  };
}

/** The domain calendar UIDs live in: stable per workshop and meeting. */
const UID_DOMAIN = 'apec-ccp.org';

/**
 * The participant's schedule as RFC 5545 text: the workshop itself and each placed meeting (times in UTC; the
 * calendar shows them in the reader's zone), to import or subscribe to.
 */
export async function myScheduleIcs(
  deps: MatchmakingDeps,
  caller: Caller,
  workshopIdInput: unknown,
  now = new Date(),
): Promise<string> {
  const s = await myWorkshopSchedule(deps, caller, workshopIdInput);
  const w = s.workshop;
  const tableAt = (m: MyScheduledMeeting) => [`Table ${m.table}`, w.venue].filter(Boolean).join(', ');
  return icalendar({
    productId: '-//APEC Cluster Collaboration Platform//Workshops//EN',
    name: w.title.en,
    stamp: now,
    events: [
      {
        uid: `workshop-${w.id}@${UID_DOMAIN}`,
        start: w.startsAt,
        end: w.endsAt,
        summary: w.title.en,
        location: w.venue ?? (w.online ? 'Online' : null),
        description: `Times in ${w.timeZone}: from ${formatInZone(w.startsAt, w.timeZone)} to ${formatInZone(w.endsAt, w.timeZone)}.`,
        url: null,
      },
      ...s.meetings.map((m) => ({
        uid: `meeting-${m.meeting.id}@${UID_DOMAIN}`,
        start: m.startsAt,
        end: m.endsAt,
        summary: `B2B meeting: ${[m.with.name, m.with.organization].filter(Boolean).join(', ') || 'participant'}`,
        location: m.onlineLink ?? tableAt(m),
        description: [w.title.en, m.meeting.note].filter(Boolean).join('\n'),
        url: m.onlineLink,
      })),
    ],
  });
}
