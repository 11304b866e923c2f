import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Actor,
  type CloudEvent,
  EventValidator,
  referenceEconomies,
  schemaIdOf,
  schemasDir,
  TOPICS,
  topicOf,
} from '@ccp/kit';
import { describe, expect, it } from 'vitest';

const eventsDir = join(schemasDir(), 'events');
const fixturesDir = join(eventsDir, 'fixtures');
const servicesDir = join(schemasDir(), '..', 'services');

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

const schemaFiles = readdirSync(eventsDir).filter(
  (f) => f.endsWith('.schema.json') && f !== 'envelope.schema.json',
);
const eventTypes = schemaFiles.map((f) => f.replace(/\.schema\.json$/, '')).sort();
const fixtureTypes = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const fixture = (type: string) => readJson<CloudEvent>(join(fixturesDir, `${type}.json`));
const invalidFixtures = readdirSync(join(fixturesDir, 'invalid'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f,
    ...readJson<{ reason: string; event: CloudEvent }>(join(fixturesDir, 'invalid', f)),
  }));

// Built like every service builds it: from schemas/events at construction, so a new schema file is picked up.
const validator = new EventValidator();

/** The topic (and key) of each event type the KPI consumer reads, as DESIGN.md's Contracts place them. */
const TOPIC_AND_KEY: Record<string, { topic: string; key: string }> = {
  'ccp.matchmaking.offer.published.v1': { topic: TOPICS.offer, key: 'offerId' },
  'ccp.matchmaking.offer.closed.v1': { topic: TOPICS.offer, key: 'offerId' },
  'ccp.matchmaking.request.sent.v1': { topic: TOPICS.request, key: 'requestId' },
  'ccp.matchmaking.request.accepted.v1': { topic: TOPICS.request, key: 'requestId' },
  'ccp.matchmaking.request.declined.v1': { topic: TOPICS.request, key: 'requestId' },
  'ccp.matchmaking.request.expired.v1': { topic: TOPICS.request, key: 'requestId' },
  'ccp.matchmaking.workshop.scheduled.v1': { topic: TOPICS.workshop, key: 'workshopId' },
  'ccp.matchmaking.workshop.participant-registered.v1': { topic: TOPICS.workshop, key: 'workshopId' },
  'ccp.matchmaking.workshop.participant-checked-in.v1': { topic: TOPICS.workshop, key: 'workshopId' },
  'ccp.matchmaking.workshop.meeting-recorded.v1': { topic: TOPICS.workshop, key: 'workshopId' },
  'ccp.matchmaking.collaboration.agreed.v1': { topic: TOPICS.collaboration, key: 'collaborationId' },
  'ccp.surveys.campaign.opened.v1': { topic: TOPICS.campaign, key: 'campaignId' },
  'ccp.surveys.response.submitted.v1': { topic: TOPICS.response, key: 'responseId' },
};

/** Every `$defs.economy` enum in the event schemas, wherever it sits. */
function economyEnums(node: unknown, found: string[][] = []): string[][] {
  if (!node || typeof node !== 'object') return found;
  const defs = (node as { $defs?: { economy?: { enum?: string[] } } }).$defs;
  if (defs?.economy?.enum) found.push(defs.economy.enum);
  for (const value of Object.values(node)) economyEnums(value, found);
  return found;
}

describe('event schemas and their fixtures', () => {
  it('When the schemas are listed, then every event type has a fixture and every fixture has a schema', () => {
    expect(eventTypes.length).toBeGreaterThan(0);
    expect(fixtureTypes).toEqual(eventTypes);
  });

  it('When the kit builds its validator, then it knows every event type in schemas/events', () => {
    for (const type of eventTypes) expect(validator.knows(type), type).toBe(true);
  });

  it.each(eventTypes)('When the %s fixture is validated, then the kit accepts it', (type) => {
    const event = fixture(type);
    const result = validator.validate(event);
    expect(result.ok ? 'valid' : result.reason).toBe('valid');
    expect(event.type).toBe(type);
    expect(event.dataschema).toBe(schemaIdOf(type));
  });

  it('When a fixture is routed, then its topic is one DESIGN.md declares', () => {
    const declared = new Set(Object.values(TOPICS));
    for (const type of eventTypes) expect(declared.has(topicOf(type)), type).toBe(true);
  });

  it.each(Object.entries(TOPIC_AND_KEY))(
    'When a %s is produced, then it goes to its aggregate topic keyed by the aggregate id',
    (type, { topic, key }) => {
      const event = fixture(type);
      expect(topicOf(type)).toBe(topic);
      expect(event.subject).toBe(event.data[key]);
    },
  );

  it('When a schema restricts economy codes, then the list is exactly the reference economies', () => {
    const codes = referenceEconomies().map((e) => e.code);
    const enums = schemaFiles.flatMap((f) => economyEnums(readJson(join(eventsDir, f))));
    expect(enums.length).toBeGreaterThan(0);
    for (const list of enums) expect(list).toEqual(codes);
  });
});

describe('invalid event fixtures', () => {
  it('When the invalid fixtures are listed, then there are some and each says why it is invalid', () => {
    expect(invalidFixtures.length).toBeGreaterThan(0);
    for (const f of invalidFixtures) expect(f.reason, f.name).toMatch(/\S/);
  });

  it.each(invalidFixtures.map((f) => [f.name, f] as const))(
    'When %s is validated, then the kit rejects it by its own schema',
    (_name, { event }) => {
      // A known type: the rejection comes from what is wrong in it, not from an unknown type.
      expect(validator.knows(event.type)).toBe(true);
      const result = validator.validate(event);
      expect(result.ok).toBe(false);
    },
  );
});

describe("producers' events", () => {
  const actor: Actor = { subject: '0d4e2b1a-6f3c-4a8e-b7d9-1c2e3f4a5b6c', role: 'manager' };
  const createdAt = new Date('2025-03-01T08:00:00Z');
  type Producer = (doc: unknown, actor: Actor) => CloudEvent;
  // The producers' own source, imported by path: this package may not depend on theirs, yet must notice drift.
  const producer = async (path: string, name: string): Promise<Producer> => {
    const module = (await import(join(servicesDir, path))) as Record<string, Producer>;
    const fn = module[name];
    if (typeof fn !== 'function') throw new Error(`${path} no longer exports ${name}`);
    return fn;
  };
  const expectValid = (event: CloudEvent) => {
    const result = validator.validate(event);
    expect(result.ok ? 'valid' : result.reason).toBe('valid');
  };

  it('When matchmaking publishes an offer, then its event matches the offer-published schema', async () => {
    const offerPublished = await producer('matchmaking/src/events/offer-events.ts', 'offerPublished');
    const offer = {
      _id: 'c5a7e9f1-2b4d-4f68-8a1c-3e5f7a9b1d2c',
      clusterId: 'b81f4a27-5c3e-4d9a-8f10-2e6d7c9a4b53',
      economy: 'PE',
      kind: 'need',
      title: { en: 'Cold-chain logistics partner wanted' },
      description: { en: 'Refrigerated transport for fresh produce to Asian ports.' },
      sectors: ['agrifood'],
      targetEconomies: [],
      deadline: null,
      status: 'open',
      createdAt,
      createdBy: actor.subject,
      version: 1,
      outbox: [],
    };
    expectValid(offerPublished(offer, actor));
  });

  it('When matchmaking sends a match request, then its event matches the request-sent schema', async () => {
    const matchRequestSent = await producer(
      'matchmaking/src/events/match-request-events.ts',
      'matchRequestSent',
    );
    const request = {
      _id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
      fromClusterId: 'b81f4a27-5c3e-4d9a-8f10-2e6d7c9a4b53',
      fromEconomy: 'PE',
      toClusterId: '3f6c1d2e-8a4b-4c1f-9e2d-5b7a6c8d9e01',
      toEconomy: 'JP',
      message: null,
      status: 'pending',
      createdAt,
      createdBy: actor.subject,
      version: 1,
      outbox: [],
    };
    expectValid(matchRequestSent(request, actor));
  });

  it('When matchmaking schedules a workshop, then its event matches the workshop-scheduled schema', async () => {
    const workshopScheduled = await producer(
      'matchmaking/src/events/workshop-events.ts',
      'workshopScheduled',
    );
    const workshop = {
      _id: '4b2f8e6a-1c3d-4e5f-9a7b-8c6d4e2f0a1b',
      title: { en: 'APEC Agri-Food Cluster Matchmaking Workshop' },
      hostEconomy: 'CL',
      startsAt: new Date('2025-10-14T12:00:00Z'),
      endsAt: new Date('2025-10-15T20:00:00Z'),
      timeZone: 'America/Santiago',
      venue: null,
      online: true,
      capacity: 120,
      createdAt,
      createdBy: actor.subject,
      version: 1,
      outbox: [],
    };
    expectValid(workshopScheduled(workshop, { subject: actor.subject, role: 'secretariat' }));
  });

  it('When surveys submits an internationalization response, then its event matches the response-submitted schema', async () => {
    const responseSubmitted = await producer('surveys/src/events/response-events.ts', 'responseSubmitted');
    const response = {
      _id: 'internationalization-v1:b81f4a27-5c3e-4d9a-8f10-2e6d7c9a4b53',
      questionnaireId: 'internationalization-v1',
      questionnaireKind: 'internationalization',
      questionnaireVersion: 1,
      clusterId: 'b81f4a27-5c3e-4d9a-8f10-2e6d7c9a4b53',
      economy: 'PE',
      status: 'submitted',
      answers: [],
      respondent: { createdBy: actor.subject, updatedBy: actor.subject, submittedBy: actor.subject, answers: [] },
      campaignId: null,
      collaborationId: null,
      createdAt,
      updatedAt: createdAt,
      submittedAt: createdAt,
      version: 3,
      outbox: [],
    };
    expectValid(responseSubmitted(response, actor));
  });
});
