import { randomUUID } from 'node:crypto';
import { type CloudEvent, makeEvent, TOPICS } from '@ccp/kit';
import { collectEvents, waitForCaughtUp } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Economies, startEconomies } from './harness.js';

let app: Economies<'cluster' | 'offer' | 'campaign' | 'response'>;

const FIGURES = `publishedClusters members bySpecialization { code clusters } byMemberType { memberType members }
  clustersWithInternationalMemberships internationalMemberships openCooperationOffers successStories
  internationalSuccessStories responseRates { campaignId questionnaireKind opensAt audience responded rate }`;

const statistics = async (code: string) =>
  (await app.query(`query($c: ID!) { economy(code: $c) { statistics { ${FIGURES} asOf } } }`, { c: code }))
    .economy.statistics;

const byYear = async (code: string, from: number, to: number) =>
  (
    await app.query(
      `query($c: ID!, $f: Int!, $t: Int!) { economy(code: $c) { statisticsByYear(from: $f, to: $t) { year ${FIGURES} } } }`,
      {
        c: code,
        f: from,
        t: to,
      },
    )
  ).economy.statisticsByYear;

/** The figures without `asOf`, which says when they were computed. */
const withoutAsOf = ({ asOf: _, ...figures }: Record<string, unknown>) => figures;

interface Profile {
  specializations?: string[];
  keyMembers?: string[];
  memberCount?: number | null;
  memberships?: number;
  stories?: boolean[];
}

/** A registry event carrying the cluster's public profile, as registry writes them. */
function clusterEvent(
  verb: 'registered' | 'published' | 'updated' | 'archived',
  clusterId: string,
  sequence: number,
  economy: string,
  at: string,
  p: Profile = {},
): CloudEvent {
  const status = { registered: 'draft', published: 'published', updated: 'published', archived: 'archived' }[
    verb
  ];
  const extra = {
    registered: { registeredBy: 'manager-1', origin: 'registered' },
    published: { publishedAt: at, publishedBy: 'coordinator-1' },
    updated: { changedFields: ['keyMembers'] },
    archived: { reason: 'merged into another cluster', archivedAt: at },
  }[verb];
  return makeEvent({
    service: 'registry',
    type: `ccp.registry.cluster.${verb}.v1`,
    subject: clusterId,
    sequence,
    economy,
    time: new Date(at),
    data: {
      clusterId,
      economy,
      name: { en: `Cluster ${clusterId.slice(0, 6)}` },
      status,
      region: null,
      location: null,
      specializations: p.specializations ?? [],
      profile: {
        slug: `cluster-${clusterId.slice(0, 6)}`,
        completeness: 0.5,
        keyMembers: (p.keyMembers ?? []).map((type, i) => ({ name: `Member ${i}`, type, role: null })),
        internationalMemberships: Array.from({ length: p.memberships ?? 0 }, (_, i) => ({
          name: `Network ${i}`,
          url: null,
        })),
        successStories: (p.stories ?? []).map((international, i) => ({
          title: { en: `Story ${i}` },
          international,
        })),
        memberCount: p.memberCount ?? null,
      },
      ...extra,
    },
  });
}

function offerPublished(offerId: string, economy: string, at: string): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: 'ccp.matchmaking.offer.published.v1',
    subject: offerId,
    sequence: 1,
    economy,
    time: new Date(at),
    data: {
      offerId,
      clusterId: randomUUID(),
      economy,
      kind: 'project',
      title: { en: 'Partners wanted' },
      description: { en: 'A project seeking partners.' },
      sectors: ['ict'],
      targetEconomies: ['JP'],
      deadline: null,
      status: 'open',
      publishedAt: at,
    },
  });
}

function offerClosed(offerId: string, economy: string, at: string): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: 'ccp.matchmaking.offer.closed.v1',
    subject: offerId,
    sequence: 2,
    economy,
    time: new Date(at),
    data: { offerId, clusterId: randomUUID(), economy, closedAt: at, reason: 'fulfilled' },
  });
}

function campaignOpened(
  campaignId: string,
  opensAt: string,
  audience: { economy: string; clusters: number }[],
): CloudEvent {
  return makeEvent({
    service: 'surveys',
    type: 'ccp.surveys.campaign.opened.v1',
    subject: campaignId,
    sequence: 1,
    time: new Date(opensAt),
    data: {
      campaignId,
      questionnaireId: 'internationalization-v1',
      questionnaireKind: 'internationalization',
      questionnaireVersion: 1,
      opensAt,
      closesAt: new Date(new Date(opensAt).getTime() + 60 * 86_400_000).toISOString(),
      audience,
    },
  });
}

function responseSubmitted(
  campaignId: string | null,
  clusterId: string,
  economy: string,
  at: string,
): CloudEvent {
  const responseId = randomUUID();
  return makeEvent({
    service: 'surveys',
    type: 'ccp.surveys.response.submitted.v1',
    subject: responseId,
    sequence: 2,
    economy,
    time: new Date(at),
    data: {
      responseId,
      questionnaireKind: 'internationalization',
      questionnaireId: 'internationalization-v1',
      questionnaireVersion: 1,
      clusterId,
      economy,
      campaignId,
      submittedAt: at,
      submittedBy: 'manager-1',
    },
  });
}

/** Every valid event sent, by topic, to deliver again. */
const sent = new Map<string, CloudEvent[]>();

/** Sends events that match their schemas (a test's typo must not pass as a dead letter). */
async function send(topic: string, ...events: CloudEvent[]) {
  for (const e of events) app.validator.assertValid(e);
  sent.set(topic, [...(sent.get(topic) ?? []), ...events]);
  await app.send(topic, ...events);
}

/** Waits until the statistics group has read everything and its recomputes are written. */
async function settle() {
  await waitForCaughtUp(app.kafka, app.named.statisticsConsumer.groupId, Object.values(app.topics));
  await app.deps.statisticsProjector.idle();
}

const factCounts = async () => {
  const m = app.deps.statisticsProjector.models;
  return Promise.all(
    [m.clusters, m.offers, m.campaigns, m.responders].map((model) => model.countDocuments()),
  );
};

beforeAll(async () => {
  app = await startEconomies('economies_statistics', {
    topics: ['cluster', 'offer', 'campaign', 'response'],
    // The other read models have their own files and topics.
    consumers: ['statisticsConsumer'],
  });
});

afterAll(async () => {
  await app?.stop();
});

const [A, B, C, D] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

describe('economy statistics from events', () => {
  it('When clusters are published, edited and archived, then the current statistics count the published profiles only', async () => {
    await send(
      app.topics.cluster,
      // A declares 40 members and lists three key members; B declares none, so its two listed key members count.
      clusterEvent('registered', A, 1, 'PE', '2022-02-01T00:00:00Z'),
      clusterEvent('published', A, 2, 'PE', '2022-03-01T00:00:00Z', {
        specializations: ['ict', 'ict.software'],
        keyMembers: ['SME', 'SME', 'UNIVERSITY'],
        memberCount: 40,
        memberships: 2,
        stories: [true, true, false],
      }),
      clusterEvent('published', B, 2, 'PE', '2023-05-01T00:00:00Z', {
        specializations: ['ict'],
        keyMembers: ['LARGE_COMPANY', 'SME'],
        stories: [false],
      }),
      clusterEvent('registered', C, 1, 'PE', '2023-06-01T00:00:00Z', {
        specializations: ['biotech'],
        memberCount: 99,
      }),
      clusterEvent('published', D, 2, 'PE', '2021-04-01T00:00:00Z', {
        specializations: ['biotech'],
        memberCount: 7,
        memberships: 1,
      }),
      clusterEvent('archived', D, 3, 'PE', '2023-02-01T00:00:00Z', {
        specializations: ['biotech'],
        memberCount: 7,
        memberships: 1,
      }),
      // A edits its profile in 2024: 50 members now.
      clusterEvent('updated', A, 3, 'PE', '2024-06-01T00:00:00Z', {
        specializations: ['ict', 'ict.software'],
        keyMembers: ['SME', 'SME', 'UNIVERSITY'],
        memberCount: 50,
        memberships: 2,
        stories: [true, true, false],
      }),
    );
    await settle();

    const s = await statistics('PE');
    expect(withoutAsOf(s)).toEqual({
      publishedClusters: 2,
      members: 52,
      bySpecialization: [
        { code: 'ict', clusters: 2 },
        { code: 'ict.software', clusters: 1 },
      ],
      byMemberType: [
        { memberType: 'LARGE_COMPANY', members: 1 },
        { memberType: 'SME', members: 3 },
        { memberType: 'RESEARCH_INSTITUTE', members: 0 },
        { memberType: 'UNIVERSITY', members: 1 },
        { memberType: 'PUBLIC_BODY', members: 0 },
        { memberType: 'OTHER', members: 0 },
      ],
      clustersWithInternationalMemberships: 1,
      internationalMemberships: 2,
      openCooperationOffers: 0,
      successStories: 4,
      internationalSuccessStories: 2,
      responseRates: [],
    });
    expect(Date.parse(s.asOf)).toBeGreaterThan(0);
  });

  it('When statistics are read by year, then each year counts the clusters published by Dec 31 and not archived before, with their profiles as they stood then', async () => {
    const years = await byYear('PE', 2020, 2024);

    expect(
      years.map((y: { year: number; publishedClusters: number; members: number }) => [
        y.year,
        y.publishedClusters,
        y.members,
      ]),
    ).toEqual([
      [2020, 0, 0],
      [2021, 1, 7],
      [2022, 2, 47],
      // D was archived in February 2023; A still had 40 members at the end of 2023.
      [2023, 2, 42],
      [2024, 2, 52],
    ]);
    expect(years[1]).toMatchObject({
      bySpecialization: [{ code: 'biotech', clusters: 1 }],
      internationalMemberships: 1,
    });
    expect(years[3].bySpecialization).toEqual([
      { code: 'ict', clusters: 2 },
      { code: 'ict.software', clusters: 1 },
    ]);

    // Years that have not ended are left out; the current year has the figures so far.
    const now = new Date().getUTCFullYear();
    const recent = await byYear('PE', 2024, now + 5);
    expect(recent.map((y: { year: number }) => y.year)).toEqual(
      Array.from({ length: now - 2023 }, (_, i) => 2024 + i),
    );
    expect(withoutAsOf({ ...recent.at(-1), year: undefined })).toEqual({
      ...withoutAsOf(await statistics('PE')),
      year: undefined,
    });
  });

  it('When an import publishes a cluster with an earlier date than its registration, then it counts from the year it was published', async () => {
    const id = randomUUID();
    const profile = { specializations: ['energy'], memberCount: 12 };
    await send(
      app.topics.cluster,
      clusterEvent('registered', id, 1, 'MX', '2024-01-10T00:00:00Z', profile),
      clusterEvent('published', id, 2, 'MX', '2019-06-01T00:00:00Z', profile),
    );
    await settle();

    const years = await byYear('MX', 2018, 2024);
    expect(
      years.map((y: { publishedClusters: number; members: number }) => [y.publishedClusters, y.members]),
    ).toEqual([
      [0, 0],
      [1, 12],
      [1, 12],
      [1, 12],
      [1, 12],
      [1, 12],
      [1, 12],
    ]);
  });

  it('When cooperation offers are published and closed, then open offers count those not closed, now and at each year end', async () => {
    const [o1, o2, o3] = [randomUUID(), randomUUID(), randomUUID()];
    await send(
      app.topics.offer,
      offerPublished(o1, 'PE', '2022-01-10T00:00:00Z'),
      offerPublished(o2, 'PE', '2022-11-01T00:00:00Z'),
      offerClosed(o2, 'PE', '2023-03-01T00:00:00Z'),
      offerPublished(o3, 'PE', '2023-04-01T00:00:00Z'),
      offerClosed(o3, 'PE', '2023-09-01T00:00:00Z'),
    );
    await settle();

    expect((await statistics('PE')).openCooperationOffers).toBe(1);
    const years = await byYear('PE', 2021, 2023);
    expect(years.map((y: { openCooperationOffers: number }) => y.openCooperationOffers)).toEqual([0, 2, 1]);
  });

  it('When clusters respond to a campaign, then its response rate counts each responding cluster once against the audience of its economy', async () => {
    const [x, y] = [randomUUID(), randomUUID()];
    const cl = randomUUID();
    await send(
      app.topics.campaign,
      campaignOpened(x, '2023-03-01T00:00:00Z', [
        { economy: 'PE', clusters: 4 },
        { economy: 'CL', clusters: 2 },
      ]),
    );
    await send(
      app.topics.response,
      responseSubmitted(x, A, 'PE', '2023-03-05T00:00:00Z'),
      // A second response of the same cluster to the same campaign.
      responseSubmitted(x, A, 'PE', '2023-04-05T00:00:00Z'),
      responseSubmitted(x, B, 'PE', '2023-03-06T00:00:00Z'),
      responseSubmitted(x, cl, 'CL', '2023-03-07T00:00:00Z'),
      // Outside any campaign: no rate to count it in.
      responseSubmitted(null, C, 'PE', '2023-03-08T00:00:00Z'),
    );
    // A response sent before its campaign's event counts all the same.
    await send(app.topics.response, responseSubmitted(y, A, 'PE', '2024-02-02T00:00:00Z'));
    await send(
      app.topics.campaign,
      campaignOpened(y, '2024-02-01T00:00:00Z', [{ economy: 'PE', clusters: 0 }]),
    );
    await settle();

    const rate = (campaignId: string, s: { responseRates: { campaignId: string }[] }) =>
      s.responseRates.find((r) => r.campaignId === campaignId);
    const pe = await statistics('PE');
    expect(pe.responseRates.map((r: { campaignId: string }) => r.campaignId)).toEqual([y, x]);
    expect(rate(x, pe)).toEqual({
      campaignId: x,
      questionnaireKind: 'INTERNATIONALIZATION',
      opensAt: '2023-03-01T00:00:00.000Z',
      audience: 4,
      responded: 2,
      rate: 0.5,
    });
    expect(rate(y, pe)).toMatchObject({ audience: 0, responded: 1, rate: null });
    expect(rate(x, await statistics('CL'))).toMatchObject({ audience: 2, responded: 1, rate: 0.5 });
    expect((await statistics('JP')).responseRates).toEqual([]);

    const years = await byYear('PE', 2022, 2024);
    expect(
      years.map((yr: { responseRates: { campaignId: string }[] }) =>
        yr.responseRates.map((r) => r.campaignId),
      ),
    ).toEqual([[], [x], [y]]);
    const responders = await app.deps.statisticsProjector.models.responders.findById(`${x}:PE`).lean();
    expect(responders?.clusters.sort()).toEqual([A, B].sort());
  });

  it('When APEC-wide statistics are read, then they sum every economy, now and by year', async () => {
    const { apecStatistics } = await app.query(`{ apecStatistics { ${FIGURES} } }`);
    expect(apecStatistics).toMatchObject({
      publishedClusters: 3,
      members: 64,
      openCooperationOffers: 1,
      successStories: 4,
    });
    expect(apecStatistics.bySpecialization).toEqual([
      { code: 'ict', clusters: 2 },
      { code: 'energy', clusters: 1 },
      { code: 'ict.software', clusters: 1 },
    ]);
    const x = apecStatistics.responseRates.find((r: { audience: number }) => r.audience === 6);
    expect(x).toMatchObject({ responded: 3, rate: 0.5 });

    const { apecStatisticsByYear } = await app.query(
      `{ apecStatisticsByYear(from: 2019, to: 2023) { year publishedClusters openCooperationOffers } }`,
    );
    expect(apecStatisticsByYear).toEqual([
      { year: 2019, publishedClusters: 1, openCooperationOffers: 0 },
      { year: 2020, publishedClusters: 1, openCooperationOffers: 0 },
      { year: 2021, publishedClusters: 2, openCooperationOffers: 0 },
      { year: 2022, publishedClusters: 3, openCooperationOffers: 2 },
      { year: 2023, publishedClusters: 3, openCooperationOffers: 1 },
    ]);
  });

  it('When the same events come again and the group replays from the earliest offset, then no figure and no fact changes', async () => {
    const all = async () =>
      Promise.all(
        ['PE', 'CL', 'MX'].map(async (c) => [withoutAsOf(await statistics(c)), await byYear(c, 2018, 2024)]),
      );
    const before = await all();
    const facts = await factCounts();

    // Every event again, in reverse order: older sequences arrive after newer ones.
    for (const [topic, events] of sent) {
      await app.send(topic, ...[...events].reverse());
    }
    await settle();
    expect(await all()).toEqual(before);
    expect(await factCounts()).toEqual(facts);

    const consumer = app.named.statisticsConsumer;
    await consumer.rewindToEarliest();
    await consumer.start();
    await settle();

    expect(await all()).toEqual(before);
    expect(await factCounts()).toEqual(facts);
  }, 90_000);

  it('When an event does not match its schema, then it is dead-lettered with its reason and nothing is counted', async () => {
    const before = withoutAsOf(await statistics('PE'));
    const bad = campaignOpened(randomUUID(), '2025-05-01T00:00:00Z', [{ economy: 'PE', clusters: -3 }]);
    const badResponse = responseSubmitted(randomUUID(), randomUUID(), 'PE', '2025-05-02T00:00:00Z');
    delete (badResponse.data as Record<string, unknown>).clusterId;
    const collector = await collectEvents(
      app.kafka,
      TOPICS.deadletter,
      (e) => e.id === bad.id || e.id === badResponse.id,
      { count: 2 },
    );
    await collector.start();

    await app.send(app.topics.campaign, bad);
    await app.send(app.topics.response, badResponse);
    const dead = await collector.done;
    await settle();

    const reasons = Object.fromEntries(dead.map((d) => [d.event.id, d.headers]));
    expect(reasons[bad.id]?.['ccp-dlq-reason']).toMatch(/clusters/);
    expect(reasons[bad.id]?.['ccp-dlq-topic']).toBe(app.topics.campaign);
    expect(reasons[bad.id]?.['ccp-dlq-group']).toBe(app.named.statisticsConsumer.groupId);
    expect(reasons[badResponse.id]?.['ccp-dlq-reason']).toMatch(/clusterId/);
    expect(withoutAsOf(await statistics('PE'))).toEqual(before);
    expect(await app.deps.statisticsProjector.models.campaigns.countDocuments({ _id: bad.subject })).toBe(0);
  });
});

describe('reading statistics', () => {
  it('When a year range is out of bounds, reversed or too long, then it is refused naming the field', async () => {
    const q =
      'query($f: Int!, $t: Int!) { economy(code: "PE") { statisticsByYear(from: $f, to: $t) { year } } }';
    const fields = [];
    for (const [f, t] of [
      [1999, 2020],
      [2022, 2021],
      [2000, 2060],
    ]) {
      const res = await app.execute(anonymous, q, { f, t });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      fields.push(res.errors?.[0]?.extensions?.field);
    }
    expect(fields).toEqual(['from', 'to', 'to']);
    const apec = await app.execute(anonymous, '{ apecStatisticsByYear(from: 2030, to: 2020) { year } }');
    expect(apec.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it("When all 21 economies' statistics are read (as the gateway resolves references), then it costs one find", async () => {
    const seen: string[] = [];
    const listener = (e: { commandName: string }) => {
      if (!['hello', 'isMaster', 'ping', 'endSessions'].includes(e.commandName)) seen.push(e.commandName);
    };
    const codes = (await app.query('{ economies { code } }')).economies.map((e: { code: string }) => e.code);
    app.db.getClient().on('commandStarted', listener);
    const data = await app.query(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Economy { code statistics { publishedClusters } statisticsByYear(from: 2022, to: 2022) { publishedClusters } } } }',
      { r: codes.map((code: string) => ({ __typename: 'Economy', code })) },
    );
    app.db.getClient().off('commandStarted', listener);

    expect(seen).toEqual(['find']);
    expect(data._entities).toHaveLength(21);
    expect(data._entities.find((e: { code: string }) => e.code === 'PE')).toEqual({
      code: 'PE',
      statistics: { publishedClusters: 2 },
      statisticsByYear: [{ publishedClusters: 2 }],
    });
    expect(data._entities.find((e: { code: string }) => e.code === 'AU').statistics.publishedClusters).toBe(
      0,
    );
  });
});
