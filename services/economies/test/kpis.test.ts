import { randomUUID } from 'node:crypto';
import { type CloudEvent, EventValidator, makeEvent, TOPICS } from '@ccp/kit';
import { collectEvents, TEST_KAFKA_BROKERS, TEST_MONGODB_URI, waitFor, waitForCaughtUp } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRebuildCli } from '../src/cli/rebuild-kpis-command.js';
import type { EconomyDocument } from '../src/model/economy.js';
import type { KpiYearDocument } from '../src/model/kpi.js';
import { anonymous, callers, type Economies, registered, startEconomies, submitted } from './harness.js';

let app: Economies<'cluster' | 'user' | 'economy' | 'response' | 'workshop'>;

const { secretariat, member, apiClient: analyst, coordinatorOf } = callers('1');
const coordinator = coordinatorOf('PE');

const KPIS = 'query($y: Int, $e: ID) { kpis(year: $y, economy: $e) { kpi year economy { code } value target progress } }';

async function figure(kpi: string, year: number, economy: string | null) {
  const { kpis } = await app.query(KPIS, { y: year, e: economy });
  return (kpis as { kpi: string; economy: { code: string } | null; value: number; target: number | null; progress: number | null }[]).find(
    (f) => f.kpi === kpi && (f.economy?.code ?? null) === economy,
  );
}

const value = async (kpi: string, year: number, economy: string | null) => (await figure(kpi, year, economy))?.value;

function grant(userId: string, role: string, scope: { economy?: string; clusterId?: string }, grantedAt: Date, sequence = 2) {
  return makeEvent({
    service: 'accounts',
    type: 'ccp.accounts.user.granted.v1',
    subject: userId,
    sequence,
    economy: scope.economy,
    actor: { subject: 'secretariat-1', role: 'secretariat' },
    time: grantedAt,
    data: { userId, role, ...scope, grantedAt: grantedAt.toISOString(), grantedBy: 'secretariat-1' },
  });
}

function followUp(clusterId: string, economy: string, collaborationId: string, successStory: boolean, at: Date): CloudEvent {
  const event = submitted(clusterId, economy, 'follow-up', at);
  Object.assign(event.data as object, { collaborationId, successStory });
  return event;
}

const workshopEvent = (verb: string, workshopId: string, hostEconomy: string, at: Date, data: Record<string, unknown>) =>
  makeEvent({
    service: 'matchmaking',
    type: `ccp.matchmaking.workshop.${verb}.v1`,
    subject: workshopId,
    sequence: 1,
    economy: hostEconomy,
    time: at,
    data: { workshopId, hostEconomy, ...data },
  });

const checkedIn = (workshopId: string, participantId: string, economy: string | null, gender: string, sector: string, at: Date) =>
  workshopEvent('participant-checked-in', workshopId, 'VN', at, {
    participantId,
    economy,
    gender,
    sector,
    checkedInAt: at.toISOString(),
  });

const meeting = (workshopId: string, meetingId: string, hostEconomy: string, outcome: string, at: Date) =>
  workshopEvent('meeting-recorded', workshopId, hostEconomy, at, {
    meetingId,
    outcome,
    participantEconomies: ['VN', 'RU'],
    clusterIds: [randomUUID(), randomUUID()],
    heldAt: at.toISOString(),
    recordedAt: at.toISOString(),
  });

/** Waits until the KPI group has read everything and its recounts are written. */
async function settle() {
  await waitForCaughtUp(app.kafka, app.named.kpiConsumer.groupId, [app.topics.economy, app.topics.response, app.topics.workshop]);
  await app.deps.kpiAggregator.idle();
}

const figureState = async () =>
  (await app.models.figures.find({}).sort({ _id: 1 }).lean<KpiYearDocument[]>()).flatMap((d) =>
    Object.entries(d.figures).map(([economy, f]) => [`${d._id}:${economy}`, f.value, f.version, f.target]),
  );

/** A stored figure: `<kpi>:<year>` document, economy code or APEC. */
const storedFigure = async (doc: string, economy: string) =>
  (await app.models.figures.findById(doc).lean<KpiYearDocument>())?.figures[economy];

beforeAll(async () => {
  app = await startEconomies('economies_kpis', {
    topics: ['cluster', 'user', 'economy', 'response', 'workshop'],
    consumers: 'all',
  });
});

afterAll(async () => {
  await app?.stop();
});

describe('economy registration (KPI 1)', () => {
  it("When an economy's first coordinator is appointed, then it registers once at the grant's time, and later appointments, redelivery and replay change nothing", async () => {
    const first = `user-${randomUUID()}`;
    const grantedAt = new Date('2029-03-04T05:06:07.000Z');
    const collector = await collectEvents(app.kafka, TOPICS.economy, (e) => e.subject === 'CL' && e.data?.firstCoordinator === first);
    await collector.start();

    const appointment = grant(first, 'economy-coordinator', { economy: 'CL' }, grantedAt);
    await app.send(app.topics.user, appointment);
    const [{ event }] = await collector.done;

    expect(event).toMatchObject({
      type: 'ccp.economies.economy.registered.v1',
      source: '/ccp/economies',
      subject: 'CL',
      economy: 'CL',
      sequence: 1,
      time: grantedAt.toISOString(),
      data: { economy: 'CL', registeredAt: grantedAt.toISOString(), firstCoordinator: first },
    });
    expect((await app.query('{ economy(code: "CL") { registeredAt } }')).economy.registeredAt).toBe(grantedAt.toISOString());

    // A second coordinator, the first appointment again, and grants that are no appointment.
    await app.send(
      app.topics.user,
      grant(`user-${randomUUID()}`, 'economy-coordinator', { economy: 'CL' }, new Date('2029-01-01T00:00:00Z')),
      appointment,
      grant(`user-${randomUUID()}`, 'cluster-manager', { clusterId: randomUUID() }, new Date()),
    );
    await waitForCaughtUp(app.kafka, app.named.registrationConsumer.groupId, [app.topics.user]);
    const registration = app.named.registrationConsumer;
    await registration.rewindToEarliest();
    await registration.start();
    await waitForCaughtUp(app.kafka, registration.groupId, [app.topics.user]);

    const cl = await app.models.economies.findById('CL').lean<EconomyDocument>();
    // The version is the economy's event sequence: 1 means exactly one registration event was written.
    expect(cl).toMatchObject({ version: 1, firstCoordinator: first, registeredAt: grantedAt });
    expect(cl?.outbox ?? []).toEqual([]);
    expect((await app.models.economies.findById('AU').lean<EconomyDocument>())?.registeredAt ?? null).toBeNull();

    // The registration, read by the KPI group, counts for KPI 1 in the year of the appointment.
    await app.send(app.topics.economy, event);
    await waitFor(async () => ((await value('ECONOMIES_REGISTERED', 2029, 'CL')) === 1 ? true : undefined));
    expect(await value('ECONOMIES_REGISTERED', 2029, null)).toBe(1);
  }, 90_000);

  it('When an appointed first coordinator is erased, then the economy keeps its registration without the user id', async () => {
    const userId = `user-${randomUUID()}`;
    await app.send(app.topics.user, grant(userId, 'economy-coordinator', { economy: 'BN' }, new Date('2029-06-01T00:00:00Z')));
    await waitFor(async () => ((await app.models.economies.findById('BN').lean<EconomyDocument>())?.registeredAt ? true : undefined));

    await app.send(
      app.topics.user,
      makeEvent({
        service: 'accounts',
        type: 'ccp.accounts.user.erased.v1',
        subject: userId,
        sequence: 3,
        data: { userId, erasedAt: new Date().toISOString() },
      }),
    );
    await waitFor(async () =>
      (await app.models.economies.findById('BN').lean<EconomyDocument>())?.firstCoordinator === 'erased-user' ? true : undefined,
    );
    expect(await app.models.economies.countDocuments({ firstCoordinator: userId })).toBe(0);
    expect((await app.models.economies.findById('BN').lean<EconomyDocument>())?.version).toBe(1);
  });
});

describe('KPI aggregation', () => {
  it('When a cluster submits the internationalization questionnaire twice in a year, then KPI 2 counts it once that year, and other kinds not at all', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await app.send(
      app.topics.response,
      submitted(a, 'PE', 'internationalization', new Date('2031-02-01T00:00:00Z')),
      submitted(a, 'PE', 'internationalization', new Date('2031-11-30T23:59:59Z')),
      submitted(b, 'PE', 'follow-up', new Date('2031-03-01T00:00:00Z')),
      submitted(c, 'CL', 'internationalization', new Date('2031-04-01T00:00:00Z')),
      submitted(a, 'PE', 'internationalization', new Date('2032-01-01T00:00:00Z')),
    );
    await settle();

    expect(await value('CLUSTERS_RESPONDED', 2031, 'PE')).toBe(1);
    expect(await value('CLUSTERS_RESPONDED', 2031, 'CL')).toBe(1);
    expect(await value('CLUSTERS_RESPONDED', 2031, null)).toBe(2);
    expect(await value('CLUSTERS_RESPONDED', 2032, 'PE')).toBe(1);
    expect(await value('CLUSTERS_RESPONDED', 2032, null)).toBe(1);
    expect(await value('CLUSTERS_RESPONDED', 2031, 'MX')).toBe(0);
  });

  it('When events are redelivered, the consumer restarts and the group replays from the earliest offset, then no figure moves and none is announced', async () => {
    const d = randomUUID();
    const events = [
      submitted(d, 'TH', 'internationalization', new Date('2031-05-05T00:00:00Z')),
      registered('TH', new Date('2031-05-01T00:00:00Z')),
    ];
    await app.send(app.topics.response, events[0]!);
    await app.send(app.topics.economy, events[1]!);
    await settle();
    const before = await figureState();
    expect(await value('CLUSTERS_RESPONDED', 2031, 'TH')).toBe(1);
    expect(await value('ECONOMIES_REGISTERED', 2031, 'TH')).toBe(1);

    await app.send(app.topics.response, events[0]!, events[0]!);
    await app.send(app.topics.economy, events[1]!);
    await settle();
    expect(await figureState()).toEqual(before);

    const kpi = app.named.kpiConsumer;
    await kpi.stop();
    await kpi.start();
    await settle();
    expect(await figureState()).toEqual(before);

    await kpi.rewindToEarliest();
    await kpi.start();
    await settle();
    // Same values and same versions: a version is a kpi.updated sequence, so no figure announced anything.
    expect(await figureState()).toEqual(before);
  }, 90_000);

  it('When a figure changes, then ccp.economies.kpi.updated.v1 carries its value and previous value, and a duplicate announces nothing', async () => {
    const [x, y] = [randomUUID(), randomUUID()];
    const subject = 'CLUSTERS_RESPONDED:2033:MX';
    const collector = await collectEvents(app.kafka, TOPICS.kpi, (e) => e.subject === subject, { count: 2 });
    const apec = await collectEvents(app.kafka, TOPICS.kpi, (e) => e.subject === 'CLUSTERS_RESPONDED:2033:APEC', { count: 2 });
    await collector.start();
    await apec.start();

    const first = submitted(x, 'MX', 'internationalization', new Date('2033-01-10T00:00:00Z'));
    await app.send(app.topics.response, first);
    await settle();
    await app.send(app.topics.response, first);
    await settle();
    await app.send(app.topics.response, submitted(y, 'MX', 'internationalization', new Date('2033-01-11T00:00:00Z')));

    const events = (await collector.done).map((c) => c.event);
    expect(events.map((e) => [e.type, e.sequence, e.economy, e.data])).toEqual([
      ['ccp.economies.kpi.updated.v1', 1, 'MX', { kpi: 'CLUSTERS_RESPONDED', year: 2033, economy: 'MX', value: 1, previousValue: 0 }],
      ['ccp.economies.kpi.updated.v1', 2, 'MX', { kpi: 'CLUSTERS_RESPONDED', year: 2033, economy: 'MX', value: 2, previousValue: 1 }],
    ]);
    expect((await apec.done).map((c) => c.event.data.value)).toEqual([1, 2]);
    await settle();
    expect(await storedFigure('CLUSTERS_RESPONDED:2033', 'MX')).toMatchObject({ value: 2, version: 2 });
    expect(new EventValidator().validate(events[0]).ok).toBe(true);
  });

  it('When participants check in, then KPI 3 counts each once per workshop by their economy and by gender × sector, guests from outside APEC only APEC-wide', async () => {
    const [w1, w2] = [randomUUID(), randomUUID()];
    const at = new Date('2034-09-10T03:00:00Z');
    const [p1, p2, p3, p4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const collector = await collectEvents(app.kafka, TOPICS.kpi, (e) => e.subject === 'PARTICIPANTS_CHECKED_IN:2034:VN' && e.data.value === 3);
    await collector.start();

    await app.send(
      app.topics.workshop,
      checkedIn(w1, p1, 'VN', 'female', 'public', at),
      checkedIn(w1, p1, 'VN', 'female', 'public', at),
      checkedIn(w1, p2, 'VN', 'male', 'academia', at),
      checkedIn(w2, p1, 'VN', 'female', 'public', at),
      checkedIn(w1, p3, 'RU', 'prefer-not-to-say', 'private', at),
      checkedIn(w1, p4, null, 'female', 'other', at),
    );
    await settle();

    const QUERY = 'query($e: ID) { kpis(year: 2034, economy: $e) { kpi value breakdown { gender sector outcome value } } }';
    const kpi3 = async (e: string | null) =>
      (await app.query(QUERY, { e })).kpis.find((f: { kpi: string }) => f.kpi === 'PARTICIPANTS_CHECKED_IN');
    expect(await kpi3('VN')).toEqual({
      kpi: 'PARTICIPANTS_CHECKED_IN',
      value: 3,
      breakdown: [
        { gender: 'FEMALE', sector: 'PUBLIC', outcome: null, value: 2 },
        { gender: 'MALE', sector: 'ACADEMIA', outcome: null, value: 1 },
      ],
    });
    expect((await kpi3('RU')).value).toBe(1);
    const apec = await kpi3(null);
    expect(apec.value).toBe(5);
    expect(apec.breakdown).toContainEqual({ gender: 'FEMALE', sector: 'OTHER', outcome: null, value: 1 });
    expect(apec.breakdown).toContainEqual({ gender: 'PREFER_NOT_TO_SAY', sector: 'PRIVATE', outcome: null, value: 1 });
    const [{ event }] = await collector.done;
    expect(event.data).toMatchObject({ value: 3, breakdown: { 'female/public': 2, 'male/academia': 1 } });
    expect(new EventValidator().validate(event).ok).toBe(true);
  });

  it("When meetings are recorded, then KPI 4 counts those held, once each, by the host economy and outcome, in the year they were held", async () => {
    const w = randomUUID();
    const at = new Date('2034-09-11T03:00:00Z');
    const [m1, m2, m3, m4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const heldInDecember = meeting(w, m4, 'VN', 'no-cooperation-planned', new Date('2035-01-03T00:00:00Z'));
    Object.assign(heldInDecember.data as object, { heldAt: '2034-12-30T10:00:00.000Z' });
    await app.send(
      app.topics.workshop,
      heldInDecember,
      meeting(w, m1, 'VN', 'cooperation-possible', at),
      meeting(w, m1, 'VN', 'cooperation-possible', at),
      meeting(w, m2, 'VN', 'insufficient-interest', at),
      meeting(w, m3, 'VN', 'did-not-take-place', at),
    );
    await settle();

    const { kpis } = await app.query('{ kpis(year: 2034, economy: "VN") { kpi value breakdown { outcome value } } }');
    expect(kpis.find((f: { kpi: string }) => f.kpi === 'MEETINGS_HELD')).toEqual({
      kpi: 'MEETINGS_HELD',
      value: 3,
      breakdown: [
        { outcome: 'COOPERATION_POSSIBLE', value: 1 },
        { outcome: 'INSUFFICIENT_INTEREST', value: 1 },
        { outcome: 'NO_COOPERATION_PLANNED', value: 1 },
      ],
    });
  });

  it("When both clusters of a collaboration report it a success in the follow-up, then KPI 5 counts it once APEC-wide and once for each reporting cluster's economy, and a follow-up without success not at all", async () => {
    const [collab, other] = [randomUUID(), randomUUID()];
    const at = new Date('2035-02-02T00:00:00Z');
    await app.send(
      app.topics.response,
      followUp(randomUUID(), 'KR', collab, true, at),
      followUp(randomUUID(), 'JP', collab, true, at),
      followUp(randomUUID(), 'KR', other, false, at),
    );
    await settle();

    expect(await value('SUCCESS_STORIES', 2035, 'KR')).toBe(1);
    expect(await value('SUCCESS_STORIES', 2035, 'JP')).toBe(1);
    expect(await value('SUCCESS_STORIES', 2035, null)).toBe(1);
  });

  it('When a figure lost what a crash left unwritten, then the next assignment of its partitions writes it again from the facts, with nothing new to read', async () => {
    await app.send(app.topics.workshop, checkedIn(randomUUID(), randomUUID(), 'PH', 'male', 'private', new Date('2036-01-05T00:00:00Z')));
    await settle();
    const id = 'PARTICIPANTS_CHECKED_IN:2036';
    expect((await storedFigure(id, 'PH'))?.value).toBe(1);
    // As if the process died after inserting the fact and before writing the figures.
    await app.models.figures.deleteOne({ _id: id });

    const kpi = app.named.kpiConsumer;
    await kpi.stop();
    await kpi.start();

    const healed = await waitFor(async () => await storedFigure(id, 'PH'), { what: 'the figure written again' });
    expect(healed).toMatchObject({ value: 1, breakdown: { 'male/private': 1 } });
    expect(await storedFigure(id, 'APEC')).toMatchObject({ value: 1 });
  }, 90_000);

  it('When an event does not match its schema, then it is dead-lettered and no figure moves', async () => {
    const bad = submitted(randomUUID(), 'NZ', 'internationalization', new Date('2031-07-01T00:00:00Z'));
    delete (bad.data as Record<string, unknown>).clusterId;
    const collector = await collectEvents(app.kafka, TOPICS.deadletter, (e) => e.id === bad.id);
    await collector.start();

    await app.send(app.topics.response, bad);
    const [{ headers }] = await collector.done;
    await settle();

    expect(headers['ccp-dlq-reason']).toMatch(/clusterId/);
    expect(await value('CLUSTERS_RESPONDED', 2031, 'NZ')).toBe(0);
  });

  it('When KPIs are read without an economy, then the APEC-wide total comes first and every economy has a figure, zero where nothing happened', async () => {
    const { kpis } = await app.query(KPIS, { y: 2031 });
    expect(kpis).toHaveLength(5 * 22);
    expect(kpis[0]).toMatchObject({ kpi: 'ECONOMIES_REGISTERED', year: 2031, economy: null });
    expect(kpis.filter((f: { economy: unknown }) => f.economy === null)).toHaveLength(5);
    const { kpis: all } = await app.query(KPIS);
    expect(new Set(all.map((f: { year: number }) => f.year))).toEqual(new Set([2029, 2031, 2032, 2033, 2034, 2035, 2036]));
    const bad = await app.execute(anonymous, KPIS, { y: 1999, e: 'XX' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('KPI targets', () => {
  const SET = `mutation($k: KpiName!, $y: Int!, $e: ID, $t: Int!) {
    setKpiTarget(kpi: $k, year: $y, economy: $e, target: $t) { kpi year economy { code } value target progress }
  }`;

  it('When the secretariat sets a target, then kpis returns actual against target and the change is an audited event', async () => {
    const collector = await collectEvents(app.kafka, TOPICS.kpi, (e) => e.subject === 'CLUSTERS_RESPONDED:2031:PE' && e.type.endsWith('target-set.v1'));
    await collector.start();

    const res = await app.execute(secretariat, SET, { k: 'CLUSTERS_RESPONDED', y: 2031, e: 'pe', t: 4 });

    expect(res.errors).toBeUndefined();
    expect(res.data.setKpiTarget).toEqual({ kpi: 'CLUSTERS_RESPONDED', year: 2031, economy: { code: 'PE' }, value: 1, target: 4, progress: 0.25 });
    const [{ event }] = await collector.done;
    expect(event).toMatchObject({
      type: 'ccp.economies.kpi.target-set.v1',
      actor: 'secretariat-1',
      actorrole: 'secretariat',
      data: { kpi: 'CLUSTERS_RESPONDED', year: 2031, economy: 'PE', target: 4, previousTarget: null },
    });
    // Publicly readable, APEC-wide targets too; no target, or a target of 0, gives no progress.
    expect(await figure('CLUSTERS_RESPONDED', 2031, 'PE')).toMatchObject({ value: 1, target: 4, progress: 0.25 });
    await app.execute(secretariat, SET, { k: 'CLUSTERS_RESPONDED', y: 2031, e: null, t: 8 });
    expect(await figure('CLUSTERS_RESPONDED', 2031, null)).toMatchObject({ value: 3, target: 8, progress: 0.375 });
    expect(await figure('CLUSTERS_RESPONDED', 2031, 'CL')).toMatchObject({ value: 1, target: null, progress: null });
    await app.execute(secretariat, SET, { k: 'ECONOMIES_REGISTERED', y: 2031, e: 'TH', t: 0 });
    expect(await figure('ECONOMIES_REGISTERED', 2031, 'TH')).toMatchObject({ value: 1, target: 0, progress: null });
  });

  it('When anyone but the secretariat sets a target, then it is refused and nothing is written', async () => {
    const variables = { k: 'CLUSTERS_RESPONDED', y: 2040, e: 'PE', t: 10 };
    const codes = [];
    for (const caller of [coordinator, member, analyst, anonymous]) codes.push((await app.execute(caller, SET, variables)).errors?.[0]?.extensions?.code);

    expect(codes).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect(await app.models.figures.countDocuments({ year: 2040 })).toBe(0);
  });

  it('When a target is out of range or names no APEC economy, then it is refused with the field at fault', async () => {
    const fields = [];
    for (const v of [
      { k: 'CLUSTERS_RESPONDED', y: 1999, e: 'PE', t: 1 },
      { k: 'CLUSTERS_RESPONDED', y: 2041, e: 'XX', t: 1 },
      { k: 'CLUSTERS_RESPONDED', y: 2041, e: 'PE', t: -1 },
    ]) {
      const res = await app.execute(secretariat, SET, v);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      fields.push(res.errors?.[0]?.extensions?.field);
    }
    expect(fields).toEqual(['year', 'economy', 'target']);
    expect(await app.models.figures.countDocuments({ year: { $in: [1999, 2041] } })).toBe(0);
  });
});

describe('rebuild command', () => {
  const env = () => ({
    MONGODB_URI: TEST_MONGODB_URI,
    MONGODB_DATABASE: app.db.name,
    KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
    KAFKA_GROUP_PREFIX: 'test-rebuild',
    LOG_LEVEL: 'silent',
  });
  const run = async (argv: string[]) => {
    let out = '';
    const sink = { write: (s: string) => (out += s) };
    const code = await runRebuildCli(
      [...argv, '--economy-topic', app.topics.economy, '--response-topic', app.topics.response, '--workshop-topic', app.topics.workshop],
      env(),
      sink,
    );
    return { code, out };
  };

  it('When the KPI topics are replayed into a fresh read model, then its figures equal the live ones, and a drifted live figure is reported', async () => {
    await settle();
    const into = `test_rebuild_${randomUUID().slice(0, 8)}`;

    const ok = await run(['--into', into, '--drop']);

    expect(ok.out).toContain('figures match');
    expect(ok.out).toMatch(/CLUSTERS_RESPONDED\s+2031\s+APEC\s+3\s+3/);
    expect(ok.out).toMatch(/ECONOMIES_REGISTERED\s+2029\s+CL\s+1\s+1/);
    expect(ok.code).toBe(0);

    await app.models.figures.updateOne({ _id: 'CLUSTERS_RESPONDED:2031' }, { $inc: { 'figures.PE.value': 5 } });
    try {
      const drifted = await run(['--into', `${into}_2`, '--drop']);
      expect(drifted.code).toBe(1);
      expect(drifted.out).toMatch(/CLUSTERS_RESPONDED\s+2031\s+PE\s+6\s+1\s+<- differs/);
      expect(drifted.out).toContain('figures differ: 1 of');
    } finally {
      await app.models.figures.updateOne({ _id: 'CLUSTERS_RESPONDED:2031' }, { $inc: { 'figures.PE.value': -5 } });
    }
  }, 90_000);

  it('When the rebuild is pointed at the live database, then it refuses to start', async () => {
    const res = await run(['--into', app.db.name]);
    expect(res.code).toBe(2);
    expect(res.out).toContain('--into must name a new database');
  });
});
