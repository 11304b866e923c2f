import { randomUUID } from 'node:crypto';
import { type Caller, emailDigest, LOCAL_ERASURE_KEY, makeEvent, TOPICS } from '@ccp/kit';
import { collectEvents } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInParticipant } from '../src/domain/check-in-participant.js';
import { escapeText, foldLine } from '../src/domain/ical.js';
import { recordMeetingOutcome } from '../src/domain/record-meeting-outcome.js';
import { registerForWorkshop } from '../src/domain/register-participant.js';
import { scheduleMeetings } from '../src/domain/schedule-meetings.js';
import { remindWorkshop } from '../src/domain/workshop-reminders.js';
import type { ParticipantDocument } from '../src/model/participant.js';
import type { WorkshopDocument } from '../src/model/workshop.js';
import {
  apiClient,
  codes,
  coordinatorOf,
  dataAt,
  managerOf,
  newCluster,
  secretariat,
  startMatchmaking,
  user,
} from './harness.js';

const WORKSHOP = `id title { en } status hostEconomyCode startsAt endsAt timeZone venue capacity version
  participantCount seatsLeft checkedInCount
  agenda { startsAt endsAt title { en ru } }
  meetingSettings { slotMinutes breakMinutes tables onlineLinks slotCount sessions { startsAt endsAt } }`;
const SCHEDULE = `mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { ${WORKSHOP} } }`;
const UPDATE = `mutation($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { ${WORKSHOP} } }`;
const SET_STATUS = `mutation($id: ID!, $status: WorkshopStatus!) { setWorkshopStatus(workshopId: $id, status: $status) { id status } }`;
const PARTICIPANT = `id workshopId status name organization email economyCode gender sector clusterId cluster { id }
  consentTextVersion consentedAt listed timeZone registeredAt checkedInAt cancelledAt`;
const REGISTER = `mutation($input: RegisterForWorkshopInput!) { registerForWorkshop(input: $input) { ${PARTICIPANT} } }`;
const CANCEL_REGISTRATION = `mutation($id: ID!) { cancelWorkshopRegistration(participantId: $id) { id status cancelledAt } }`;
const CHECK_IN = `mutation($id: ID!) { checkInParticipant(participantId: $id) { id checkedInAt } }`;
const READ = `query($id: ID!) { workshop(id: $id) { id participantCount seatsLeft checkedInCount
  participants { id name email } myRegistration { id name } } }`;
const COUNTS = `query($id: ID!) { workshop(id: $id) { participantCount seatsLeft myRegistration { id } } }`;
const PARTICIPANTS = `query($id: ID!) { workshop(id: $id) { participants { id name email gender } } }`;
const DIRECTORY = `query($id: ID!) { workshop(id: $id) { directory { id name organization economyCode sector clusterId } } }`;
const MEETING = `id workshopId status note requester { id name } requested { id name }
  place { startsAt endsAt localStartsAt timeZone table onlineLink } requesterOutcome requestedOutcome collaborationId`;
const REQUEST_MEETING = `mutation($input: RequestMeetingInput!) { requestMeeting(input: $input) { ${MEETING} } }`;
const RESPOND = `mutation($id: ID!, $accept: Boolean!) { respondToMeetingRequest(meetingId: $id, accept: $accept) { ${MEETING} } }`;
const CANCEL_MEETING = `mutation($id: ID!) { cancelMeeting(meetingId: $id) { id status } }`;
const SCHEDULE_MEETINGS = `mutation($id: ID!, $reschedule: Boolean) { scheduleMeetings(workshopId: $id, reschedule: $reschedule) {
  at accepted placed kept unplaced changed notified unplacedMeetings { meetingId reason } } }`;
const MOVE_MEETING = `mutation($input: MoveMeetingInput!) { moveMeeting(input: $input) { meeting { id } place { startsAt table } } }`;
const MEETINGS = `query($id: ID!) { workshop(id: $id) { meetings { ${MEETING} } lastScheduleRun { placed accepted } } }`;
const MY_SCHEDULE = `query($id: ID!, $tz: String) { myWorkshopSchedule(workshopId: $id, timeZone: $tz) {
  timeZone participant { id } unscheduled { id }
  meetings { meeting { id } with { id name organization } place { startsAt endsAt localStartsAt localEndsAt timeZone table } } } }`;
const MY_ICS = `query($id: ID!) { myScheduleIcs(workshopId: $id) }`;
const MY_REQUESTS = `query($id: ID!) { myMeetingRequests(workshopId: $id) { id status } }`;
const RECORD = `mutation($id: ID!, $outcome: MeetingOutcome!) { recordMeetingOutcome(meetingId: $id, outcome: $outcome) { ${MEETING} } }`;
const ECONOMY_WORKSHOPS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Economy { workshops { id status participantCount } } } }`;

// biome-ignore lint/suspicious/noExplicitAny: tests read GraphQL results and events loosely
type Json = any;
type Harness = Awaited<ReturnType<typeof startMatchmaking>>;
let h: Harness;
const host = coordinatorOf('SG');
const otherCoordinator = coordinatorOf('JP');
const HOUR = 3_600_000;
const MINUTE = 60_000;

beforeAll(async () => {
  h = await startMatchmaking('workshops');
});

afterAll(async () => {
  await h?.stop();
});

/** A workshop starting in two hours (on the minute), two meeting sessions of six 20-minute slots, three tables. */
function workshopInput(overrides: Record<string, unknown> = {}) {
  const start = Math.ceil((Date.now() + 2 * HOUR) / MINUTE) * MINUTE;
  const at = (ms: number) => new Date(start + ms).toISOString();
  return {
    title: { en: `Smart manufacturing B2B ${h.run}`, ru: 'Умное производство' },
    hostEconomy: 'SG',
    startsAt: at(0),
    endsAt: at(8 * HOUR),
    timeZone: 'Asia/Singapore',
    venue: 'Marina Bay Sands Expo, Hall B',
    capacity: 50,
    agenda: [
      { startsAt: at(HOUR), title: { en: 'Opening' } },
      { startsAt: at(0), endsAt: at(HOUR), title: { en: 'Registration and coffee', ru: 'Регистрация' } },
    ],
    meetingSettings: {
      slotMinutes: 20,
      sessions: [
        { startsAt: at(HOUR), endsAt: at(3 * HOUR) },
        { startsAt: at(4 * HOUR), endsAt: at(6 * HOUR) },
      ],
      tables: 3,
    },
    ...overrides,
  };
}

async function newWorkshop(overrides: Record<string, unknown> = {}, open = true) {
  const { data, errors } = await h.execute(SCHEDULE, { input: workshopInput(overrides) }, host);
  expect(errors).toBeUndefined();
  const workshop = data.scheduleWorkshop;
  if (open) {
    const opened = await h.execute(SET_STATUS, { id: workshop.id, status: 'REGISTRATION_OPEN' }, host);
    expect(opened.errors).toBeUndefined();
  }
  return workshop as { id: string; startsAt: string; endsAt: string; version: number };
}

let attendeeCount = 0;
const attendee = (): Caller => user(`user-attendee-${h.run}-${++attendeeCount}`);

function registration(workshopId: string, overrides: Record<string, unknown> = {}) {
  return {
    workshopId,
    name: 'Mei Ling Tan',
    organization: 'Jurong Robotics, Pte. Ltd.',
    email: `mei.${randomUUID().slice(0, 6)}@example.org`,
    economy: 'SG',
    gender: 'FEMALE',
    sector: 'PRIVATE',
    consent: true,
    consentTextVersion: '2025-01',
    listed: true,
    ...overrides,
  };
}

async function register(workshopId: string, caller: Caller = attendee(), overrides: Record<string, unknown> = {}) {
  const { data, errors } = await h.execute(REGISTER, { input: registration(workshopId, overrides) }, caller);
  expect(errors).toBeUndefined();
  return { caller, participant: data.registerForWorkshop as { id: string; name: string } };
}

const workshopDoc = (id: string) => h.server.deps.workshops.findById(id).lean<WorkshopDocument>();
const participantDocs = (workshopId: string) =>
  h.server.deps.participants.find({ workshopId }).lean<ParticipantDocument[]>();

/** Events of one workshop on its topic, from now on. */
async function workshopEvents(workshopId: string, type: string, count = 1, timeoutMs = 20_000) {
  const collector = await collectEvents(
    h.kafka,
    TOPICS.workshop,
    (e) => e.subject === workshopId && e.type === `ccp.matchmaking.workshop.${type}.v1`,
    { count, timeoutMs },
  );
  await collector.start();
  return collector;
}

async function notifications(matches: (e: Json) => boolean, count = 1) {
  const collector = await collectEvents(h.kafka, TOPICS.notifications, matches, { count, timeoutMs: 20_000 });
  await collector.start();
  return collector;
}

describe('scheduling and editing a workshop', () => {
  it('When the host schedules a workshop with an agenda and meeting settings, then it is announced with them and empty counts', async () => {
    const { data, errors } = await h.execute(SCHEDULE, { input: workshopInput() }, host);

    expect(errors).toBeUndefined();
    const w = data.scheduleWorkshop;
    expect(w).toMatchObject({ status: 'SCHEDULED', participantCount: 0, seatsLeft: 50, checkedInCount: 0, version: 1 });
    expect(w.agenda.map((a: Json) => a.title.en)).toEqual(['Registration and coffee', 'Opening']);
    expect(w.meetingSettings).toMatchObject({ slotMinutes: 20, breakMinutes: 0, tables: 3, onlineLinks: [], slotCount: 12 });
  });

  it('When the host edits it with the version read, then it changes; with an older version, then CONFLICT names expectedVersion and nothing changes', async () => {
    const w = await newWorkshop({}, false);

    const edited = await h.execute(
      UPDATE,
      { input: { workshopId: w.id, expectedVersion: w.version, capacity: 80, meetingSettings: { ...workshopInput().meetingSettings, breakMinutes: 5, tables: 4 } } },
      host,
    );
    const stale = await h.execute(UPDATE, { input: { workshopId: w.id, expectedVersion: w.version, capacity: 10 } }, host);

    expect(edited.errors).toBeUndefined();
    expect(edited.data.updateWorkshop).toMatchObject({ capacity: 80, version: w.version + 1 });
    // 120 minutes per session hold 4 slots of 20 + 5 minutes plus a last one without its break.
    expect(edited.data.updateWorkshop.meetingSettings).toMatchObject({ breakMinutes: 5, tables: 4, slotCount: 10 });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect((await workshopDoc(w.id))?.capacity).toBe(80);
  });

  it('When a session falls outside the workshop, sessions overlap, a link is not https or the capacity is above 2000, then BAD_USER_INPUT names the field and nothing is stored', async () => {
    const base = workshopInput();
    const [s1, s2] = base.meetingSettings.sessions as [{ startsAt: string; endsAt: string }, { startsAt: string; endsAt: string }];
    const cases: [Record<string, unknown>, string][] = [
      [{ meetingSettings: { ...base.meetingSettings, sessions: [{ startsAt: base.startsAt, endsAt: new Date(Date.parse(base.endsAt) + HOUR).toISOString() }] } }, 'meetingSettings.sessions.0.startsAt'],
      [{ meetingSettings: { ...base.meetingSettings, sessions: [s1, { startsAt: s1.startsAt, endsAt: s2.endsAt }] } }, 'meetingSettings.sessions.1.startsAt'],
      [{ meetingSettings: { ...base.meetingSettings, onlineLinks: ['http://meet.example.org/1'] } }, 'meetingSettings.onlineLinks.0'],
      [{ meetingSettings: { ...base.meetingSettings, slotMinutes: 3 } }, 'meetingSettings.slotMinutes'],
      [{ capacity: 2001 }, 'capacity'],
      [{ agenda: [{ startsAt: base.endsAt, endsAt: base.startsAt, title: { en: 'Backwards' } }] }, 'agenda.0.endsAt'],
    ];
    const title = `Refused ${randomUUID()}`;

    for (const [overrides, field] of cases) {
      const { errors } = await h.execute(SCHEDULE, { input: { ...workshopInput(overrides), title: { en: title } } }, host);
      expect(errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await h.server.deps.workshops.countDocuments({ 'title.en': title })).toBe(0);
  });

  it("When another economy's coordinator or a member edits or opens it, then FORBIDDEN; anonymous gets UNAUTHENTICATED; the secretariat may", async () => {
    const w = await newWorkshop({}, false);
    const edit = (caller: Caller) => h.execute(UPDATE, { input: { workshopId: w.id, venue: 'Elsewhere' } }, caller);

    expect(codes([await edit(otherCoordinator), await edit(user('user-nobody')), await edit({ subject: 'anonymous', kind: 'anonymous', grants: [] })])).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'UNAUTHENTICATED',
    ]);
    expect(codes([await h.execute(SET_STATUS, { id: w.id, status: 'REGISTRATION_OPEN' }, otherCoordinator)])).toEqual(['FORBIDDEN']);
    expect((await workshopDoc(w.id))?.venue).toBe('Marina Bay Sands Expo, Hall B');
    const bySecretariat = await h.execute(SET_STATUS, { id: w.id, status: 'REGISTRATION_OPEN' }, secretariat);
    expect(bySecretariat.data.setWorkshopStatus.status).toBe('REGISTRATION_OPEN');
  });

  it('When the status skips a step or leaves CANCELLED, then INVALID_STATE; cancelling tells the registered participants and ends edits', async () => {
    const w = await newWorkshop({}, false);
    const skipped = await h.execute(SET_STATUS, { id: w.id, status: 'REGISTRATION_CLOSED' }, host);
    await h.execute(SET_STATUS, { id: w.id, status: 'REGISTRATION_OPEN' }, host);
    const { caller } = await register(w.id);
    const told = await notifications((e) => e.data?.kind === 'workshop-cancelled' && e.data.userIds?.includes(caller.subject));

    const cancelled = await h.execute(SET_STATUS, { id: w.id, status: 'CANCELLED' }, host);
    const reopened = await h.execute(SET_STATUS, { id: w.id, status: 'REGISTRATION_OPEN' }, host);
    const edited = await h.execute(UPDATE, { input: { workshopId: w.id, capacity: 5 } }, host);

    expect(codes([skipped])).toEqual(['INVALID_STATE']);
    expect(cancelled.data.setWorkshopStatus.status).toBe('CANCELLED');
    expect(codes([reopened, edited])).toEqual(['INVALID_STATE', 'INVALID_STATE']);
    expect((await told.done)[0].event.data.userIds).toEqual([caller.subject]);
  });

  it('When an economy is read as an entity, then its workshops are listed with their status and counts', async () => {
    const w = await newWorkshop();
    await register(w.id);

    const { data, errors } = await h.execute(ECONOMY_WORKSHOPS, { reps: [{ __typename: 'Economy', code: 'SG' }] });

    expect(errors).toBeUndefined();
    expect(data._entities[0].workshops).toContainEqual({ id: w.id, status: 'REGISTRATION_OPEN', participantCount: 1 });
  });
});

describe('registering for a workshop', () => {
  it('When a signed-in user registers with consent, then a registration holds a seat and participant-registered carries no personal data', async () => {
    const w = await newWorkshop();
    const events = await workshopEvents(w.id, 'participant-registered');
    const caller = attendee();

    const { data, errors } = await h.execute(REGISTER, { input: registration(w.id, { timeZone: 'Europe/Moscow' }) }, caller);

    expect(errors).toBeUndefined();
    const p = data.registerForWorkshop;
    expect(p).toMatchObject({ status: 'REGISTERED', name: 'Mei Ling Tan', economyCode: 'SG', gender: 'FEMALE', sector: 'PRIVATE', consentTextVersion: '2025-01', listed: true, timeZone: 'Europe/Moscow', checkedInAt: null });
    const { event, headers } = (await events.done)[0];
    const doc = await workshopDoc(w.id);
    expect(event).toMatchObject({ subject: w.id, economy: 'SG', sequence: doc?.version, actor: caller.subject, actorrole: 'member' });
    expect(event.data).toEqual({
      workshopId: w.id,
      participantId: p.id,
      hostEconomy: 'SG',
      economy: 'SG',
      gender: 'female',
      sector: 'private',
      clusterId: null,
      consent: true,
      registeredAt: p.registeredAt,
    });
    expect(headers['content-type']).toBe('application/cloudevents+json');
    expect(h.validator.validate(event).ok).toBe(true);
    expect(doc).toMatchObject({ participantCount: 1, seats: [p.id] });
  });

  it('When consent is missing or false, the e-mail or economy is wrong or the time zone is not IANA, then BAD_USER_INPUT names the field, nothing is stored and no event is sent', async () => {
    const w = await newWorkshop();
    const none = await h.watchNone(TOPICS.workshop, (e) => e.subject === w.id && e.type.endsWith('participant-registered.v1'));
    const cases: [Record<string, unknown>, string][] = [
      [{ consent: false }, 'consent'],
      [{ email: 'not-an-address' }, 'email'],
      [{ economy: 'XX' }, 'economy'],
      [{ timeZone: '+08:00' }, 'timeZone'],
      [{ name: '   ' }, 'name'],
      [{ availability: [{ startsAt: workshopInput().endsAt, endsAt: workshopInput().startsAt }] }, 'availability.0.endsAt'],
    ];

    for (const [overrides, field] of cases) {
      const { errors } = await h.execute(REGISTER, { input: registration(w.id, overrides) }, attendee());
      expect(errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // Values the graph's enums keep out are refused by the use case too.
    await expect(registerForWorkshop(h.server.deps, attendee(), { ...registration(w.id), gender: 'unknown', sector: 'private' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'gender' },
    });
    expect(await participantDocs(w.id)).toEqual([]);
    await none.expectNone();
  });

  it('When the workshop is not open, then INVALID_STATE; anonymous callers get UNAUTHENTICATED and API clients FORBIDDEN', async () => {
    const w = await newWorkshop({}, false);
    const input = { input: registration(w.id) };

    expect(
      codes([
        await h.execute(REGISTER, input, attendee()),
        await h.execute(REGISTER, input, { subject: 'anonymous', kind: 'anonymous', grants: [] }),
        await h.execute(REGISTER, input, apiClient),
      ]),
    ).toEqual(['INVALID_STATE', 'UNAUTHENTICATED', 'FORBIDDEN']);
    expect(await participantDocs(w.id)).toEqual([]);
  });

  it('When the same user registers twice, then CONFLICT names workshopId and there is one registration', async () => {
    const w = await newWorkshop();
    const { caller, participant } = await register(w.id);

    const again = await h.execute(REGISTER, { input: registration(w.id) }, caller);

    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'workshopId', participantId: participant.id });
    expect(await participantDocs(w.id)).toHaveLength(1);
  });

  it('When more people register at once than there are seats, then exactly the capacity is registered and the others get INVALID_STATE with nothing left behind', async () => {
    const w = await newWorkshop({ capacity: 3 });
    const events = await workshopEvents(w.id, 'participant-registered', 3);

    const results = await Promise.all(Array.from({ length: 7 }, () => h.execute(REGISTER, { input: registration(w.id) }, attendee())));

    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(3);
    expect(results.filter((r) => r.errors).map((r) => r.errors?.[0]?.extensions.code)).toEqual(Array(4).fill('INVALID_STATE'));
    const docs = await participantDocs(w.id);
    expect(docs.map((d) => d.status)).toEqual(['registered', 'registered', 'registered']);
    expect((await workshopDoc(w.id))?.seats.sort()).toEqual(docs.map((d) => d._id).sort());
    expect((await events.done).map((e) => e.event.data.participantId).sort()).toEqual(docs.map((d) => d._id).sort());
    const counts = await h.execute(COUNTS, { id: w.id }, attendee());
    expect(counts.data.workshop).toMatchObject({ participantCount: 3, seatsLeft: 0 });
  });

  it('When a user links a cluster they manage, then the registration and its event carry it; a cluster they do not manage is FORBIDDEN', async () => {
    const w = await newWorkshop();
    const clusterId = randomUUID();
    const events = await workshopEvents(w.id, 'participant-registered');

    const linked = await h.execute(REGISTER, { input: registration(w.id, { clusterId }) }, managerOf(clusterId, `user-linked-${h.run}`));
    const foreign = await h.execute(REGISTER, { input: registration(w.id, { clusterId: randomUUID() }) }, managerOf(clusterId, `user-other-${h.run}`));

    expect(linked.data.registerForWorkshop).toMatchObject({ clusterId, cluster: { id: clusterId } });
    expect((await events.done)[0].event.data.clusterId).toBe(clusterId);
    expect(codes([foreign])).toEqual(['FORBIDDEN']);
    expect(await participantDocs(w.id)).toHaveLength(1);
  });

  it('When a participant cancels, then the seat is free and they may register again; another user may not cancel it, the host may', async () => {
    const w = await newWorkshop({ capacity: 1 });
    const { caller, participant } = await register(w.id);

    const byStranger = await h.execute(CANCEL_REGISTRATION, { id: participant.id }, attendee());
    const own = await h.execute(CANCEL_REGISTRATION, { id: participant.id }, caller);
    const again = await register(w.id, caller);
    const byHost = await h.execute(CANCEL_REGISTRATION, { id: again.participant.id }, host);

    expect(codes([byStranger])).toEqual(['FORBIDDEN']);
    expect(own.data.cancelWorkshopRegistration.status).toBe('CANCELLED');
    expect(byHost.data.cancelWorkshopRegistration.status).toBe('CANCELLED');
    expect(await workshopDoc(w.id)).toMatchObject({ seats: [], participantCount: 0 });
  });

  it('When a cancellation stopped before giving its seat back, then the next registration of the full workshop finds the seat', async () => {
    const w = await newWorkshop({ capacity: 1 });
    const { participant } = await register(w.id);
    // What a crash between the cancellation's two writes leaves: the registration cancelled, the seat still taken.
    await h.server.deps.participants.updateOne(
      { _id: participant.id },
      { $set: { status: 'cancelled', registrationKey: `cancelled:${participant.id}` } },
    );

    const next = await register(w.id);

    expect((await workshopDoc(w.id))?.seats).toEqual([next.participant.id]);
  });

  it('When a registration was interrupted after it was stored, then registering again completes it once', async () => {
    const w = await newWorkshop();
    const caller = attendee();
    const stored = {
      ...registration(w.id),
      _id: randomUUID(),
      userId: caller.subject,
      registrationKey: `${w.id}:${caller.subject}`,
      status: 'pending',
      economy: 'SG',
      gender: 'female',
      sector: 'private',
      clusterId: null,
      consent: { given: true, at: new Date(Date.now() - 5 * MINUTE), textVersion: '2025-01' },
      timeZone: null,
      availability: null,
      registeredAt: new Date(Date.now() - 5 * MINUTE),
      checkedInAt: null,
      cancelledAt: null,
      erasedAt: null,
    };
    await h.server.deps.participants.collection.insertOne(stored as never);
    const events = await workshopEvents(w.id, 'participant-registered');

    const completed = await register(w.id, caller);

    expect(completed.participant.id).toBe(stored._id);
    expect((await events.done)[0].event.data.participantId).toBe(stored._id);
    expect(await participantDocs(w.id)).toMatchObject([{ _id: stored._id, status: 'registered' }]);
    expect((await workshopDoc(w.id))?.seats).toEqual([stored._id]);
  });
});

describe('who sees the participants', () => {
  it('When the host or the secretariat reads the workshop, then they see every participant; a participant sees only their own; others see counts', async () => {
    const w = await newWorkshop();
    const a = await register(w.id, attendee(), { name: 'Ana Reyes' });
    await register(w.id, attendee(), { name: 'Kenji Sato', listed: false });
    const outsider = attendee();

    const byHost = await h.execute(READ, { id: w.id }, host);
    const bySecretariat = await h.execute(PARTICIPANTS, { id: w.id }, secretariat);
    const byParticipant = await h.execute(PARTICIPANTS, { id: w.id }, a.caller);
    const own = await h.execute(COUNTS, { id: w.id }, a.caller);
    const byOutsider = await h.execute(COUNTS, { id: w.id }, outsider);
    const byOtherCoordinator = await h.execute(PARTICIPANTS, { id: w.id }, otherCoordinator);
    const byAnonymous = await h.execute(PARTICIPANTS, { id: w.id }, { subject: 'anonymous', kind: 'anonymous', grants: [] });

    expect(byHost.data.workshop.participants.map((p: Json) => p.name)).toEqual(['Ana Reyes', 'Kenji Sato']);
    expect(byHost.data.workshop.participants[0].email).toMatch(/@example\.org$/);
    expect(bySecretariat.data.workshop.participants).toHaveLength(2);
    expect(codes([byParticipant, byOtherCoordinator, byAnonymous])).toEqual(['FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect(own.data.workshop).toMatchObject({ participantCount: 2, myRegistration: { id: a.participant.id } });
    expect(byOutsider.errors).toBeUndefined();
    expect(byOutsider.data.workshop).toMatchObject({ participantCount: 2, seatsLeft: 48, myRegistration: null });
  });

  it('When a registered participant reads the directory, then they see the listed participants without e-mail; an outsider is FORBIDDEN', async () => {
    const w = await newWorkshop();
    const listed = await register(w.id, attendee(), { name: 'Listed Person', economy: null });
    await register(w.id, attendee(), { name: 'Hidden Person', listed: false });

    const seen = await h.execute(DIRECTORY, { id: w.id }, listed.caller);
    const outsider = await h.execute(DIRECTORY, { id: w.id }, attendee());

    expect(seen.data.workshop.directory).toEqual([
      { id: listed.participant.id, name: 'Listed Person', organization: 'Jurong Robotics, Pte. Ltd.', economyCode: null, sector: 'PRIVATE', clusterId: null },
    ]);
    expect(codes([outsider])).toEqual(['FORBIDDEN']);
  });
});

describe('checking participants in', () => {
  it('When the host checks a participant in twice, then they are checked in once and one participant-checked-in event is sent', async () => {
    const w = await newWorkshop();
    const { participant } = await register(w.id, attendee(), { gender: 'PREFER_NOT_TO_SAY', sector: 'ACADEMIA', economy: 'PE' });
    const events = await workshopEvents(w.id, 'participant-checked-in');

    const first = await h.execute(CHECK_IN, { id: participant.id }, host);
    const second = await h.execute(CHECK_IN, { id: participant.id }, secretariat);

    expect(first.errors).toBeUndefined();
    expect(second.data.checkInParticipant.checkedInAt).toBe(first.data.checkInParticipant.checkedInAt);
    const { event } = (await events.done)[0];
    expect(event).toMatchObject({ subject: w.id, economy: 'SG', actor: host.subject, actorrole: 'coordinator' });
    expect(event.data).toEqual({
      workshopId: w.id,
      participantId: participant.id,
      hostEconomy: 'SG',
      economy: 'PE',
      gender: 'prefer-not-to-say',
      sector: 'academia',
      checkedInAt: first.data.checkInParticipant.checkedInAt,
    });
    expect(h.validator.validate(event).ok).toBe(true);
    const none = await h.watchNone(TOPICS.workshop, (e) => e.subject === w.id && e.type.endsWith('participant-checked-in.v1'));
    await h.execute(CHECK_IN, { id: participant.id }, host);
    await none.expectNone();
    expect(await workshopDoc(w.id)).toMatchObject({ checkedInCount: 1, checkedIn: [participant.id] });
  });

  it('When several people at the door check the same participant in at once, then the check-in is announced once', async () => {
    const w = await newWorkshop();
    const { participant } = await register(w.id);

    await Promise.all([host, secretariat, host, secretariat].map((c) => h.execute(CHECK_IN, { id: participant.id }, c)));

    const doc = await workshopDoc(w.id);
    expect(doc).toMatchObject({ checkedInCount: 1, checkedIn: [participant.id] });
  });

  it("When the participant, another economy's coordinator or an anonymous caller checks in, then FORBIDDEN or UNAUTHENTICATED and nothing changes", async () => {
    const w = await newWorkshop();
    const { caller, participant } = await register(w.id);

    const results = [caller, otherCoordinator, { subject: 'anonymous', kind: 'anonymous' as const, grants: [] }].map((c) =>
      h.execute(CHECK_IN, { id: participant.id }, c),
    );

    expect(codes(await Promise.all(results))).toEqual(['FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect((await workshopDoc(w.id))?.checkedIn).toEqual([]);
  });

  it('When check-in is two days early or the registration was cancelled, then INVALID_STATE', async () => {
    const w = await newWorkshop();
    const { participant } = await register(w.id);
    const gone = await register(w.id);
    await h.execute(CANCEL_REGISTRATION, { id: gone.participant.id }, gone.caller);

    await expect(checkInParticipant(h.server.deps, host, participant.id, new Date(Date.parse(w.startsAt) - 48 * HOUR))).rejects.toMatchObject({
      extensions: { code: 'INVALID_STATE' },
    });
    expect(codes([await h.execute(CHECK_IN, { id: gone.participant.id }, host)])).toEqual(['INVALID_STATE']);
    expect((await workshopDoc(w.id))?.checkedIn).toEqual([]);
  });
});

/** A workshop with `n` listed participants. */
async function workshopWith(n: number, overrides: Record<string, unknown> = {}) {
  const w = await newWorkshop(overrides);
  const people: { caller: Caller; participant: { id: string; name: string } }[] = [];
  for (let i = 0; i < n; i++) people.push(await register(w.id, attendee(), { name: `Participant ${i}`, organization: `Org ${i}, Ltd.` }));
  return { w, people };
}

async function acceptedMeeting(workshopId: string, from: { caller: Caller }, to: { caller: Caller; participant: { id: string } }) {
  const asked = await h.execute(REQUEST_MEETING, { input: { workshopId, withParticipantId: to.participant.id, note: 'Sensors; supply chain' } }, from.caller);
  expect(asked.errors).toBeUndefined();
  const accepted = await h.execute(RESPOND, { id: asked.data.requestMeeting.id, accept: true }, to.caller);
  expect(accepted.errors).toBeUndefined();
  return accepted.data.respondToMeetingRequest as { id: string };
}

describe('meeting requests', () => {
  it('When a participant asks another for a meeting and they accept, then each is told and the meeting is ACCEPTED', async () => {
    const { w, people } = await workshopWith(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const asked = await notifications((e) => e.data?.kind === 'workshop-meeting-requested' && e.data.userIds?.[0] === b.caller.subject);

    const request = await h.execute(REQUEST_MEETING, { input: { workshopId: w.id, withParticipantId: b.participant.id, note: 'Joint pilot?' } }, a.caller);
    const answered = await notifications((e) => e.data?.kind === 'workshop-meeting-answered' && e.data.userIds?.[0] === a.caller.subject);
    const accepted = await h.execute(RESPOND, { id: request.data.requestMeeting.id, accept: true }, b.caller);

    expect(request.data.requestMeeting).toMatchObject({ status: 'REQUESTED', note: 'Joint pilot?', requester: { id: a.participant.id, name: 'Participant 0' }, requested: { id: b.participant.id }, place: null });
    expect(accepted.data.respondToMeetingRequest.status).toBe('ACCEPTED');
    expect((await asked.done)[0].event.data.subject.en).toContain('Participant 0');
    await answered.done;
    const mine = await h.execute(MY_REQUESTS, { id: w.id }, b.caller);
    expect(mine.data.myMeetingRequests).toEqual([{ id: request.data.requestMeeting.id, status: 'ACCEPTED' }]);
  });

  it('When a participant asks themselves, someone unlisted or the same person twice (either way round), then BAD_USER_INPUT or CONFLICT names withParticipantId', async () => {
    const { w, people } = await workshopWith(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const hidden = await register(w.id, attendee(), { listed: false });
    const ask = (from: Caller, to: string) => h.execute(REQUEST_MEETING, { input: { workshopId: w.id, withParticipantId: to } }, from);

    const self = await ask(a.caller, a.participant.id);
    const unlisted = await ask(a.caller, hidden.participant.id);
    const unknown = await ask(a.caller, randomUUID());
    await ask(a.caller, b.participant.id);
    const twice = await ask(a.caller, b.participant.id);
    const reverse = await ask(b.caller, a.participant.id);

    for (const r of [self, unlisted, unknown]) expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'withParticipantId' });
    for (const r of [twice, reverse]) expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'withParticipantId' });
    expect(await h.server.deps.meetings.countDocuments({ workshopId: w.id })).toBe(1);
  });

  it('When someone not registered asks, or the asker answers their own request, then FORBIDDEN; answering differently after an answer is INVALID_STATE', async () => {
    const { w, people } = await workshopWith(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const outsider = await h.execute(REQUEST_MEETING, { input: { workshopId: w.id, withParticipantId: b.participant.id } }, attendee());
    const request = await h.execute(REQUEST_MEETING, { input: { workshopId: w.id, withParticipantId: b.participant.id } }, a.caller);
    const id = request.data.requestMeeting.id;

    const byAsker = await h.execute(RESPOND, { id, accept: true }, a.caller);
    const declined = await h.execute(RESPOND, { id, accept: false }, b.caller);
    const declinedAgain = await h.execute(RESPOND, { id, accept: false }, b.caller);
    const acceptedLater = await h.execute(RESPOND, { id, accept: true }, b.caller);

    expect(codes([outsider, byAsker, acceptedLater])).toEqual(['FORBIDDEN', 'FORBIDDEN', 'INVALID_STATE']);
    expect(declined.data.respondToMeetingRequest.status).toBe('DECLINED');
    expect(declinedAgain.data.respondToMeetingRequest.status).toBe('DECLINED');
  });

  it('When a side cancels a meeting, then it is CANCELLED, the other side is told and the pair may ask again; a stranger may not cancel', async () => {
    const { w, people } = await workshopWith(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const meeting = await acceptedMeeting(w.id, a, b);
    const told = await notifications((e) => e.data?.kind === 'workshop-meeting-cancelled' && e.data.userIds?.[0] === a.caller.subject);

    const byStranger = await h.execute(CANCEL_MEETING, { id: meeting.id }, attendee());
    const cancelled = await h.execute(CANCEL_MEETING, { id: meeting.id }, b.caller);
    const askedAgain = await h.execute(REQUEST_MEETING, { input: { workshopId: w.id, withParticipantId: b.participant.id } }, a.caller);

    expect(codes([byStranger])).toEqual(['FORBIDDEN']);
    expect(cancelled.data.cancelMeeting.status).toBe('CANCELLED');
    expect(askedAgain.data.requestMeeting.status).toBe('REQUESTED');
    await told.done;
  });
});

describe('scheduling B2B meetings', () => {
  it('When the host schedules, then every accepted meeting gets a slot and a table without double booking and the participants are told; a rerun changes nothing', async () => {
    const { w, people } = await workshopWith(7);
    const pairs: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3], [4, 5], [4, 6], [5, 6], [0, 4], [1, 5], [2, 6]];
    for (const [i, j] of pairs) await acceptedMeeting(w.id, people[i] as (typeof people)[0], people[j] as (typeof people)[0]);
    const told = await notifications((e) => e.data?.kind === 'workshop-schedule' && e.data.userIds?.includes(people[0]?.caller.subject));

    const run = await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);
    const meetings = await h.execute(MEETINGS, { id: w.id }, host);

    expect(run.errors).toBeUndefined();
    expect(run.data.scheduleMeetings).toMatchObject({ accepted: 12, placed: 12, kept: 0, unplaced: 0, changed: true, notified: 7 });
    const placed = meetings.data.workshop.meetings.map((m: Json) => ({ ...m.place, between: [m.requester.id, m.requested.id] }));
    const seen = new Set<string>();
    for (const m of placed) {
      expect(m.table).toBeGreaterThanOrEqual(1);
      expect(m.table).toBeLessThanOrEqual(3);
      for (const key of [`table ${m.table}@${m.startsAt}`, ...m.between.map((p: string) => `${p}@${m.startsAt}`)]) {
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
      expect(m.timeZone).toBe('Asia/Singapore');
      expect(m.localStartsAt).toMatch(/\+08:00$/);
    }
    expect((await told.done)[0].event.data.userIds).toHaveLength(7);
    expect(meetings.data.workshop.lastScheduleRun).toEqual({ placed: 12, accepted: 12 });

    const none = await h.watchNone(TOPICS.notifications, (e) => e.data?.kind === 'workshop-schedule' && e.data.userIds?.includes(people[0]?.caller.subject));
    const rerun = await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);
    expect(rerun.data.scheduleMeetings).toMatchObject({ placed: 12, kept: 12, changed: false, notified: 0 });
    const after = await h.execute(MEETINGS, { id: w.id }, host);
    expect(after.data.workshop.meetings.map((m: Json) => m.place)).toEqual(meetings.data.workshop.meetings.map((m: Json) => m.place));
    await none.expectNone();
  });

  it('When a meeting is accepted after the schedule was announced, then a rerun keeps every announced place and tells only the new pair', async () => {
    const { w, people } = await workshopWith(4);
    const [a, b, c, d] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0]];
    await acceptedMeeting(w.id, a, b);
    await acceptedMeeting(w.id, c, d);
    await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);
    const before = await h.execute(MEETINGS, { id: w.id }, host);
    await acceptedMeeting(w.id, a, c);

    const rerun = await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);
    const after = await h.execute(MEETINGS, { id: w.id }, host);

    expect(rerun.data.scheduleMeetings).toMatchObject({ placed: 3, kept: 2, changed: true, notified: 2 });
    for (const m of before.data.workshop.meetings) {
      expect(after.data.workshop.meetings.find((x: Json) => x.id === m.id).place).toEqual(m.place);
    }
  });

  it('When someone else schedules, or the workshop has no meeting settings, then FORBIDDEN or INVALID_STATE naming meetingSettings', async () => {
    const { w } = await workshopWith(0);
    const bare = await newWorkshop({ meetingSettings: undefined });

    expect(codes([await h.execute(SCHEDULE_MEETINGS, { id: w.id }, otherCoordinator), await h.execute(SCHEDULE_MEETINGS, { id: w.id }, attendee())])).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    const none = await h.execute(SCHEDULE_MEETINGS, { id: bare.id }, host);
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', field: 'meetingSettings' });
  });

  it('When the host moves a meeting into a slot where a side is busy or onto a taken table, then CONFLICT names startsAt or table; into a free place, it moves', async () => {
    const { w, people } = await workshopWith(4);
    const [a, b, c, d] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const ab = await acceptedMeeting(w.id, a, b);
    const ac = await acceptedMeeting(w.id, a, c);
    const cd = await acceptedMeeting(w.id, c, d);
    await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);
    const { data } = await h.execute(MEETINGS, { id: w.id }, host);
    const placeOf = (id: string) => data.workshop.meetings.find((m: Json) => m.id === id).place;
    const move = (meetingId: string, startsAt: string, table: number, caller: Caller = host) =>
      h.execute(MOVE_MEETING, { input: { meetingId, startsAt, table } }, caller);
    const lastSlot = new Date(Date.parse(w.startsAt) + 6 * HOUR - 20 * MINUTE).toISOString();

    const busy = await move(ab.id, placeOf(ac.id).startsAt, 3);
    const cdPlace = placeOf(cd.id);
    // cd shares no one with ab, and its slot is not ac's (they share c): only the table can be in the way.
    const taken = await move(ab.id, cdPlace.startsAt, cdPlace.table);
    const notASlot = await move(ab.id, new Date(Date.parse(lastSlot) + 7 * MINUTE).toISOString(), 1);
    const noTable = await move(ab.id, lastSlot, 4);
    const byParticipant = await move(ab.id, lastSlot, 1, a.caller);
    const moved = await move(ab.id, lastSlot, 2);

    expect(busy.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'startsAt', meetingId: ac.id });
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'table', meetingId: cd.id });
    expect(notASlot.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });
    expect(noTable.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'table' });
    expect(codes([byParticipant])).toEqual(['FORBIDDEN']);
    expect(moved.data.moveMeeting.place).toEqual({ startsAt: lastSlot, table: 2 });
  });
});

describe("a participant's schedule and calendar", () => {
  it('When a participant reads their schedule in another time zone, then the local times carry that zone; a bad zone names timeZone; outsiders are FORBIDDEN', async () => {
    const { w, people } = await workshopWith(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    await acceptedMeeting(w.id, a, b);
    await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);

    const mine = await h.execute(MY_SCHEDULE, { id: w.id, tz: 'America/Los_Angeles' }, a.caller);
    const bad = await h.execute(MY_SCHEDULE, { id: w.id, tz: 'Mars/Olympus' }, a.caller);
    const outsider = await h.execute(MY_SCHEDULE, { id: w.id }, attendee());

    expect(mine.errors).toBeUndefined();
    const s = mine.data.myWorkshopSchedule;
    expect(s).toMatchObject({ timeZone: 'America/Los_Angeles', participant: { id: a.participant.id }, unscheduled: [] });
    const [m] = s.meetings;
    expect(m.with).toMatchObject({ id: b.participant.id, name: 'Participant 1' });
    expect(m.place.localStartsAt).toMatch(/-0[78]:00$/);
    expect(new Date(m.place.localStartsAt).getTime()).toBe(Date.parse(m.place.startsAt));
    expect(Date.parse(m.place.endsAt) - Date.parse(m.place.startsAt)).toBe(20 * MINUTE);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timeZone' });
    expect(codes([outsider])).toEqual(['FORBIDDEN']);
  });

  it('When a participant exports their calendar, then it is RFC 5545: CRLF lines of at most 75 octets, UIDs, UTC times and escaped text', async () => {
    const longOrg = 'Универсальная ассоциация кластеров; робототехника, сенсоры и «умные» производства Дальнего Востока';
    const { w, people } = await workshopWith(1);
    const a = people[0] as (typeof people)[0];
    const b = await register(w.id, attendee(), { name: 'Ivan Petrov', organization: longOrg });
    const meeting = await acceptedMeeting(w.id, a, b);
    await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);

    const { data, errors } = await h.execute(MY_ICS, { id: w.id }, a.caller);

    expect(errors).toBeUndefined();
    const ics: string = data.myScheduleIcs;
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '').split('\r\n');
    expect(unfolded.slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//APEC Cluster Collaboration Platform//Workshops//EN']);
    expect(unfolded.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(unfolded).toContain(`UID:meeting-${meeting.id}@apec-ccp.org`);
    expect(unfolded).toContain(`UID:workshop-${w.id}@apec-ccp.org`);
    expect(unfolded).toContain(`SUMMARY:B2B meeting: Ivan Petrov\\, ${escapeText(longOrg)}`);
    expect(unfolded.find((l) => l.startsWith('DTSTART:'))).toMatch(/^DTSTART:\d{8}T\d{6}Z$/);
    expect(unfolded.find((l) => l.startsWith('DTSTAMP:'))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    expect(unfolded.find((l) => l.startsWith('LOCATION:') && l.includes('Table'))).toMatch(/^LOCATION:Table [1-3]\\, Marina Bay Sands Expo\\, Hall B$/);
    expect(unfolded.find((l) => l.startsWith('DESCRIPTION:') && l.includes('Sensors'))).toContain('Sensors\\; supply chain');
    expect(unfolded.filter(Boolean).at(-1)).toBe('END:VCALENDAR');
  });

  it('When text is escaped and folded, then specials are escaped and no UTF-8 character is split across lines', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    const line = `SUMMARY:${'ж'.repeat(60)}`;
    const folded = foldLine(line).split('\r\n');

    expect(folded.length).toBeGreaterThan(1);
    for (const l of folded) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    for (const l of folded.slice(1)) expect(l.startsWith(' ')).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
    expect(foldLine('SHORT:1')).toBe('SHORT:1');
  });
});

describe('meeting outcomes', () => {
  it('When both sides record outcomes, then meeting-recorded is sent once with the first outcome and when it was held; a side may change theirs', async () => {
    const { w, people } = await workshopWith(1);
    const a = people[0] as (typeof people)[0];
    const b = await register(w.id, attendee(), { economy: 'JP' });
    const guest = await register(w.id, attendee(), { economy: null });
    const meeting = await acceptedMeeting(w.id, a, b);
    await acceptedMeeting(w.id, a, guest);
    await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);
    const { data } = await h.execute(MEETINGS, { id: w.id }, host);
    const heldAt = data.workshop.meetings.find((m: Json) => m.id === meeting.id).place.startsAt;
    const later = new Date(Date.parse(heldAt) + 30 * MINUTE);
    const events = await workshopEvents(w.id, 'meeting-recorded');

    const early = await h.execute(RECORD, { id: meeting.id, outcome: 'COOPERATION_POSSIBLE' }, a.caller);
    const byStranger = await recordMeetingOutcome(h.server.deps, attendee(), meeting.id, 'cooperation-possible', later).catch((err) => err);
    await recordMeetingOutcome(h.server.deps, b.caller, meeting.id, 'insufficient-interest', later);
    const second = await recordMeetingOutcome(h.server.deps, a.caller, meeting.id, 'cooperation-possible', new Date(later.getTime() + MINUTE));

    expect(codes([early])).toEqual(['INVALID_STATE']);
    expect(byStranger).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(second.outcomes).toMatchObject({ requester: { outcome: 'cooperation-possible' }, requested: { outcome: 'insufficient-interest' } });
    const { event } = (await events.done)[0];
    expect(event.data).toEqual({
      workshopId: w.id,
      meetingId: meeting.id,
      hostEconomy: 'SG',
      outcome: 'insufficient-interest',
      participantEconomies: ['SG', 'JP'],
      clusterIds: [],
      heldAt,
      recordedAt: later.toISOString(),
    });
    expect(event).toMatchObject({ subject: w.id, economy: 'SG', time: later.toISOString() });
    expect(h.validator.validate(event).ok).toBe(true);

    const none = await h.watchNone(TOPICS.workshop, (e) => e.subject === w.id && e.data?.meetingId === meeting.id);
    await recordMeetingOutcome(h.server.deps, b.caller, meeting.id, 'no-cooperation-planned', new Date(later.getTime() + 2 * MINUTE));
    await none.expectNone();
    const stored = await h.server.deps.meetingRepository.byId(meeting.id);
    expect(stored?.outcomes.requested?.outcome).toBe('no-cooperation-planned');
    expect((await workshopDoc(w.id))?.recordedMeetings).toEqual([meeting.id]);
  });

  it('When both sides of clusters say cooperation is possible, then their collaboration is agreed from the meeting, once', async () => {
    const w = await newWorkshop();
    const [ca, cb] = [newCluster('SG', ['C26']), newCluster('CL', ['C10'])];
    await h.publishedCluster(ca);
    await h.publishedCluster(cb);
    const a = await register(w.id, managerOf(ca.id, `user-ws-a-${h.run}`), { clusterId: ca.id });
    const b = await register(w.id, managerOf(cb.id, `user-ws-b-${h.run}`), { clusterId: cb.id, economy: 'CL' });
    const meeting = await acceptedMeeting(w.id, a, b);
    await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);
    const later = new Date(Date.parse(w.endsAt));
    const agreed = await collectEvents(h.kafka, TOPICS.collaboration, (e) => dataAt(e, 'originId') === meeting.id, { timeoutMs: 20_000 });
    await agreed.start();
    const recorded = await workshopEvents(w.id, 'meeting-recorded');

    const first = await recordMeetingOutcome(h.server.deps, a.caller, meeting.id, 'cooperation-possible', later);
    const both = await recordMeetingOutcome(h.server.deps, b.caller, meeting.id, 'cooperation-possible', later);
    const again = await recordMeetingOutcome(h.server.deps, b.caller, meeting.id, 'cooperation-possible', later);

    expect(first.collaborationId).toBeNull();
    expect(both.collaborationId).toBeTruthy();
    expect(again.collaborationId).toBe(both.collaborationId);
    const { event } = (await agreed.done)[0];
    expect(event.data).toMatchObject({ collaborationId: both.collaborationId, clusterIds: [ca.id, cb.id], economies: ['SG', 'CL'], origin: 'workshop-meeting', originId: meeting.id });
    expect((await recorded.done)[0].event.data).toMatchObject({ clusterIds: [ca.id, cb.id], participantEconomies: ['SG', 'CL'], outcome: 'cooperation-possible' });
  });
});

describe('reminders', () => {
  it('When the workshop and first meetings are within the lead time, then each participant is reminded once, by user id', async () => {
    const { w, people } = await workshopWith(3);
    const [a, b, c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    await acceptedMeeting(w.id, a, b);
    await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);
    const record = await h.server.deps.workshopRepository.byIds([w.id]);
    const workshop = record[0] as NonNullable<(typeof record)[0]>;
    const startsSoon = await notifications((e) => e.data?.kind === 'workshop-reminder' && e.data.userIds?.includes(c.caller.subject));
    const firstMeeting = await notifications((e) => e.data?.kind === 'workshop-meeting-reminder' && e.data.userIds?.includes(a.caller.subject));

    const sent = await remindWorkshop(h.server.deps, workshop, new Date(), 24 * HOUR);
    const again = await remindWorkshop(h.server.deps, workshop, new Date(), 24 * HOUR);

    expect(sent).toBe(5);
    expect(again).toBe(0);
    expect((await startsSoon.done)[0].event.data.userIds.sort()).toEqual([a, b, c].map((p) => p.caller.subject).sort());
    expect((await firstMeeting.done)[0].event.data.userIds.sort()).toEqual([a, b].map((p) => p.caller.subject).sort());
  });

  it('When nothing is within the lead time, then no reminder goes out', async () => {
    const { w } = await workshopWith(1);
    const record = await h.server.deps.workshopRepository.byIds([w.id]);

    expect(await remindWorkshop(h.server.deps, record[0] as NonNullable<(typeof record)[0]>, new Date(), HOUR)).toBe(0);
  });
});

describe("an erased user's registrations", () => {
  it('When a user is erased, then their registrations and any carrying their address lose name, organization and e-mail and keep what was counted; again changes nothing', async () => {
    const w = await newWorkshop();
    const leaving = attendee();
    const address = `Leaving.${h.run}@Example.org`;
    const own = await register(w.id, leaving, { name: 'Leaving Person', email: address, gender: 'MALE', sector: 'PUBLIC' });
    const typedByOther = await register(w.id, attendee(), { name: 'Leaving Person (by colleague)', email: address.toLowerCase() });
    const stays = await register(w.id, attendee(), { name: 'Staying Person' });
    await h.execute(CHECK_IN, { id: own.participant.id }, host);
    const erased = makeEvent({
      service: 'accounts',
      type: 'ccp.accounts.user.erased.v1',
      subject: leaving.subject,
      sequence: 9,
      data: { userId: leaving.subject, erasedAt: new Date().toISOString(), emailDigest: emailDigest(address, LOCAL_ERASURE_KEY) },
    });

    expect(await h.server.applyUserEvent(erased)).toBe('applied');
    const after = await participantDocs(w.id);
    await h.server.applyUserEvent(erased);

    const byId = new Map(after.map((p) => [p._id, p]));
    expect(byId.get(own.participant.id)).toMatchObject({ name: null, organization: null, email: null, userId: 'erased-user', economy: 'SG', gender: 'male', sector: 'public', status: 'registered' });
    expect(byId.get(own.participant.id)?.checkedInAt).toBeInstanceOf(Date);
    expect(byId.get(typedByOther.participant.id)).toMatchObject({ name: null, organization: null, email: null });
    expect(byId.get(typedByOther.participant.id)?.userId).toBe(typedByOther.caller.subject);
    expect(byId.get(stays.participant.id)).toMatchObject({ name: 'Staying Person' });
    expect(await participantDocs(w.id)).toEqual(after);
  });
});

describe('the other outcomes of the scheduler run', () => {
  it('When a participant of an accepted meeting leaves, then the meeting is cancelled and the next run frees its place', async () => {
    const { w, people } = await workshopWith(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const meeting = await acceptedMeeting(w.id, a, b);
    await scheduleMeetings(h.server.deps, host, w.id);

    await h.execute(CANCEL_REGISTRATION, { id: b.participant.id }, b.caller);
    const run = await h.execute(SCHEDULE_MEETINGS, { id: w.id }, host);

    expect((await h.server.deps.meetingRepository.byId(meeting.id))?.status).toBe('cancelled');
    expect(run.data.scheduleMeetings).toMatchObject({ accepted: 0, placed: 0, changed: true });
    expect((await h.server.deps.meetingScheduleRepository.of(w.id)).placements).toEqual([]);
  });
});
