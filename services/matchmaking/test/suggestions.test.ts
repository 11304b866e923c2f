import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type CloudEvent, EventValidator, makeEvent, toMessage } from '@ccp/kit';
import { connectedProducer, createTestTopic, deleteTestTopic, waitFor } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterFactsProjection, factsOfEvent } from '../src/events/cluster-facts.js';
import { type OfferFacts, PartnerIndex } from '../src/matching/partner-index.js';
import { PartnerIndexFeed } from '../src/matching/partner-index-feed.js';
import { loadPartnerReadModel } from '../src/matching/partner-read-model.js';
import { CRITERIA, type CriterionScore } from '../src/matching/scoring.js';
import { utcOffsetMinutes } from '../src/matching/time-zones.js';
import type { ClusterFacts, ClusterFactsDocument } from '../src/model/cluster-facts.js';
import { apiClient, coordinatorOf, managerOf, member, secretariat, startMatchmaking } from './harness.js';

const DAY = 86_400_000;
const NOW = new Date('2026-01-15T12:00:00Z');
const daysAgo = (days: number, from = NOW) => new Date(from.getTime() - days * DAY);

interface Partner {
  id: string;
  economy: string;
  name: string;
  specializations: string[];
  destinations: string[];
  languages: string[];
  updatedAt: Date;
  lastVerifiedAt: Date | null;
}

function partner(economy: string, specializations: string[], more: Partial<Partner> = {}): Partner {
  return {
    id: more.id ?? randomUUID(),
    economy,
    name: `${economy} cluster ${randomUUID().slice(0, 6)}`,
    specializations,
    destinations: [],
    languages: ['en'],
    updatedAt: daysAgo(3),
    lastVerifiedAt: null,
    ...more,
  };
}

const factsOf = (p: Partner, status = 'published'): ClusterFacts => ({
  id: p.id,
  economy: p.economy,
  names: { en: p.name },
  status,
  specializations: p.specializations,
  region: null,
  location: null,
  partnershipDestinations: p.destinations,
  languages: p.languages,
  updatedAt: p.updatedAt,
  lastVerifiedAt: p.lastVerifiedAt,
});

/** An index holding the given clusters (published unless a status is given), nothing else. */
function indexOf(...clusters: (Partner | [Partner, string])[]): PartnerIndex {
  const index = new PartnerIndex();
  for (const c of clusters) {
    const [p, status] = Array.isArray(c) ? c : [c, 'published'];
    index.putFacts(factsOf(p, status), 2);
  }
  return index;
}

/** Every criterion of `b` as a partner for `a`, by name. */
function criteria(
  a: Partner,
  b: Partner,
  offers: OfferFacts[] = [],
  now = NOW,
): Record<string, CriterionScore> {
  const scored = indexOf(a, b).explain(a.id, b.id, { offers, now });
  if (!scored) throw new Error('both clusters are in the index');
  return Object.fromEntries(scored.criteria.map((c) => [c.name, c]));
}

const value = (a: Partner, b: Partner, name: string, offers: OfferFacts[] = []) =>
  criteria(a, b, offers)[name]!.value;

function offer(owner: Partner, kind: string, sectors: string[], more: Partial<OfferFacts> = {}): OfferFacts {
  return {
    id: randomUUID(),
    clusterId: owner.id,
    kind,
    status: 'open',
    title: { en: `${kind} ${sectors.join(' ')}` },
    sectors,
    targetEconomies: [],
    deadline: null,
    ...more,
  };
}

describe('the partner score', () => {
  it('When the weights are added up, then they make 1, and every score is the sum of its seven contributions', () => {
    const a = partner('JP', ['electronics'], { destinations: ['KR'], languages: ['en', 'ja'] });
    const b = partner('KR', ['electronics.semiconductors', 'automotive'], { destinations: ['JP'] });

    const scored = indexOf(a, b).explain(a.id, b.id, { now: NOW })!;

    expect(CRITERIA.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1, 10);
    expect(scored.criteria.map((c) => c.name)).toEqual([
      'specialization',
      'valueChain',
      'destinationInterest',
      'openOffers',
      'languages',
      'timeZone',
      'freshness',
    ]);
    for (const c of scored.criteria) {
      expect(c.value).toBeGreaterThanOrEqual(0);
      expect(c.value).toBeLessThanOrEqual(1);
      expect(c.contribution).toBeCloseTo(c.weight * c.value, 6);
      expect(c.reason.length).toBeGreaterThan(0);
    }
    expect(scored.score).toBeCloseTo(
      scored.criteria.reduce((sum, c) => sum + c.contribution, 0),
      6,
    );
  });

  it('When specializations are compared, then the same code counts fully, parent and child 0.7, siblings 0.5, a shared ISIC class 0.3', () => {
    const software = partner('JP', ['ict.software']);

    expect(value(software, partner('KR', ['ict.software']), 'specialization')).toBe(1);
    expect(value(software, partner('KR', ['ict.software', 'ai']), 'specialization')).toBeCloseTo(2.3 / 3, 4);
    expect(value(partner('JP', ['ict']), partner('KR', ['ict.software']), 'specialization')).toBe(0.7);
    expect(value(software, partner('KR', ['ict.telecom']), 'specialization')).toBe(0.5);
    expect(value(partner('JP', ['pharma']), partner('KR', ['biotech']), 'specialization')).toBe(0.3);
    expect(value(partner('JP', ['textiles']), partner('KR', ['aerospace']), 'specialization')).toBe(0);
    expect(value(partner('JP', ['X-99']), partner('KR', ['X-99']), 'specialization')).toBe(1);
    expect(criteria(software, partner('KR', ['ict.software', 'ict.telecom'])).specialization!.reason).toBe(
      'both in Software',
    );
    expect(criteria(partner('JP', ['pharma']), partner('KR', ['biotech'])).specialization!.reason).toBe(
      'your Pharmaceuticals ~ their Biotechnology (same ISIC class)',
    );
  });

  it('When one side supplies the industry of the other, then value-chain complementarity counts the codes that take part', () => {
    const electronics = partner('JP', ['electronics']);

    const pair = criteria(electronics, partner('KR', ['automotive']));
    expect(pair.valueChain!.value).toBe(1);
    expect(pair.valueChain!.reason).toBe('your Electronics supplies their Automotive');
    expect(pair.specialization!.value).toBe(0);
    expect(
      value(partner('JP', ['electronics', 'tourism']), partner('KR', ['automotive']), 'valueChain'),
    ).toBeCloseTo(2 / 3, 4);
    expect(
      criteria(partner('JP', ['agrifood.food-processing']), partner('PE', ['ocean.fisheries'])).valueChain!
        .reason,
    ).toBe('their Fisheries and aquaculture supplies your Food processing');
    // A family is similarity, not complement: software is part of ICT.
    expect(value(partner('JP', ['ict']), partner('KR', ['ict.software']), 'valueChain')).toBe(0);
    expect(value(partner('JP', ['textiles']), partner('KR', ['aerospace']), 'valueChain')).toBe(0);
  });

  it("When each lists the other's economy as a destination, then destination interest is 1, one side 0.5, none 0", () => {
    const wantsKR = partner('JP', ['ict'], { destinations: ['KR', 'US'] });
    const wantsJP = partner('KR', ['ict'], { destinations: ['JP'] });
    const wantsNobody = partner('KR', ['ict']);

    expect(criteria(wantsKR, wantsJP).destinationInterest).toMatchObject({
      value: 1,
      reason: 'you want KR; they want JP',
    });
    expect(criteria(wantsKR, wantsNobody).destinationInterest).toMatchObject({
      value: 0.5,
      reason: 'you want KR',
    });
    expect(criteria(wantsNobody, wantsKR).destinationInterest).toMatchObject({
      value: 0.5,
      reason: 'they want KR',
    });
    expect(value(partner('JP', ['ict'], { destinations: ['US'] }), wantsNobody, 'destinationInterest')).toBe(
      0,
    );
  });

  it('When open needs meet open offers or a project fits, then each kind of match counts half, two make 1', () => {
    const a = partner('JP', ['electronics.semiconductors']);
    const b = partner('KR', ['electronics', 'automotive.ev']);
    const need = offer(a, 'need', ['electronics.semiconductors'], { title: { en: 'Wafer supply' } });
    const theirOffer = offer(b, 'offer', ['electronics'], {
      title: { en: 'Chip packaging line' },
      targetEconomies: ['JP'],
    });
    const theirNeed = offer(b, 'need', ['machinery']);
    const yourOffer = offer(a, 'offer', ['machinery.robotics']);
    const project = offer(a, 'project', ['automotive'], {
      title: { en: 'EV powertrain pilot' },
      targetEconomies: ['KR'],
    });

    const one = criteria(a, b, [need, theirOffer]).openOffers!;
    expect(one).toMatchObject({
      value: 0.5,
      reason: 'their offer “Chip packaging line” meets your need “Wafer supply”',
    });
    expect(value(a, b, 'openOffers', [need, theirOffer, theirNeed, yourOffer])).toBe(1);
    expect(criteria(a, b, [project]).openOffers).toMatchObject({
      value: 0.5,
      reason: 'your project “EV powertrain pilot” fits their specializations',
    });
    expect(value(a, b, 'openOffers', [need, { ...theirOffer, deadline: '2026-01-14' }])).toBe(0);
    expect(value(a, b, 'openOffers', [need, { ...theirOffer, targetEconomies: ['US'] }])).toBe(0);
    expect(value(a, b, 'openOffers', [need, { ...theirOffer, status: 'closed' }])).toBe(0);
    expect(criteria(a, b).openOffers!.reason).toBe('no open offers that match');
  });

  it('When contacts speak languages, then the share of the smaller set that both speak counts, tags reduced to their language', () => {
    const enRu = partner('JP', ['ict'], { languages: ['en', 'ru'] });

    expect(criteria(enRu, partner('KR', ['ict'], { languages: ['ru-RU', 'ja'] })).languages).toMatchObject({
      value: 0.5,
      reason: 'both speak ru',
    });
    expect(
      value(
        partner('JP', ['ict'], { languages: ['en'] }),
        partner('KR', ['ict'], { languages: ['EN-us', 'ko'] }),
        'languages',
      ),
    ).toBe(1);
    expect(value(enRu, partner('KR', ['ict'], { languages: ['ko'] }), 'languages')).toBe(0);
    expect(criteria(enRu, partner('KR', ['ict'], { languages: [] })).languages).toMatchObject({
      value: 0,
      reason: 'contact languages not given',
    });
  });

  it('When economies are hours apart, then time-zone proximity falls from 1 at 0 h to 0 at 12 h, around the clock', () => {
    const tokyo = partner('JP', ['ict']);

    expect(utcOffsetMinutes('Asia/Tokyo', NOW)).toBe(9 * 60);
    expect(criteria(tokyo, partner('KR', ['ict'])).timeZone).toMatchObject({
      value: 1,
      reason: 'UTC+9 and UTC+9: same time',
    });
    expect(criteria(tokyo, partner('RU', ['ict'])).timeZone).toMatchObject({
      value: 0.5,
      reason: 'UTC+9 and UTC+3: 6 h apart',
    });
    // New York in January is UTC−5: 14 h from Tokyo one way, 10 h the other.
    expect(value(tokyo, partner('US', ['ict']), 'timeZone')).toBeCloseTo(1 - 10 / 12, 4);
    // Auckland's summer time (UTC+13) is 18 h ahead of New York, i.e. 6 h behind it the next day.
    expect(value(partner('NZ', ['ict']), partner('US', ['ict']), 'timeZone')).toBe(0.5);
  });

  it('When the suggested profile was updated or verified long ago, then freshness falls from 1 after 30 days to 0 after a year', () => {
    const a = partner('JP', ['ict']);

    expect(criteria(a, partner('KR', ['ict'], { updatedAt: daysAgo(10) })).freshness).toMatchObject({
      value: 1,
      reason: 'profile updated 10 days ago',
    });
    expect(value(a, partner('KR', ['ict'], { updatedAt: daysAgo(200) }), 'freshness')).toBeCloseTo(
      165 / 335,
      4,
    );
    expect(criteria(a, partner('KR', ['ict'], { updatedAt: daysAgo(400) })).freshness).toMatchObject({
      value: 0,
      reason: 'updated over a year ago',
    });
    expect(
      criteria(a, partner('KR', ['ict'], { updatedAt: daysAgo(300), lastVerifiedAt: daysAgo(5) })).freshness,
    ).toMatchObject({ value: 1, reason: 'profile verified 5 days ago' });
    // Only the suggested cluster's profile counts.
    expect(
      value(partner('JP', ['ict'], { updatedAt: daysAgo(900) }), partner('KR', ['ict']), 'freshness'),
    ).toBe(1);
  });
});

describe('the ranking', () => {
  const self = partner('JP', ['electronics'], { destinations: ['KR'] });

  it('When clusters are ranked, then the best come first, ties by cluster id, cut to the page', () => {
    const best = partner('KR', ['electronics'], { destinations: ['JP'] });
    const tiedB = partner('SG', ['electronics'], { id: 'tie-b' });
    const tiedA = partner('SG', ['electronics'], { id: 'tie-a' });
    const weaker = partner('CL', ['automotive'], { languages: ['es'] });
    const index = indexOf(self, best, tiedB, tiedA, weaker);

    const ranked = index.suggest(self.id, 10, { now: NOW });

    expect(ranked.map((s) => s.clusterId)).toEqual([best.id, 'tie-a', 'tie-b', weaker.id]);
    expect(ranked[1]!.score).toBe(ranked[2]!.score);
    expect(ranked.map((s) => s.score)).toEqual([...ranked.map((s) => s.score)].sort((x, y) => y - x));
    expect(index.suggest(self.id, 2, { now: NOW })).toEqual(ranked.slice(0, 2));
  });

  it('When the same facts arrive in another order, then the suggestions are the same', () => {
    const others = ['KR', 'SG', 'TH', 'CL', 'US', 'MX'].map((e, i) =>
      partner(e, i % 2 ? ['electronics'] : ['automotive', 'electronics.semiconductors'], {
        destinations: i % 3 ? [] : ['JP'],
      }),
    );
    const forward = indexOf(self, ...others).suggest(self.id, 10, { now: NOW });
    const backward = indexOf(...[...others].reverse(), self).suggest(self.id, 10, { now: NOW });

    expect(forward).toHaveLength(6);
    expect(backward).toEqual(forward);
  });

  it('When clusters are itself, of the same economy, not published or excluded, then they are never suggested', () => {
    const sameEconomy = partner('JP', ['electronics'], { destinations: ['JP'] });
    const draft = partner('KR', ['electronics']);
    const archived = partner('SG', ['electronics']);
    const connected = partner('TH', ['electronics']);
    const eligible = partner('VN', ['electronics']);
    const index = indexOf(self, sameEconomy, [draft, 'draft'], [archived, 'archived'], connected, eligible);

    const ids = index
      .suggest(self.id, 10, { exclude: new Set([connected.id]), now: NOW })
      .map((s) => s.clusterId);

    expect(ids).toEqual([eligible.id]);
  });

  it('When only a language, the time zone and freshness relate two clusters, then the other is not suggested', () => {
    const unrelated = partner('US', ['textiles'], { languages: ['en'] });
    const index = indexOf(self, unrelated);

    expect(index.suggest(self.id, 10, { now: NOW })).toEqual([]);
    expect(index.explain(self.id, unrelated.id, { now: NOW })!.score).toBeGreaterThan(0);
  });
});

describe('reading registry events', () => {
  it('When a contact is hidden, then its languages do not count; the destinations and verification come from the profile', () => {
    const event = makeEvent({
      service: 'registry',
      type: 'ccp.registry.cluster.updated.v1',
      subject: 'c-1',
      sequence: 4,
      economy: 'RU',
      time: new Date('2026-01-10T00:00:00Z'),
      data: {
        clusterId: 'c-1',
        economy: 'RU',
        name: { en: 'Tomsk Pharma' },
        status: 'published',
        region: null,
        location: null,
        specializations: ['pharma', 'pharma'],
        changedFields: ['contacts'],
        profile: {
          slug: 'tomsk-pharma',
          completeness: 0.8,
          partnershipDestinations: ['CN', 'KR'],
          lastVerifiedAt: '2025-12-01T00:00:00.000Z',
          contacts: [
            { name: 'A', visibility: 'PUBLIC', email: 'a@example.org', phone: null, languages: ['ru', 'en'] },
            { name: 'B', visibility: 'REGISTERED', email: null, phone: null, languages: ['zh'] },
            { name: 'C', visibility: 'HIDDEN', email: null, phone: null, languages: ['ko'] },
          ],
        },
      },
    });

    expect(new EventValidator().validate(event).ok).toBe(true);
    expect(factsOfEvent(event)).toEqual({
      id: 'c-1',
      economy: 'RU',
      names: { en: 'Tomsk Pharma' },
      status: 'published',
      specializations: ['pharma'],
      region: null,
      location: null,
      partnershipDestinations: ['CN', 'KR'],
      languages: ['ru', 'en', 'zh'],
      updatedAt: new Date('2026-01-10T00:00:00Z'),
      lastVerifiedAt: new Date('2025-12-01T00:00:00Z'),
    });
  });
});

const SUGGESTIONS = `query Suggestions($reps: [_Any!]!, $first: Int) {
  _entities(representations: $reps) {
    ... on Cluster {
      id
      suggestedPartners(first: $first) { cluster { id } score criteria { name weight value contribution reason } }
    }
  }
}`;

type EventKind = 'registered' | 'published' | 'updated' | 'archived';

/** A registry cluster event with the public profile, as registry builds it. */
function registryEvent(kind: EventKind, p: Partner, sequence: number, time = new Date()): CloudEvent {
  const status = { registered: 'draft', published: 'published', updated: 'published', archived: 'archived' }[
    kind
  ];
  const extra = {
    registered: { registeredBy: 'user-1' },
    published: { publishedAt: time.toISOString(), publishedBy: 'user-1' },
    updated: { changedFields: ['specializations'] },
    archived: { reason: 'merged into another cluster', archivedAt: time.toISOString() },
  }[kind];
  return makeEvent({
    service: 'registry',
    type: `ccp.registry.cluster.${kind}.v1`,
    subject: p.id,
    sequence,
    economy: p.economy,
    time,
    data: {
      clusterId: p.id,
      economy: p.economy,
      name: { en: p.name },
      status,
      region: null,
      location: null,
      specializations: p.specializations,
      profile: {
        slug: `cluster-${p.id.slice(0, 8)}`,
        completeness: 0.6,
        partnershipDestinations: p.destinations,
        contacts: [
          {
            name: 'Desk',
            visibility: 'PUBLIC',
            email: 'desk@example.org',
            phone: null,
            languages: p.languages,
          },
        ],
        lastVerifiedAt: p.lastVerifiedAt?.toISOString() ?? null,
      },
      ...extra,
    },
  });
}

/** A match request event between two clusters, as matchmaking writes it. */
function requestEvent(kind: 'sent' | 'accepted', from: Partner, to: Partner): CloudEvent {
  const requestId = randomUUID();
  const pair = {
    requestId,
    fromClusterId: from.id,
    fromEconomy: from.economy,
    toClusterId: to.id,
    toEconomy: to.economy,
  };
  return makeEvent({
    service: 'matchmaking',
    type: `ccp.matchmaking.request.${kind}.v1`,
    subject: requestId,
    sequence: kind === 'sent' ? 1 : 2,
    economy: from.economy,
    data:
      kind === 'sent'
        ? { ...pair, status: 'pending', sentBy: 'user-1' }
        : { ...pair, acceptedAt: new Date().toISOString(), collaborationId: randomUUID() },
  });
}

function collaborationEvent(a: Partner, b: Partner): CloudEvent {
  const collaborationId = randomUUID();
  return makeEvent({
    service: 'matchmaking',
    type: 'ccp.matchmaking.collaboration.agreed.v1',
    subject: collaborationId,
    sequence: 1,
    economy: a.economy,
    data: {
      collaborationId,
      clusterIds: [a.id, b.id],
      economies: [a.economy, b.economy],
      origin: 'workshop-meeting',
      originId: randomUUID(),
      agreedAt: new Date().toISOString(),
    },
  });
}

describe('Cluster.suggestedPartners', () => {
  let mm: Awaited<ReturnType<typeof startMatchmaking>>;
  const self = partner('JP', ['electronics'], { destinations: ['KR'] });
  const korea = partner('KR', ['automotive'], { destinations: ['JP'] });
  const singapore = partner('SG', ['electronics.semiconductors']);
  const reps = (id = self.id) => [{ __typename: 'Cluster', id }];

  const publish = async (p: Partner) => {
    await mm.server.applyClusterEvent(registryEvent('registered', p, 1));
    await mm.server.applyClusterEvent(registryEvent('published', p, 2));
    return p;
  };
  const suggestions = async (caller = managerOf(self.id), id = self.id, first?: number) => {
    const { data, errors } = await mm.execute(SUGGESTIONS, { reps: reps(id), first }, caller);
    expect(errors).toBeUndefined();
    return data._entities[0].suggestedPartners as {
      cluster: { id: string };
      score: number;
      criteria: CriterionScore[];
    }[];
  };
  const ids = async (caller = managerOf(self.id)) => (await suggestions(caller)).map((s) => s.cluster.id);

  beforeAll(async () => {
    mm = await startMatchmaking('suggestions');
    for (const p of [self, korea, singapore]) await publish(p);
  });

  afterAll(async () => {
    await mm?.stop();
  });

  it("When the cluster's manager asks, then each suggestion explains its score with all seven criteria", async () => {
    const [first, second] = await suggestions();

    expect(first!.cluster.id).toBe(korea.id);
    expect(second!.cluster.id).toBe(singapore.id);
    const byName = Object.fromEntries(first!.criteria.map((c) => [c.name, c]));
    expect(first!.criteria.map((c) => c.name)).toEqual(CRITERIA.map((c) => c.name));
    expect(byName.valueChain).toMatchObject({
      value: 1,
      reason: 'your Electronics supplies their Automotive',
    });
    expect(byName.destinationInterest).toMatchObject({
      value: 1,
      contribution: 0.15,
      reason: 'you want KR; they want JP',
    });
    expect(byName.languages).toMatchObject({ value: 1, reason: 'both speak en' });
    expect(byName.freshness).toMatchObject({ value: 1, reason: 'profile updated today' });
    expect(first!.score).toBeCloseTo(
      first!.criteria.reduce((sum, c) => sum + c.contribution, 0),
      6,
    );
    expect(second!.criteria.find((c) => c.name === 'specialization')).toMatchObject({
      value: 0.7,
      weight: 0.3,
      contribution: 0.21,
    });
  });

  it("When the cluster's economy coordinator or the secretariat asks, then they see the suggestions too", async () => {
    const expected = await ids();

    expect(expected.length).toBeGreaterThan(0);
    expect(await ids(coordinatorOf('JP'))).toEqual(expected);
    expect(await ids(secretariat)).toEqual(expected);
  });

  it("When a member, another cluster's manager, another economy's coordinator, an API client or an anonymous caller asks, then the list is empty", async () => {
    for (const caller of [member, managerOf(korea.id), coordinatorOf('KR'), apiClient, ANONYMOUS]) {
      expect(await ids(caller)).toEqual([]);
    }
  });

  it('When registry publishes, updates and archives a cluster, then the suggestions follow; an older event changes nothing', async () => {
    const chile = partner('CL', ['automotive.ev']);
    await publish(chile);
    expect(await ids()).toContain(chile.id);

    const renamed = { ...chile, specializations: ['electronics'] };
    expect(await mm.server.applyClusterEvent(registryEvent('updated', renamed, 3))).toBe('applied');
    const updated = (await suggestions()).find((s) => s.cluster.id === chile.id)!;
    expect(updated.criteria.find((c) => c.name === 'specialization')!.value).toBe(1);
    const stored = await mm.server.deps.clusterFacts.model.findById(chile.id).lean<ClusterFactsDocument>();
    expect(stored).toMatchObject({
      specializations: ['electronics'],
      languages: ['en'],
      applied: { sequence: 3 },
    });

    expect(await mm.server.applyClusterEvent(registryEvent('published', chile, 2))).toBe('skipped');
    expect(mm.server.deps.partnerIndex.facts(chile.id)!.specializations).toEqual(['electronics']);

    await mm.server.applyClusterEvent(registryEvent('archived', renamed, 4));
    expect(await ids()).not.toContain(chile.id);
    expect((await mm.server.deps.clusterFacts.byId(chile.id))!.status).toBe('archived');
  });

  it('When a match request is accepted or a collaboration agreed, then the other cluster is no longer suggested; a pending request does not count', async () => {
    const accepted = await publish(partner('TH', ['electronics']));
    const collaborating = await publish(partner('VN', ['electronics']));
    const pending = await publish(partner('MY', ['electronics']));
    const before = await ids();
    const events = [
      requestEvent('sent', self, pending),
      requestEvent('accepted', accepted, self),
      collaborationEvent(collaborating, self),
    ];
    const validator = new EventValidator();

    expect(events.map((e) => validator.validate(e).ok)).toEqual([true, true, true]);
    expect(events.map((e) => mm.server.deps.partnerIndex.applyConnectionEvent(e))).toEqual([
      false,
      true,
      true,
    ]);
    const after = await ids();

    expect(before).toEqual(expect.arrayContaining([accepted.id, collaborating.id, pending.id]));
    expect(after).toContain(pending.id);
    expect(after).not.toContain(accepted.id);
    expect(after).not.toContain(collaborating.id);
    expect(
      (await suggestions(managerOf(accepted.id), accepted.id, 200)).map((s) => s.cluster.id),
    ).not.toContain(self.id);
  });

  it('When a process starts, then its index holds the stored facts and the pairs already connected in the database', async () => {
    const a = await publish(partner('HK', ['fintech']));
    const b = await publish(partner('PH', ['fintech']));
    const c = await publish(partner('TW', ['fintech']));
    const d = await publish(partner('BN', ['fintech']));
    const { matchRequests, collaborations, clusterFacts } = mm.server.deps;
    const request = (from: Partner, to: Partner, status: string) => ({
      _id: randomUUID(),
      fromClusterId: from.id,
      fromEconomy: from.economy,
      toClusterId: to.id,
      toEconomy: to.economy,
      clusterIds: [from.id, to.id],
      status,
      createdAt: new Date(),
      createdBy: 'user-1',
      version: 2,
      outbox: [],
    });
    await matchRequests.collection.insertMany([
      request(a, b, 'accepted'),
      request(a, d, 'pending'),
    ] as never[]);
    await collaborations.collection.insertOne({
      _id: randomUUID(),
      clusterIds: [c.id, a.id],
      economies: [c.economy, a.economy],
      origin: 'workshop-meeting',
      originId: randomUUID(),
      agreedAt: new Date(),
      pairKey: JSON.stringify([c.id, a.id].sort()),
      version: 1,
      outbox: [],
    } as never);

    const restarted = await loadPartnerReadModel({
      kafka: mm.kafka,
      facts: clusterFacts.model,
      matchRequests,
      collaborations,
      factsGroupId: `test-facts-${randomUUID().slice(0, 8)}`,
    });

    expect([...restarted.index.connectedTo(a.id)].sort()).toEqual([b.id, c.id].sort());
    expect([...restarted.index.connectedTo(c.id)]).toEqual([a.id]);
    expect(restarted.index.facts(a.id)).toEqual(mm.server.deps.partnerIndex.facts(a.id));
    expect(restarted.index.size).toBe(mm.server.deps.partnerIndex.size);
  });

  it("When one cluster's open need meets another's open offer, then the offer criterion says so", async () => {
    const buyer = await publish(partner('PE', ['agrifood.food-processing']));
    const seller = await publish(partner('CA', ['machinery']));
    const publishOffer = (clusterId: string, kind: string, title: string, sectors: string[]) =>
      mm.execute(
        `mutation ($input: PublishCooperationOfferInput!) { publishCooperationOffer(input: $input) { id } }`,
        {
          input: { clusterId, kind, title: { en: title }, description: { en: `${title}, details` }, sectors },
        },
        managerOf(clusterId),
      );
    const needed = await publishOffer(buyer.id, 'NEED', 'Packaging automation', ['machinery.robotics']);
    const offered = await publishOffer(seller.id, 'OFFER', 'Robotic packing cells', ['machinery']);
    expect(needed.errors).toBeUndefined();
    expect(offered.errors).toBeUndefined();

    const found = (await suggestions(managerOf(buyer.id), buyer.id, 200)).find(
      (s) => s.cluster.id === seller.id,
    )!;

    expect(found.criteria.find((c) => c.name === 'openOffers')).toMatchObject({
      value: 0.5,
      reason: 'their offer “Robotic packing cells” meets your need “Packaging automation”',
    });
  });

  it('When a smaller page, none or too many are asked for, then the ranking is cut, empty, or first is refused', async () => {
    const full = await suggestions();

    expect(await suggestions(managerOf(self.id), self.id, 1)).toEqual(full.slice(0, 1));
    expect(await suggestions(managerOf(self.id), self.id, 0)).toEqual([]);
    const { errors } = await mm.execute(SUGGESTIONS, { reps: reps(), first: 500 }, managerOf(self.id));
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('When matchmaking has not heard of the cluster, then the secretariat gets an empty list', async () => {
    expect(await suggestions(secretariat, randomUUID())).toEqual([]);
  });

  it('When a batch holds several events of a cluster, then its newest is stored once; another process re-applying it changes nothing', async () => {
    const burst = partner('ID', ['energy']);
    const events = [
      registryEvent('registered', burst, 1),
      registryEvent('published', burst, 2),
      registryEvent('updated', { ...burst, specializations: ['energy.renewables'] }, 3),
    ];
    const index = mm.server.deps.partnerIndex;

    const fresh = new ClusterFactsProjection(mm.server.deps.clusterFacts.model, index);
    await fresh.applyBatch([events[1]!, events[2]!, events[0]!]);
    const stored = await fresh.model.findById(burst.id).lean<ClusterFactsDocument>();
    expect(stored).toMatchObject({ status: 'published', specializations: ['energy.renewables'] });
    expect(stored!.applied).toEqual({ sequence: 3, eventId: events[2]!.id });

    const elsewhere = new ClusterFactsProjection(mm.server.deps.clusterFacts.model, new PartnerIndex());
    await elsewhere.applyBatch(events);
    expect(await fresh.model.findById(burst.id).lean<ClusterFactsDocument>()).toEqual(stored);
    expect(index.facts(burst.id)!.specializations).toEqual(['energy.renewables']);
  });
});

describe('the partner index feed', () => {
  it("When another process stores cluster events and connects clusters, then this process's index follows, from where the facts group's commits end", async () => {
    const mm = await startMatchmaking('suggestion-feed');
    const topics = {
      cluster: await createTestTopic(mm.kafka, 'partner-feed-cluster'),
      request: await createTestTopic(mm.kafka, 'partner-feed-request'),
      collaboration: await createTestTopic(mm.kafka, 'partner-feed-collaboration'),
    };
    const factsGroupId = `test-facts-${randomUUID().slice(0, 8)}`;
    const producer = await connectedProducer(mm.kafka);
    const index = new PartnerIndex();
    const feed = new PartnerIndexFeed({
      kafka: mm.kafka,
      index,
      groupId: `test-partner-index-${randomUUID().slice(0, 8)}`,
      factsGroupId,
      topics,
    });
    const admin = mm.kafka.admin();
    await admin.connect();
    try {
      const stored = partner('AU', ['mining']);
      const later = partner('NZ', ['agrifood']);
      const send = (topic: string, e: CloudEvent) =>
        producer.send({ topic, acks: -1, messages: [{ ...toMessage(e), partition: 0 }] });
      await send(topics.cluster, registryEvent('published', stored, 2));
      // The facts group has stored (and committed) the first event: the database holds it, the feed skips it.
      await admin.setOffsets({
        groupId: factsGroupId,
        topic: topics.cluster,
        partitions: [{ partition: 0, offset: '1' }],
      });

      await feed.noteStart();
      await feed.start();
      await send(topics.cluster, registryEvent('published', later, 2));
      await send(
        topics.cluster,
        registryEvent('updated', { ...later, specializations: ['agrifood', 'forestry'] }, 3),
      );
      await send(topics.request, requestEvent('accepted', stored, later));

      await waitFor(
        () => (index.sequenceOf(later.id) === 3 && index.connectedTo(later.id).size ? true : undefined),
        {
          what: 'the feed to apply the cluster events and the acceptance',
        },
      );
      expect(index.facts(later.id)!.specializations).toEqual(['agrifood', 'forestry']);
      expect(index.facts(stored.id)).toBeUndefined();
      expect([...index.connectedTo(stored.id)]).toEqual([later.id]);
    } finally {
      await feed.stop();
      await producer.disconnect();
      await admin.deleteGroups([factsGroupId]).catch(() => {});
      await admin.disconnect();
      for (const topic of Object.values(topics)) await deleteTestTopic(mm.kafka, topic);
      await mm.stop();
    }
  });
});
