import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type Caller, EventValidator, makeEvent, TOPICS } from '@ccp/kit';
import { collectEvents, waitFor } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueOffers } from '../src/domain/expire-cooperation-offers.js';
import { offerUpdated } from '../src/events/offer-events.js';
import type { CooperationOfferDocument } from '../src/model/cooperation-offer.js';
import {
  apiClient,
  codes,
  coordinatorOf,
  dataAt,
  managerOf,
  member,
  newCluster,
  secretariat,
  startMatchmaking,
  type TestCluster,
  user,
} from './harness.js';

const OFFER_FIELDS = `id kind title { en ru } description { en ru } sectors targetEconomies deadline status
  closeReason closedAt updatedAt clusterId economyCode createdAt followerCount followedByMe interestCount
  soughtPartner { description { en ru } memberTypes specializations }`;
const PUBLISH = `mutation ($input: PublishCooperationOfferInput!) { publishCooperationOffer(input: $input) { ${OFFER_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateCooperationOfferInput!) { updateCooperationOffer(input: $input) { ${OFFER_FIELDS} } }`;
const CLOSE = `mutation ($id: ID!, $reason: CooperationOfferCloseReason!) {
  closeCooperationOffer(id: $id, reason: $reason) { ${OFFER_FIELDS} }
}`;
const FOLLOW = `mutation ($id: ID!) { followCooperationOffer(id: $id) { id followerCount followedByMe } }`;
const UNFOLLOW = `mutation ($id: ID!) { unfollowCooperationOffer(id: $id) { id followerCount followedByMe } }`;
const INTEREST = `mutation ($input: ExpressInterestInput!) {
  expressInterest(input: $input) { id userId fromClusterId fromCluster { id } message createdAt offer { id interestCount } }
}`;
const OFFER = `query ($id: ID!) {
  cooperationOffer(id: $id) {
    ${OFFER_FIELDS}
    interests { id userId fromClusterId message }
    myInterest { id message }
  }
}`;
const OFFERS = `query ($filter: CooperationOfferFilter, $first: Int, $after: String) {
  cooperationOffers(filter: $filter, first: $first, after: $after) {
    nodes { id kind status } totalCount pageInfo { hasNextPage endCursor }
  }
}`;
const FOLLOWED = `query ($first: Int, $after: String) {
  followedCooperationOffers(first: $first, after: $after) { nodes { id status } totalCount pageInfo { hasNextPage endCursor } }
}`;
const CLUSTER_OFFERS = `query ($reps: [_Any!]!, $status: CooperationOfferStatus) {
  _entities(representations: $reps) { ... on Cluster { cooperationOffers(status: $status) { id status } } }
}`;

// biome-ignore lint/suspicious/noExplicitAny: events and graph results are read as the tests see them
type Loose = any;

let mm: Awaited<ReturnType<typeof startMatchmaking>>;
const validator = new EventValidator();
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  mm = await startMatchmaking('offers');
});

afterAll(async () => {
  await mm?.stop();
});

type Input = Record<string, unknown>;

function offerInput(clusterId: string, overrides: Input = {}): Input {
  return {
    clusterId,
    kind: 'OFFER',
    title: { en: `Roll-to-roll pilot line ${mm.run}`, ru: 'Пилотная линия рулонной печати' },
    description: {
      en: 'Shared access to a pilot line for printed electronics, for SMEs of partner clusters.',
    },
    sectors: ['electronics'],
    targetEconomies: ['JP', 'KR'],
    deadline: day(30),
    ...overrides,
  };
}

async function publish(clusterId: string, overrides: Input = {}, caller: Caller = managerOf(clusterId)) {
  const { data, errors } = await mm.execute(PUBLISH, { input: offerInput(clusterId, overrides) }, caller);
  if (errors) throw new Error(`publish failed: ${JSON.stringify(errors)}`);
  return data.publishCooperationOffer as { id: string } & Record<string, Loose>;
}

const stored = (id: string) => mm.server.deps.offers.findById(id).lean<CooperationOfferDocument>();
const offerCount = () => mm.server.deps.offers.countDocuments();

/** Makes an offer's deadline yesterday, as if the days had passed (publishing refuses a past deadline). */
async function letDeadlinePass(id: string) {
  await mm.server.deps.offers.updateOne({ _id: id }, { $set: { deadline: day(-1) } });
  await mm.server.deps.offerRepository.refresh(id);
}

/** Collects events of one topic from now on. */
async function collect(topic: string, matches: (e: Loose) => boolean, count = 1, timeoutMs = 20_000) {
  const collector = await collectEvents(mm.kafka, topic, matches, { count, timeoutMs });
  await collector.start();
  return collector;
}

const linkTo = (offerId: string) => (e: Loose) => dataAt(e, 'link') === `/offers/${offerId}`;

describe('publishing a cooperation offer', () => {
  let owner: TestCluster;

  beforeAll(async () => {
    owner = await mm.publishedCluster(newCluster('PE', ['agrifood']));
  });

  it('When a manager publishes an offer with a sought partner, then it is stored and its event carries publishedAt and the partner', async () => {
    const title = `Quinoa protein partners ${mm.run}`;
    const events = await collect(TOPICS.offer, (e) => dataAt(e, 'title', 'en') === title);

    const offer = await publish(owner.id, {
      kind: 'PROJECT',
      title: { en: title },
      sectors: ['agrifood.food-processing', 'agrifood.food-processing'],
      soughtPartner: {
        description: { en: 'A food-technology cluster with pilot plants', ru: 'Кластер пищевых технологий' },
        memberTypes: ['SME', 'RESEARCH_INSTITUTE'],
        specializations: ['biotech'],
      },
    });

    expect(offer).toMatchObject({
      kind: 'PROJECT',
      title: { en: title, ru: null },
      sectors: ['agrifood.food-processing'],
      status: 'OPEN',
      closeReason: null,
      followerCount: 0,
      interestCount: 0,
      soughtPartner: {
        description: { en: 'A food-technology cluster with pilot plants', ru: 'Кластер пищевых технологий' },
        memberTypes: ['SME', 'RESEARCH_INSTITUTE'],
        specializations: ['biotech'],
      },
    });
    const { event } = (await events.done)[0];
    expect(validator.validate(event)).toEqual({ ok: true, event });
    expect(event).toMatchObject({
      type: 'ccp.matchmaking.offer.published.v1',
      subject: offer.id,
      sequence: 1,
      economy: 'PE',
      actorrole: 'manager',
      data: {
        offerId: offer.id,
        kind: 'project',
        publishedAt: offer.createdAt,
        soughtPartner: { memberTypes: ['SME', 'RESEARCH_INSTITUTE'], specializations: ['biotech'] },
      },
    });
  });

  it('When the input is bad, then each error is BAD_USER_INPUT naming the field, nothing is stored and no event is sent', async () => {
    const marker = `Refused offer ${mm.run}`;
    const none = await mm.watchNone(TOPICS.offer, (e) => String(dataAt(e, 'title', 'en')).startsWith(marker));
    const before = await offerCount();
    const cases: [Input, string][] = [
      [{ sectors: ['electronics', 'C26'] }, 'sectors.1'],
      [{ targetEconomies: ['JP', 'XX'] }, 'targetEconomies.1'],
      [{ deadline: day(-1) }, 'deadline'],
      [{ deadline: '31/12/2031' }, 'deadline'],
      [{ title: { en: `${marker} ${'x'.repeat(200)}` } }, 'title.en'],
      [{ description: { en: 'See <script>alert(1)</script>' } }, 'description.en'],
      [{ description: { en: 'Plain', ru: '<b>жирный</b>' } }, 'description.ru'],
      [{ soughtPartner: { specializations: ['not-a-code'] } }, 'soughtPartner.specializations.0'],
      [{ soughtPartner: { description: { en: '<a href="x">link</a>' } } }, 'soughtPartner.description.en'],
    ];

    for (const [overrides, field] of cases) {
      const { data, errors } = await mm.execute(
        PUBLISH,
        {
          input: offerInput(owner.id, { title: { en: `${marker} ${field}` }, ...overrides }),
        },
        managerOf(owner.id),
      );
      expect(data, field).toBeNull();
      expect(errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await offerCount()).toBe(before);
    await none.expectNone();
  });
});

describe('updating a cooperation offer', () => {
  let owner: TestCluster;
  let other: TestCluster;

  beforeAll(async () => {
    owner = await mm.publishedCluster(newCluster('MY', ['electronics']));
    other = await mm.publishedCluster(newCluster('MY'));
  });

  it('When a manager changes the title and deadline, then they are stored, an updated event names them and followers but the editor are notified', async () => {
    const offer = await publish(owner.id);
    const follower = user(`user-follower-${randomUUID()}`);
    const editor = managerOf(owner.id);
    await mm.execute(FOLLOW, { id: offer.id }, follower);
    await mm.execute(FOLLOW, { id: offer.id }, editor);
    const updates = await collect(
      TOPICS.offer,
      (e) => e.subject === offer.id && e.type.endsWith('.updated.v1'),
    );
    const notices = await collect(TOPICS.notifications, linkTo(offer.id));

    const newTitle = `Pilot line, now with inkjet ${mm.run}`;
    const { data, errors } = await mm.execute(
      UPDATE,
      { input: { id: offer.id, title: { en: newTitle }, deadline: day(60), kind: 'OFFER' } },
      editor,
    );

    expect(errors).toBeUndefined();
    expect(data.updateCooperationOffer).toMatchObject({
      title: { en: newTitle, ru: null },
      deadline: day(60),
      kind: 'OFFER',
      description: offer.description,
      status: 'OPEN',
    });
    expect(data.updateCooperationOffer.updatedAt).toBeTruthy();
    const { event } = (await updates.done)[0];
    expect(validator.validate(event)).toEqual({ ok: true, event });
    expect(event).toMatchObject({
      economy: 'MY',
      actor: editor.subject,
      actorrole: 'manager',
      data: {
        offerId: offer.id,
        title: { en: newTitle },
        deadline: day(60),
        changedFields: ['title', 'deadline'],
      },
    });
    const notice = (await notices.done)[0].event;
    expect(validator.validate(notice).ok).toBe(true);
    expect(notice.data).toMatchObject({ kind: 'cooperation-offer-updated', userIds: [follower.subject] });
    expect(notice.data.text.en).toContain('title, deadline');
  });

  it('When an update gives only the values the offer has, then nothing is written', async () => {
    const offer = await publish(owner.id);
    const before = await stored(offer.id);

    const { errors } = await mm.execute(
      UPDATE,
      {
        input: { id: offer.id, title: offerInput(owner.id).title, sectors: ['electronics'] },
      },
      managerOf(owner.id),
    );

    expect(errors).toBeUndefined();
    expect((await stored(offer.id))?.version).toBe(before?.version);
  });

  it("When the economy's coordinator or the secretariat updates, then it is updated with their role as actor", async () => {
    const offer = await publish(owner.id);
    const events = await collect(
      TOPICS.offer,
      (e) => e.subject === offer.id && e.type.endsWith('.updated.v1'),
      2,
    );

    const byCoordinator = await mm.execute(
      UPDATE,
      { input: { id: offer.id, targetEconomies: ['CL'] } },
      coordinatorOf('MY'),
    );
    const bySecretariat = await mm.execute(UPDATE, { input: { id: offer.id, deadline: null } }, secretariat);

    expect(byCoordinator.data.updateCooperationOffer.targetEconomies).toEqual(['CL']);
    expect(bySecretariat.data.updateCooperationOffer.deadline).toBeNull();
    const roles = (await events.done).map(({ event }) => event.actorrole).sort();
    expect(roles).toEqual(['coordinator', 'secretariat']);
  });

  it("When another cluster's manager, another economy's coordinator, a member or an API client updates, then FORBIDDEN; anonymous gets UNAUTHENTICATED; nothing changes", async () => {
    const offer = await publish(owner.id);
    const none = await mm.watchNone(
      TOPICS.offer,
      (e) => e.subject === offer.id && e.type.endsWith('.updated.v1'),
    );
    const input = { id: offer.id, title: { en: 'Taken over' } };

    const results = await Promise.all(
      [managerOf(other.id), coordinatorOf('SG'), member, apiClient, ANONYMOUS].map((caller) =>
        mm.execute(UPDATE, { input }, caller),
      ),
    );

    expect(codes(results)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect((await stored(offer.id))?.title.en).toBe(offer.title.en);
    await none.expectNone();
  });

  it('When the update is empty, refers to a bad code or a past deadline, then BAD_USER_INPUT names the field and nothing changes', async () => {
    const offer = await publish(owner.id);
    const cases: [Input, string][] = [
      [{}, 'input'],
      [{ deadline: day(-3) }, 'deadline'],
      [{ sectors: ['nope'] }, 'sectors.0'],
      [{ title: { en: '<img src=x onerror=alert(1)>' } }, 'title.en'],
      [{ description: { en: 'y'.repeat(5001) } }, 'description.en'],
    ];
    for (const [fields, field] of cases) {
      const { errors } = await mm.execute(
        UPDATE,
        { input: { id: offer.id, ...fields } },
        managerOf(owner.id),
      );
      expect(errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await stored(offer.id))?.version).toBe(1);
  });

  it('When the offer does not exist, then NOT_FOUND', async () => {
    const { errors } = await mm.execute(UPDATE, { input: { id: randomUUID(), kind: 'NEED' } }, secretariat);
    expect(errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});

describe('closing a cooperation offer', () => {
  let owner: TestCluster;
  let asker: TestCluster;

  beforeAll(async () => {
    owner = await mm.publishedCluster(newCluster('CL', ['mining']));
    asker = await mm.publishedCluster(newCluster('AU', ['mining']));
  });

  it('When a manager closes an offer as fulfilled, then its closed event and the followers’ notice go out, and it can no longer be updated, followed, answered or closed', async () => {
    const offer = await publish(owner.id);
    const follower = user(`user-follower-${randomUUID()}`);
    await mm.execute(FOLLOW, { id: offer.id }, follower);
    const closed = await collect(
      TOPICS.offer,
      (e) => e.subject === offer.id && e.type.endsWith('.closed.v1'),
    );
    const notices = await collect(TOPICS.notifications, linkTo(offer.id));

    const { data, errors } = await mm.execute(
      CLOSE,
      { id: offer.id, reason: 'FULFILLED' },
      managerOf(owner.id),
    );

    expect(errors).toBeUndefined();
    expect(data.closeCooperationOffer).toMatchObject({ status: 'CLOSED', closeReason: 'FULFILLED' });
    const { event } = (await closed.done)[0];
    expect(validator.validate(event)).toEqual({ ok: true, event });
    expect(event).toMatchObject({
      sequence: (await stored(offer.id))?.version,
      economy: 'CL',
      actorrole: 'manager',
      data: {
        offerId: offer.id,
        clusterId: owner.id,
        economy: 'CL',
        reason: 'fulfilled',
        closedAt: data.closeCooperationOffer.closedAt,
      },
    });
    expect((await notices.done)[0].event.data).toMatchObject({
      kind: 'cooperation-offer-closed',
      userIds: [follower.subject],
    });

    const version = (await stored(offer.id))?.version;
    const none = await mm.watchNone(
      TOPICS.offer,
      (e) => e.subject === offer.id && e.sequence > (version ?? 0),
    );
    const attempts = await Promise.all([
      mm.execute(UPDATE, { input: { id: offer.id, kind: 'NEED' } }, managerOf(owner.id)),
      mm.execute(CLOSE, { id: offer.id, reason: 'WITHDRAWN' }, managerOf(owner.id)),
      mm.execute(FOLLOW, { id: offer.id }, member),
      mm.execute(
        INTEREST,
        { input: { offerId: offer.id, fromClusterId: asker.id, message: 'Still on?' } },
        managerOf(asker.id),
      ),
    ]);
    expect(attempts.map((r) => r.errors?.[0]?.extensions)).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: 'id' }),
      expect.objectContaining({ code: 'INVALID_STATE', field: 'id' }),
      expect.objectContaining({ code: 'INVALID_STATE', field: 'id' }),
      expect.objectContaining({ code: 'INVALID_STATE', field: 'offerId' }),
    ]);
    const after = await stored(offer.id);
    expect(after).toMatchObject({ version, kind: 'offer', followers: [follower.subject], interests: [] });
    await none.expectNone();
  });

  it('When a user asks to close it as EXPIRED, then BAD_USER_INPUT names reason', async () => {
    const offer = await publish(owner.id);
    const { errors } = await mm.execute(CLOSE, { id: offer.id, reason: 'EXPIRED' }, managerOf(owner.id));
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await stored(offer.id))?.status).toBe('open');
  });

  it('When the coordinator or the secretariat withdraws an offer, then it closes; strangers get FORBIDDEN and anonymous UNAUTHENTICATED', async () => {
    const first = await publish(owner.id);
    const second = await publish(owner.id);

    const refused = await Promise.all(
      [managerOf(asker.id), coordinatorOf('AU'), member, apiClient, ANONYMOUS].map((caller) =>
        mm.execute(CLOSE, { id: first.id, reason: 'WITHDRAWN' }, caller),
      ),
    );
    expect(codes(refused)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
    expect((await stored(first.id))?.status).toBe('open');

    const byCoordinator = await mm.execute(CLOSE, { id: first.id, reason: 'WITHDRAWN' }, coordinatorOf('CL'));
    const bySecretariat = await mm.execute(CLOSE, { id: second.id, reason: 'WITHDRAWN' }, secretariat);
    expect(byCoordinator.data.closeCooperationOffer.closeReason).toBe('WITHDRAWN');
    expect(bySecretariat.data.closeCooperationOffer.closeReason).toBe('WITHDRAWN');
  });
});

describe('expiry after the deadline', () => {
  let owner: TestCluster;

  beforeAll(async () => {
    owner = await mm.publishedCluster(newCluster('VN', ['textiles']));
  });

  it('When the deadline has passed, then the offer reads CLOSED / EXPIRED at once and acting on it is INVALID_STATE naming the field', async () => {
    const offer = await publish(owner.id, { sectors: ['textiles'] });
    await letDeadlinePass(offer.id);

    const read = await mm.execute(OFFER, { id: offer.id });
    const open = await mm.execute(OFFERS, { filter: { economies: ['VN'], text: mm.run } });
    const attempts = await Promise.all([
      mm.execute(UPDATE, { input: { id: offer.id, deadline: day(10) } }, managerOf(owner.id)),
      mm.execute(FOLLOW, { id: offer.id }, member),
      mm.execute(INTEREST, { input: { offerId: offer.id, message: 'Too late?' } }, member),
    ]);

    expect(read.data.cooperationOffer).toMatchObject({
      status: 'CLOSED',
      closeReason: 'EXPIRED',
      closedAt: `${day(0)}T00:00:00.000Z`,
    });
    expect(open.data.cooperationOffers.nodes.map((n: Loose) => n.id)).not.toContain(offer.id);
    expect(attempts.map((r) => r.errors?.[0]?.extensions)).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: 'id', closeReason: 'EXPIRED' }),
      expect.objectContaining({ code: 'INVALID_STATE', field: 'id' }),
      expect.objectContaining({ code: 'INVALID_STATE', field: 'offerId' }),
    ]);
    expect(await stored(offer.id)).toMatchObject({
      version: 1,
      deadline: day(-1),
      followers: [],
      interests: [],
    });
  });

  it('When the sweep runs, then it closes the offers past their deadline as expired, tells followers and managers, and a second run changes nothing', async () => {
    const due = await publish(owner.id);
    const notDue = await publish(owner.id, { deadline: day(0) });
    const follower = user(`user-follower-${randomUUID()}`);
    await mm.execute(FOLLOW, { id: due.id }, follower);
    await letDeadlinePass(due.id);
    const closed = await collect(TOPICS.offer, (e) => e.subject === due.id && e.type.endsWith('.closed.v1'));
    const notices = await collect(TOPICS.notifications, linkTo(due.id), 2);

    const expired = await expireDueOffers(mm.server.deps);
    const again = await expireDueOffers(mm.server.deps);

    expect(expired).toBeGreaterThanOrEqual(1);
    expect(again).toBe(0);
    expect(await stored(due.id)).toMatchObject({
      status: 'closed',
      closeReason: 'expired',
      closedAt: new Date(`${day(0)}T00:00:00.000Z`),
      outbox: [],
    });
    expect((await stored(notDue.id))?.status).toBe('open');
    const { event } = (await closed.done)[0];
    expect(validator.validate(event)).toEqual({ ok: true, event });
    expect(event).toMatchObject({
      actor: 'system',
      actorrole: 'system',
      time: `${day(0)}T00:00:00.000Z`,
      data: { reason: 'expired', closedAt: `${day(0)}T00:00:00.000Z` },
    });
    const sent = (await notices.done).map(({ event: n }) => n.data);
    expect(sent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'cooperation-offer-closed', userIds: [follower.subject] }),
        expect.objectContaining({ kind: 'cooperation-offer-expired', clusterManagersOf: owner.id }),
      ]),
    );
  });
});

describe('browsing cooperation offers', () => {
  const tag = () => `brw${mm.run}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const kr = await mm.publishedCluster(newCluster('KR'));
    const mx = await mm.publishedCluster(newCluster('MX'));
    const specs: [string, TestCluster, Input][] = [
      [
        'krOffer',
        kr,
        {
          kind: 'OFFER',
          sectors: ['aerospace.space'],
          targetEconomies: [],
          title: { en: `${tag()} Satellite integration in Zürich-style cleanrooms` },
        },
      ],
      [
        'krNeed',
        kr,
        {
          kind: 'NEED',
          sectors: ['ict.software'],
          targetEconomies: ['MX'],
          deadline: day(5),
          title: { en: `${tag()} Software partner`, ru: 'ПРОГРАММНЫЙ партнёр' },
        },
      ],
      [
        'mxProject',
        mx,
        {
          kind: 'PROJECT',
          sectors: ['aerospace'],
          targetEconomies: ['JP'],
          deadline: null,
          title: { en: `${tag()} Drone corridor`, ru: '無人機の回廊プロジェクト' },
        },
      ],
      [
        'mxClosed',
        mx,
        {
          kind: 'OFFER',
          sectors: ['aerospace.aviation'],
          targetEconomies: [],
          title: { en: `${tag()} Aircraft MRO` },
        },
      ],
    ];
    for (const [key, cluster, overrides] of specs) ids[key] = (await publish(cluster.id, overrides)).id;
    await mm.execute(CLOSE, { id: ids.mxClosed, reason: 'WITHDRAWN' }, managerOf(mx.id));
  });

  const search = async (filter: Input, first?: number, after?: string | null) => {
    const { data, errors } = await mm.execute(OFFERS, { filter: { text: tag(), ...filter }, first, after });
    expect(errors).toBeUndefined();
    return data.cooperationOffers as { nodes: { id: string }[]; totalCount: number; pageInfo: Loose };
  };
  const idsOf = (page: { nodes: { id: string }[] }) => page.nodes.map((n) => n.id);

  it('When offers are filtered, then each criterion selects only what it says, newest first, open ones unless asked', async () => {
    expect(idsOf(await search({}))).toEqual([ids.mxProject, ids.krNeed, ids.krOffer]);
    expect(idsOf(await search({ kinds: ['NEED', 'PROJECT'] }))).toEqual([ids.mxProject, ids.krNeed]);
    expect(idsOf(await search({ economies: ['KR'] }))).toEqual([ids.krNeed, ids.krOffer]);
    expect(idsOf(await search({ sectors: ['aerospace'] }))).toEqual([ids.mxProject, ids.krOffer]);
    expect(idsOf(await search({ sectors: ['aerospace.space'] }))).toEqual([ids.krOffer]);
    expect(idsOf(await search({ targetEconomy: 'MX' }))).toEqual([ids.krNeed, ids.krOffer]);
    expect(idsOf(await search({ deadlineFrom: day(10) }))).toEqual([ids.mxProject, ids.krOffer]);
    expect(idsOf(await search({ status: 'CLOSED' }))).toEqual([ids.mxClosed]);
  });

  it('When free text is searched, then case, accents, Cyrillic case and CJK substrings match and every word must', async () => {
    expect(idsOf(await search({ text: `${tag()} zurich CLEANROOM` }))).toEqual([ids.krOffer]);
    expect(idsOf(await search({ text: `${tag()} программный` }))).toEqual([ids.krNeed]);
    expect(idsOf(await search({ text: `${tag()} 回廊` }))).toEqual([ids.mxProject]);
    expect(idsOf(await search({ text: `${tag()} satellite software` }))).toEqual([]);
    // Sector names are searchable too: "Space industry" is the label of aerospace.space.
    expect(idsOf(await search({ text: `${tag()} space industry` }))).toEqual([ids.krOffer]);
  });

  it('When offers are read page by page, then every match comes once with the total and the last page says so', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let totals: number[] = [];
    for (let page = 0; page < 5; page++) {
      const result = await search({}, 2, after);
      seen.push(...idsOf(result));
      totals = [...totals, result.totalCount];
      after = result.pageInfo.endCursor;
      if (!result.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual([ids.mxProject, ids.krNeed, ids.krOffer]);
    expect(totals).toEqual([3, 3]);
  });

  it('When the filter is bad, then BAD_USER_INPUT names the filter field', async () => {
    const cases: [Input, string][] = [
      [{ sectors: ['C26'] }, 'filter.sectors.0'],
      [{ economies: ['KR', 'EU'] }, 'filter.economies.1'],
      [{ targetEconomy: 'XX' }, 'filter.targetEconomy'],
      [{ text: 'x'.repeat(201) }, 'filter.text'],
      [{ deadlineFrom: 'tomorrow' }, 'filter.deadlineFrom'],
    ];
    for (const [filter, field] of cases) {
      const { errors } = await mm.execute(OFFERS, { filter });
      expect(errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const { errors } = await mm.execute(OFFERS, { after: 'not-a-cursor' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it("When a cluster's offers are read, then its open ones come unless closed ones are asked for", async () => {
    const mx = (await stored(ids.mxProject as string))!.clusterId;
    const open = await mm.execute(CLUSTER_OFFERS, { reps: [{ __typename: 'Cluster', id: mx }] });
    const closed = await mm.execute(CLUSTER_OFFERS, {
      reps: [{ __typename: 'Cluster', id: mx }],
      status: 'CLOSED',
    });
    expect(open.data._entities[0].cooperationOffers).toEqual([{ id: ids.mxProject, status: 'OPEN' }]);
    expect(closed.data._entities[0].cooperationOffers).toEqual([{ id: ids.mxClosed, status: 'CLOSED' }]);
  });
});

describe('following cooperation offers', () => {
  let owner: TestCluster;

  beforeAll(async () => {
    owner = await mm.publishedCluster(newCluster('NZ', ['ocean']));
  });

  it('When a user follows an offer, then it is counted once, listed among what they follow, and unfollowing undoes it', async () => {
    const offer = await publish(owner.id);
    const older = await publish(owner.id);
    const fan = user(`user-fan-${randomUUID()}`);

    const followed = await mm.execute(FOLLOW, { id: offer.id }, fan);
    const again = await mm.execute(FOLLOW, { id: offer.id }, fan);
    await mm.execute(FOLLOW, { id: older.id }, fan);
    const mine = await mm.execute(FOLLOWED, { first: 1 }, fan);
    const next = await mm.execute(
      FOLLOWED,
      { first: 1, after: mine.data.followedCooperationOffers.pageInfo.endCursor },
      fan,
    );
    const asOthersSee = await mm.execute(OFFER, { id: offer.id }, member);
    const unfollowed = await mm.execute(UNFOLLOW, { id: offer.id }, fan);
    const unfollowedAgain = await mm.execute(UNFOLLOW, { id: offer.id }, fan);

    expect(followed.data.followCooperationOffer).toEqual({
      id: offer.id,
      followerCount: 1,
      followedByMe: true,
    });
    expect(again.data.followCooperationOffer).toEqual({ id: offer.id, followerCount: 1, followedByMe: true });
    expect(mine.data.followedCooperationOffers).toMatchObject({
      nodes: [{ id: older.id }],
      totalCount: 2,
      pageInfo: { hasNextPage: true },
    });
    expect(next.data.followedCooperationOffers).toMatchObject({
      nodes: [{ id: offer.id }],
      pageInfo: { hasNextPage: false },
    });
    expect(asOthersSee.data.cooperationOffer).toMatchObject({ followerCount: 1, followedByMe: false });
    expect(unfollowed.data.unfollowCooperationOffer).toEqual({
      id: offer.id,
      followerCount: 0,
      followedByMe: false,
    });
    expect(unfollowedAgain.errors).toBeUndefined();
    expect((await stored(offer.id))?.followers).toEqual([]);
  });

  it('When many users follow at once, then every follow is kept', async () => {
    const offer = await publish(owner.id);
    const fans = Array.from({ length: 8 }, () => user(`user-fan-${randomUUID()}`));

    const results = await Promise.all(fans.map((fan) => mm.execute(FOLLOW, { id: offer.id }, fan)));

    expect(results.map((r) => r.errors)).toEqual(fans.map(() => undefined));
    expect((await stored(offer.id))?.followers.sort()).toEqual(fans.map((f) => f.subject).sort());
  });

  it('When an anonymous caller or an API client follows, unfollows or lists follows, then UNAUTHENTICATED or FORBIDDEN and nothing is stored', async () => {
    const offer = await publish(owner.id);

    const results = await Promise.all([
      mm.execute(FOLLOW, { id: offer.id }, ANONYMOUS),
      mm.execute(FOLLOW, { id: offer.id }, apiClient),
      mm.execute(UNFOLLOW, { id: offer.id }, ANONYMOUS),
      mm.execute(UNFOLLOW, { id: offer.id }, apiClient),
      mm.execute(FOLLOWED, {}, ANONYMOUS),
      mm.execute(FOLLOWED, {}, apiClient),
    ]);

    expect(codes(results)).toEqual([
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'UNAUTHENTICATED',
      'FORBIDDEN',
    ]);
    expect((await stored(offer.id))?.followers).toEqual([]);
  });

  it('When the offer does not exist, then following it is NOT_FOUND', async () => {
    const { errors } = await mm.execute(FOLLOW, { id: randomUUID() }, member);
    expect(errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});

describe('expressing interest in a cooperation offer', () => {
  let owner: TestCluster;
  let asker: TestCluster;
  let draft: TestCluster;

  beforeAll(async () => {
    owner = await mm.publishedCluster(newCluster('TH', ['automotive.ev']));
    asker = await mm.publishedCluster(newCluster('ID', ['automotive']));
    draft = await mm.registeredCluster(newCluster('ID'));
  });

  it("When a manager answers for their cluster, then the interest is stored and the offering cluster's managers are notified with Reply-To the sender", async () => {
    const offer = await publish(owner.id);
    const sender = managerOf(asker.id);
    const notices = await collect(TOPICS.notifications, linkTo(offer.id));

    const { data, errors } = await mm.execute(
      INTEREST,
      {
        input: {
          offerId: offer.id,
          fromClusterId: asker.id,
          message: 'We make battery packs; shall we talk?',
        },
      },
      sender,
    );

    expect(errors).toBeUndefined();
    expect(data.expressInterest).toMatchObject({
      userId: sender.subject,
      fromClusterId: asker.id,
      fromCluster: { id: asker.id },
      message: 'We make battery packs; shall we talk?',
      offer: { id: offer.id, interestCount: 1 },
    });
    const { event } = (await notices.done)[0];
    expect(validator.validate(event)).toEqual({ ok: true, event });
    expect(event.data).toMatchObject({
      kind: 'cooperation-offer-interest',
      clusterManagersOf: owner.id,
      replyToUserId: sender.subject,
    });
    expect(event.data.text.en).toContain('We make battery packs; shall we talk?');
    expect(event.data.text.en).toContain(asker.name);
    expect(await stored(offer.id)).toMatchObject({
      interests: [{ userId: sender.subject, fromClusterId: asker.id }],
      outbox: [],
    });
  });

  it('When the same user answers again, then CONFLICT names offerId and nothing more is stored or sent', async () => {
    const offer = await publish(owner.id);
    const sender = user(`user-${randomUUID()}`);
    await mm.execute(INTEREST, { input: { offerId: offer.id, message: 'First' } }, sender);
    const version = (await stored(offer.id))?.version;
    const none = await mm.watchNone(
      TOPICS.notifications,
      (e) => linkTo(offer.id)(e) && String(dataAt(e, 'text', 'en')).includes('Second'),
    );

    const { errors } = await mm.execute(
      INTEREST,
      { input: { offerId: offer.id, message: 'Second' } },
      sender,
    );

    expect(errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'offerId' });
    expect(await stored(offer.id)).toMatchObject({ version, interests: [{ message: 'First' }] });
    await none.expectNone();
  });

  it('When the sender names a cluster they do not act for, their offering cluster, or an unpublished one, then FORBIDDEN or BAD_USER_INPUT on fromClusterId and nothing is stored', async () => {
    const offer = await publish(owner.id);

    const results = await Promise.all([
      mm.execute(INTEREST, { input: { offerId: offer.id, fromClusterId: asker.id, message: 'Hi' } }, member),
      mm.execute(
        INTEREST,
        { input: { offerId: offer.id, fromClusterId: asker.id, message: 'Hi' } },
        coordinatorOf('TH'),
      ),
      mm.execute(
        INTEREST,
        { input: { offerId: offer.id, fromClusterId: owner.id, message: 'Hi' } },
        managerOf(owner.id),
      ),
      mm.execute(
        INTEREST,
        { input: { offerId: offer.id, fromClusterId: draft.id, message: 'Hi' } },
        managerOf(draft.id),
      ),
    ]);

    expect(results.map((r) => r.errors?.[0]?.extensions)).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN' }),
      expect.objectContaining({ code: 'FORBIDDEN' }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'fromClusterId' }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'fromClusterId' }),
    ]);
    expect((await stored(offer.id))?.interests).toEqual([]);
  });

  it('When the message is empty, too long or has markup, or the caller is not signed in, then the error says so and nothing is stored', async () => {
    const offer = await publish(owner.id);
    const cases: [string, Caller, string][] = [
      ['   ', member, 'BAD_USER_INPUT'],
      ['m'.repeat(2001), member, 'BAD_USER_INPUT'],
      ['<iframe src="https://evil.example">', member, 'BAD_USER_INPUT'],
      ['Hello', ANONYMOUS, 'UNAUTHENTICATED'],
      ['Hello', apiClient, 'FORBIDDEN'],
    ];
    for (const [message, caller, code] of cases) {
      const { errors } = await mm.execute(INTEREST, { input: { offerId: offer.id, message } }, caller);
      expect(errors?.[0]?.extensions.code, message.slice(0, 20)).toBe(code);
      if (code === 'BAD_USER_INPUT') expect(errors?.[0]?.extensions.field).toBe('message');
    }
    expect((await stored(offer.id))?.interests).toEqual([]);
  });

  it("When interests are read, then the offering cluster's managers, coordinator and the secretariat see them; others read null and only their own", async () => {
    const offer = await publish(owner.id);
    const sender = user(`user-${randomUUID()}`);
    await mm.execute(INTEREST, { input: { offerId: offer.id, message: 'Count us in' } }, sender);

    const asOwners = await Promise.all(
      [managerOf(owner.id), coordinatorOf('TH'), secretariat].map((caller) =>
        mm.execute(OFFER, { id: offer.id }, caller),
      ),
    );
    const asOthers = await Promise.all(
      [sender, managerOf(asker.id), coordinatorOf('ID'), member, ANONYMOUS].map((caller) =>
        mm.execute(OFFER, { id: offer.id }, caller),
      ),
    );

    for (const { data, errors } of asOwners) {
      expect(errors).toBeUndefined();
      expect(data.cooperationOffer.interests).toEqual([
        { id: expect.any(String), userId: sender.subject, fromClusterId: null, message: 'Count us in' },
      ]);
    }
    for (const { data, errors } of asOthers) {
      expect(errors).toBeUndefined();
      expect(data.cooperationOffer.interests).toBeNull();
      expect(data.cooperationOffer.interestCount).toBe(1);
    }
    expect(asOthers[0]!.data.cooperationOffer.myInterest).toMatchObject({ message: 'Count us in' });
    expect(asOthers[1]!.data.cooperationOffer.myInterest).toBeNull();
  });
});

describe("a user's erasure", () => {
  it('When a user is erased, then their follows and interests are removed from the offers and the read model, others stay, and again changes nothing', async () => {
    const owner = await mm.publishedCluster(newCluster('HK'));
    const offer = await publish(owner.id);
    const leaving = user(`user-${randomUUID()}`);
    const staying = user(`user-${randomUUID()}`);
    for (const caller of [leaving, staying]) {
      await mm.execute(FOLLOW, { id: offer.id }, caller);
      await mm.execute(INTEREST, { input: { offerId: offer.id, message: `From ${caller.subject}` } }, caller);
    }
    const erased = makeEvent({
      service: 'accounts',
      type: 'ccp.accounts.user.erased.v1',
      subject: leaving.subject,
      sequence: 3,
      data: { userId: leaving.subject, erasedAt: new Date().toISOString() },
    });

    expect(await mm.server.applyUserEvent(erased)).toBe('applied');
    const once = await stored(offer.id);
    await mm.server.applyUserEvent(erased);

    expect(once?.followers).toEqual([staying.subject]);
    expect(once?.interests.map((i) => i.userId)).toEqual([staying.subject]);
    expect((await stored(offer.id))?.version).toBe(once?.version);
    const asOwner = await mm.execute(OFFER, { id: offer.id }, managerOf(owner.id));
    expect(asOwner.data.cooperationOffer).toMatchObject({ followerCount: 1, interestCount: 1 });
    expect(asOwner.data.cooperationOffer.interests.map((i: Loose) => i.userId)).toEqual([staying.subject]);
  });
});

describe('the offer read model', () => {
  it('When another process changes an offer, then its event brings the change into this process’s read model', async () => {
    const owner = await mm.publishedCluster(newCluster('CA'));
    const offer = await publish(owner.id);
    const groupId = `ccp-matchmaking-offers-test-${mm.run}`;
    await mm.server.deps.offerRepository.follow(mm.kafka, groupId);
    try {
      // Another replica's write: the document and its event, which the relay publishes on the offer topic.
      const doc = (await stored(offer.id))!;
      const title = { en: `Changed elsewhere ${mm.run}` };
      const event = offerUpdated(
        { ...doc, title, updatedAt: new Date(), version: doc.version + 1 },
        ['title'],
        {
          subject: secretariat.subject,
          role: 'secretariat',
        },
      );
      await mm.server.deps.offers.updateOne(
        { _id: offer.id },
        { $set: { title, version: doc.version + 1, outbox: [event] } },
      );
      await mm.server.deps.offerRelay.flush(offer.id);

      const found = await waitFor(
        async () => {
          const { data } = await mm.execute(OFFERS, { filter: { text: `changed elsewhere ${mm.run}` } });
          return data.cooperationOffers.totalCount === 1 ? data.cooperationOffers.nodes[0].id : undefined;
        },
        { what: 'the read model to follow the offer event' },
      );
      expect(found).toBe(offer.id);
    } finally {
      await mm.server.deps.offerRepository.stop();
      const admin = mm.kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => {});
      await admin.disconnect();
    }
  });
});
