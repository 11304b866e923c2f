import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import { formatInZone } from '../domain/workshop-time.js';
import type { MeetingOutcome } from '../model/meeting.js';
import type { ParticipantDocument } from '../model/participant.js';
import type { WorkshopDocument } from '../model/workshop.js';
import { notifyUsers } from './notifications.js';

export const WorkshopEventType = {
  scheduled: 'ccp.matchmaking.workshop.scheduled.v1',
  participantRegistered: 'ccp.matchmaking.workshop.participant-registered.v1',
  participantCheckedIn: 'ccp.matchmaking.workshop.participant-checked-in.v1',
  meetingRecorded: 'ccp.matchmaking.workshop.meeting-recorded.v1',
} as const;

type WorkshopHead = Pick<WorkshopDocument, '_id' | 'hostEconomy'>;

export function workshopScheduled(w: WorkshopDocument, actor: Actor): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: WorkshopEventType.scheduled,
    subject: w._id,
    actor,
    sequence: w.version,
    economy: w.hostEconomy,
    time: w.createdAt,
    data: {
      workshopId: w._id,
      title: w.title,
      hostEconomy: w.hostEconomy,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
      timeZone: w.timeZone,
      venue: w.venue,
      online: w.online,
      capacity: w.capacity,
      scheduledBy: w.createdBy,
    },
  });
}

/** No name, organization or e-mail: personal data stays in matchmaking (the topic keeps events forever). */
export function participantRegistered(
  w: WorkshopHead,
  sequence: number,
  p: ParticipantDocument,
  actor: Actor,
): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: WorkshopEventType.participantRegistered,
    subject: w._id,
    actor,
    sequence,
    economy: w.hostEconomy,
    time: p.registeredAt,
    data: {
      workshopId: w._id,
      participantId: p._id,
      hostEconomy: w.hostEconomy,
      economy: p.economy,
      gender: p.gender,
      sector: p.sector,
      clusterId: p.clusterId,
      consent: true,
      registeredAt: p.registeredAt.toISOString(),
    },
  });
}

export function participantCheckedIn(
  w: WorkshopHead,
  sequence: number,
  p: Pick<ParticipantDocument, '_id' | 'economy' | 'gender' | 'sector'>,
  checkedInAt: Date,
  actor: Actor,
): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: WorkshopEventType.participantCheckedIn,
    subject: w._id,
    actor,
    sequence,
    economy: w.hostEconomy,
    time: checkedInAt,
    data: {
      workshopId: w._id,
      participantId: p._id,
      hostEconomy: w.hostEconomy,
      economy: p.economy,
      gender: p.gender,
      sector: p.sector,
      checkedInAt: checkedInAt.toISOString(),
    },
  });
}

export interface RecordedMeeting {
  meetingId: string;
  outcome: MeetingOutcome;
  /** The distinct APEC economies of the two participants (guests have none). */
  participantEconomies: string[];
  /** The distinct clusters the two participants represent. */
  clusterIds: string[];
  heldAt: Date;
  recordedAt: Date;
}

export function meetingRecorded(w: WorkshopHead, sequence: number, m: RecordedMeeting, actor: Actor): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: WorkshopEventType.meetingRecorded,
    subject: w._id,
    actor,
    sequence,
    economy: w.hostEconomy,
    time: m.recordedAt,
    data: {
      workshopId: w._id,
      meetingId: m.meetingId,
      hostEconomy: w.hostEconomy,
      outcome: m.outcome,
      participantEconomies: m.participantEconomies,
      clusterIds: m.clusterIds,
      heldAt: m.heldAt.toISOString(),
      recordedAt: m.recordedAt.toISOString(),
    },
  });
}

interface TitledWorkshop {
  _id: string;
  title: { en: string; ru?: string | null };
  timeZone: string;
}

const titleIn = (w: TitledWorkshop, locale: 'en' | 'ru') => (locale === 'ru' ? (w.title.ru ?? w.title.en) : w.title.en);
export const workshopLink = (workshopId: string) => `/workshops/${encodeURIComponent(workshopId)}`;
const scheduleLink = (workshopId: string) => `${workshopLink(workshopId)}/my-schedule`;

/** To the participant asked: someone wants to meet them. */
export function meetingRequestedNotice(w: TitledWorkshop, toUserId: string, from: { name: string | null; organization: string | null }, actor: Actor) {
  const who = [from.name, from.organization].filter(Boolean).join(', ') || 'A participant';
  const whoRu = [from.name, from.organization].filter(Boolean).join(', ') || 'Участник';
  return notifyUsers(
    [toUserId],
    {
      kind: 'workshop-meeting-requested',
      subject: { en: `${who} asks to meet you at ${titleIn(w, 'en')}`, ru: `${whoRu} предлагает встречу на «${titleIn(w, 'ru')}»` },
      text: {
        en: `${who} asks for a B2B meeting with you at the workshop ${titleIn(w, 'en')}. Accept or decline the request on your workshop page:`,
        ru: `${whoRu} предлагает вам B2B-встречу на семинаре «${titleIn(w, 'ru')}». Примите или отклоните предложение на странице семинара:`,
      },
      link: scheduleLink(w._id),
    },
    actor,
  );
}

/** To the participant who asked: the other side accepted or declined. */
export function meetingAnsweredNotice(w: TitledWorkshop, toUserId: string, accepted: boolean, actor: Actor) {
  return notifyUsers(
    [toUserId],
    {
      kind: 'workshop-meeting-answered',
      subject: accepted
        ? { en: `Your meeting request at ${titleIn(w, 'en')} was accepted`, ru: `Ваше предложение встречи на «${titleIn(w, 'ru')}» принято` }
        : { en: `Your meeting request at ${titleIn(w, 'en')} was declined`, ru: `Ваше предложение встречи на «${titleIn(w, 'ru')}» отклонено` },
      text: accepted
        ? {
            en: `Your B2B meeting request at ${titleIn(w, 'en')} was accepted. The organizers assign its time and table when they schedule the meetings; you will be told.`,
            ru: `Ваше предложение B2B-встречи на «${titleIn(w, 'ru')}» принято. Время и стол назначат организаторы при составлении расписания встреч; вам сообщат.`,
          }
        : {
            en: `Your B2B meeting request at ${titleIn(w, 'en')} was declined.`,
            ru: `Ваше предложение B2B-встречи на «${titleIn(w, 'ru')}» отклонено.`,
          },
      link: scheduleLink(w._id),
    },
    actor,
  );
}

/** To the other side of a meeting called off. */
export function meetingCancelledNotice(w: TitledWorkshop, toUserIds: string[], actor: Actor) {
  return notifyUsers(
    toUserIds,
    {
      kind: 'workshop-meeting-cancelled',
      subject: { en: `A B2B meeting at ${titleIn(w, 'en')} was cancelled`, ru: `B2B-встреча на «${titleIn(w, 'ru')}» отменена` },
      text: {
        en: `One of your B2B meetings at ${titleIn(w, 'en')} was cancelled. Your schedule shows what remains:`,
        ru: `Одна из ваших B2B-встреч на «${titleIn(w, 'ru')}» отменена. Актуальное расписание:`,
      },
      link: scheduleLink(w._id),
    },
    actor,
  );
}

/** To participants whose meeting schedule a scheduler run changed. */
export function scheduleChangedNotice(w: TitledWorkshop, userIds: string[], actor: Actor) {
  return notifyUsers(
    userIds,
    {
      kind: 'workshop-schedule',
      subject: { en: `Your B2B meetings at ${titleIn(w, 'en')}`, ru: `Ваши B2B-встречи на «${titleIn(w, 'ru')}»` },
      text: {
        en: `The organizers of ${titleIn(w, 'en')} have scheduled B2B meetings, yours among them. Your schedule, with times, tables and a calendar file:`,
        ru: `Организаторы семинара «${titleIn(w, 'ru')}» составили расписание B2B-встреч, включая ваши. Ваше расписание со временем, столами и файлом календаря:`,
      },
      link: scheduleLink(w._id),
    },
    actor,
  );
}

/** Before the workshop starts. */
export function workshopStartsNotice(w: TitledWorkshop & { startsAt: Date; venue: string | null }, userIds: string[], actor: Actor) {
  const at = formatInZone(w.startsAt, w.timeZone);
  const where = w.venue ? ` (${w.venue})` : '';
  return notifyUsers(
    userIds,
    {
      kind: 'workshop-reminder',
      subject: { en: `${titleIn(w, 'en')} starts ${at}`, ru: `«${titleIn(w, 'ru')}» начинается ${at}` },
      text: {
        en: `A reminder: the workshop ${titleIn(w, 'en')}${where}, which you registered for, starts ${at}. The programme and your meetings:`,
        ru: `Напоминание: семинар «${titleIn(w, 'ru')}»${where}, на который вы зарегистрированы, начинается ${at}. Программа и ваши встречи:`,
      },
      link: workshopLink(w._id),
    },
    actor,
  );
}

/** Before a participant's first meeting (grouped by its start, so one request per slot). */
export function firstMeetingNotice(w: TitledWorkshop, startsAt: Date, userIds: string[], actor: Actor) {
  const at = formatInZone(startsAt, w.timeZone);
  return notifyUsers(
    userIds,
    {
      kind: 'workshop-meeting-reminder',
      subject: { en: `Your first B2B meeting at ${titleIn(w, 'en')}: ${at}`, ru: `Ваша первая B2B-встреча на «${titleIn(w, 'ru')}»: ${at}` },
      text: {
        en: `A reminder: your first B2B meeting at ${titleIn(w, 'en')} is ${at}. Your schedule, with tables and partners:`,
        ru: `Напоминание: ваша первая B2B-встреча на «${titleIn(w, 'ru')}» — ${at}. Ваше расписание со столами и партнёрами:`,
      },
      link: scheduleLink(w._id),
    },
    actor,
  );
}

/** To registered participants: the workshop will not take place. */
export function workshopCancelledNotice(w: TitledWorkshop, userIds: string[], actor: Actor) {
  if (userIds.length === 0) return [];
  return notifyUsers(
    userIds,
    {
      kind: 'workshop-cancelled',
      subject: { en: `${titleIn(w, 'en')} is cancelled`, ru: `Семинар «${titleIn(w, 'ru')}» отменён` },
      text: {
        en: `The workshop ${titleIn(w, 'en')}, which you registered for, has been cancelled by its organizers.`,
        ru: `Семинар «${titleIn(w, 'ru')}», на который вы зарегистрированы, отменён организаторами.`,
      },
      link: workshopLink(w._id),
    },
    actor,
  );
}
