import { randomUUID } from 'node:crypto';
import { type Caller, LOCAL_ERASURE_KEY, emailDigest, makeEvent } from '@ccp/kit';
import { testLogger } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUserRegistrations, userRegistrationsModel } from '../src/model/user-registrations.js';
import { apiClient, codes, coordinatorOf, startMatchmaking, user } from './harness.js';

// The signed-in user's own registrations in every workshop (Query.myWorkshopRegistrations), read from a per-user
// list: one {_id} read of the list, then one {_id} read per registration (FerretDB's SQLite backend scans anything else).

const MINE = `query($first: Int) { myWorkshopRegistrations(first: $first) {
  id workshopId status timeZone workshop { id title { en } startsAt } } }`;
const SCHEDULE = `mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { id startsAt } }`;
const SET_STATUS = `mutation($id: ID!, $status: WorkshopStatus!) { setWorkshopStatus(workshopId: $id, status: $status) { id } }`;
const REGISTER = `mutation($input: RegisterForWorkshopInput!) { registerForWorkshop(input: $input) { id } }`;
const CANCEL = `mutation($id: ID!) { cancelWorkshopRegistration(participantId: $id) { id status } }`;

// biome-ignore lint/suspicious/noExplicitAny: tests read GraphQL results loosely
type Json = any;
type Harness = Awaited<ReturnType<typeof startMatchmaking>>;
let h: Harness;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const anonymous: Caller = { subject: 'anonymous', kind: 'anonymous', grants: [] };

beforeAll(async () => {
  h = await startMatchmaking('mm33_my_registrations');
});

afterAll(async () => {
  await h?.stop();
});

let people = 0;
const person = (): Caller => user(`user-mm33-${h.run}-${++people}`);

/** An open workshop hosted by `economy`, starting `inDays` from now (on the hour). */
async function openWorkshop(economy: string, title: string, inDays: number) {
  const start = Math.ceil((Date.now() + inDays * DAY) / HOUR) * HOUR;
  const host = coordinatorOf(economy);
  const input = {
    title: { en: title },
    hostEconomy: economy,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 8 * HOUR).toISOString(),
    timeZone: 'Asia/Singapore',
    online: true,
    capacity: 10,
  };
  const scheduled = await h.execute(SCHEDULE, { input }, host);
  expect(scheduled.errors).toBeUndefined();
  const id = scheduled.data.scheduleWorkshop.id as string;
  expect((await h.execute(SET_STATUS, { id, status: 'REGISTRATION_OPEN' }, host)).errors).toBeUndefined();
  return id;
}

async function register(workshopId: string, caller: Caller, timeZone = 'Asia/Tokyo') {
  const input = {
    workshopId,
    name: 'Aiko Tanaka',
    organization: 'Kyoto Photonics',
    email: `aiko.${randomUUID().slice(0, 6)}@example.org`,
    economy: 'JP',
    gender: 'FEMALE',
    sector: 'PRIVATE',
    consent: true,
    consentTextVersion: '2025-01',
    timeZone,
  };
  const { data, errors } = await h.execute(REGISTER, { input }, caller);
  expect(errors).toBeUndefined();
  return data.registerForWorkshop.id as string;
}

/** Moves a workshop into the past, as if it had been held `daysAgo` days ago. */
async function heldAgo(workshopId: string, daysAgo: number) {
  const start = Date.now() - daysAgo * DAY;
  await h.server.deps.workshops.updateOne(
    { _id: workshopId },
    { $set: { startsAt: new Date(start), endsAt: new Date(start + 8 * HOUR) } },
  );
}

/** The database commands a call sends, with their filters. */
async function commandsOf(run: () => Promise<unknown>) {
  const seen: { name: string; collection: unknown; filter: unknown }[] = [];
  const listener = (e: { commandName: string; command: Json }) =>
    seen.push({ name: e.commandName, collection: e.command[e.commandName], filter: e.command.filter });
  h.db.getClient().on('commandStarted', listener);
  try {
    await run();
  } finally {
    h.db.getClient().off('commandStarted', listener);
  }
  return seen;
}

describe('my workshop registrations', () => {
  it('When a participant registered for workshops of several economies, then they are listed upcoming first (soonest first), then ended ones latest first; cancelled and other people’s registrations are not', async () => {
    const me = person();
    const other = person();
    const later = await openWorkshop('SG', 'Later in Singapore', 20);
    const soon = await openWorkshop('CL', 'Soon in Chile', 3);
    const past = await openWorkshop('VN', 'Held in Viet Nam', 10);
    const longAgo = await openWorkshop('JP', 'Held long ago in Japan', 10);
    const cancelled = await openWorkshop('PE', 'Cancelled by me', 5);
    const notMine = await openWorkshop('KR', 'Only the other person', 6);
    const ids = {
      later: await register(later, me),
      soon: await register(soon, me),
      past: await register(past, me),
      longAgo: await register(longAgo, me),
      cancelled: await register(cancelled, me),
    };
    await register(notMine, other);
    await register(soon, other);
    expect((await h.execute(CANCEL, { id: ids.cancelled }, me)).errors).toBeUndefined();
    await heldAgo(past, 2);
    await heldAgo(longAgo, 40);

    const { data, errors } = await h.execute(MINE, {}, me);

    expect(errors).toBeUndefined();
    expect(data.myWorkshopRegistrations.map((r: Json) => r.id)).toEqual([ids.soon, ids.later, ids.past, ids.longAgo]);
    expect(data.myWorkshopRegistrations[0]).toMatchObject({
      workshopId: soon,
      status: 'REGISTERED',
      timeZone: 'Asia/Tokyo',
      workshop: { id: soon, title: { en: 'Soon in Chile' } },
    });
    const firstTwo = await h.execute(MINE, { first: 2 }, me);
    expect(firstTwo.data.myWorkshopRegistrations.map((r: Json) => r.id)).toEqual([ids.soon, ids.later]);
    expect((await h.execute(MINE, { first: 0 }, me)).data.myWorkshopRegistrations).toEqual([]);
    // Registering again after cancelling lists the new registration.
    const again = await register(cancelled, me);
    const after = await h.execute(MINE, {}, me);
    expect(after.data.myWorkshopRegistrations.map((r: Json) => r.id)).toEqual([ids.soon, again, ids.later, ids.past, ids.longAgo]);
    // Someone who never registered has none.
    expect((await h.execute(MINE, {}, person())).data.myWorkshopRegistrations).toEqual([]);
  });

  it('When the registrations are read, then the database is asked only by a lone _id: the list, each registration, each workshop once', async () => {
    const me = person();
    const workshops = [await openWorkshop('SG', 'One', 4), await openWorkshop('MY', 'Two', 5), await openWorkshop('TH', 'Three', 6)];
    for (const w of workshops) await register(w, me);

    const commands = await commandsOf(async () => {
      const { data, errors } = await h.execute(MINE, {}, me);
      expect(errors).toBeUndefined();
      expect(data.myWorkshopRegistrations.map((r: Json) => r.workshop.id)).toEqual(workshops);
    });

    const finds = commands.filter((c) => c.name === 'find');
    expect(commands.filter((c) => c.name !== 'find')).toEqual([]);
    expect(finds.map((c) => c.collection)).toEqual([
      'user_workshop_registrations',
      'workshop_participants',
      'workshop_participants',
      'workshop_participants',
      'workshops',
      'workshops',
      'workshops',
    ]);
    // A lone {_id: '<id>'}, never $in: `workshop` of each registration comes from the request's loader, primed.
    for (const c of finds) {
      expect(Object.keys(c.filter as object)).toEqual(['_id']);
      expect(typeof (c.filter as { _id: unknown })._id).toBe('string');
    }
  });

  it('When nobody is signed in, then UNAUTHENTICATED; an API client is FORBIDDEN; a first below 0 or above 200 is BAD_USER_INPUT naming first', async () => {
    const me = person();
    expect(codes([await h.execute(MINE, {}, anonymous), await h.execute(MINE, {}, apiClient)])).toEqual([
      'UNAUTHENTICATED',
      'FORBIDDEN',
    ]);
    for (const first of [-1, 201]) {
      const { data, errors } = await h.execute(MINE, { first }, me);
      expect(data).toBeNull();
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', problems: [{ field: 'first' }] });
    }
  });

  it('When a registration is refused because the workshop is full, then it is not listed', async () => {
    const first = person();
    const second = person();
    const w = await openWorkshop('NZ', 'Tiny', 7);
    await h.server.deps.workshops.updateOne({ _id: w }, { $set: { capacity: 1 } });
    await register(w, first);
    const refused = await h.execute(REGISTER, {
      input: {
        workshopId: w,
        name: 'B',
        organization: 'O',
        email: 'b@example.org',
        gender: 'MALE',
        sector: 'PUBLIC',
        consent: true,
        consentTextVersion: '2025-01',
      },
    }, second);
    expect(codes([refused])).toEqual(['INVALID_STATE']);
    expect((await h.execute(MINE, {}, second)).data.myWorkshopRegistrations).toEqual([]);
    expect(await h.server.deps.userRegistrations.idsOf(second.subject)).toEqual([]);
  });

  it('When registrations were stored before the list existed, then building it once lists them; building again adds nothing', async () => {
    const me = person();
    const a = await openWorkshop('AU', 'Before the list A', 8);
    const b = await openWorkshop('CA', 'Before the list B', 9);
    const ids = [await register(a, me), await register(b, me)];
    // As a database written before this read model: no lists, no marker.
    await userRegistrationsModel(h.db).deleteMany({});
    await h.db.collection('read_model_builds').deleteMany({});
    expect((await h.execute(MINE, {}, me)).data.myWorkshopRegistrations).toEqual([]);

    await buildUserRegistrations(h.db, h.server.deps.participants, h.server.deps.userRegistrations, testLogger());
    await buildUserRegistrations(h.db, h.server.deps.participants, h.server.deps.userRegistrations, testLogger());

    const { data } = await h.execute(MINE, {}, me);
    expect(data.myWorkshopRegistrations.map((r: Json) => r.id)).toEqual(ids);
    expect(await h.server.deps.userRegistrations.idsOf(me.subject)).toHaveLength(2);
  });

  it('When the user is erased, then their list goes and they have no registrations', async () => {
    const me = person();
    const w = await openWorkshop('HK', 'Erased later', 11);
    await register(w, me);
    const email = 'aiko.erased@example.org';
    await h.server.applyUserEvent(
      makeEvent({
        service: 'accounts',
        type: 'ccp.accounts.user.erased.v1',
        subject: me.subject,
        sequence: 1,
        data: { userId: me.subject, emailDigest: emailDigest(email, LOCAL_ERASURE_KEY), erasedAt: new Date().toISOString() },
      }),
    );
    expect(await h.server.deps.userRegistrations.idsOf(me.subject)).toEqual([]);
    expect((await h.execute(MINE, {}, me)).data.myWorkshopRegistrations).toEqual([]);
  });
});
