import { randomUUID } from 'node:crypto';
import { ANONYMOUS, type Caller, EventValidator, makeEvent, TOPICS } from '@ccp/kit';
import { collectEvents } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceCampaign } from '../src/domain/campaign-worker.js';
import { campaignOpenFor } from '../src/domain/campaign-open-for.js';
import { queueInvitations, queueReminders } from '../src/domain/campaign-notices.js';
import { applyClusterEvent } from '../src/events/cluster-facts.js';
import { followUpCampaignId } from '../src/model/campaign.js';
import {
  clusterEvent,
  coordinatorOf,
  managerOf,
  member,
  publishedCluster,
  type SurveysHarness,
  secretariat,
  startSurveys,
} from './harness.js';

const DAY = 24 * 60 * 60 * 1000;
const validator = new EventValidator();

const FIELDS = `
  id status version kind title { en ru } opensAt closesAt reminderDaysBeforeClose collaborationId
  opensAutomatically respondedCount openedAt closedAt closedReason remindedAt questionnaire { id version }
  audience { economies clusters { id } byEconomy { economy clusters } size }
`;
const CREATE = `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(id: $id, input: $input) { ${FIELDS} } }`;
const OPEN = `mutation ($id: ID!, $v: Int) { openCampaign(id: $id, expectedVersion: $v) { ${FIELDS} } }`;
const CLOSE = `mutation ($id: ID!) { closeCampaign(id: $id) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { campaign(id: $id) { ${FIELDS} } }`;
const LIST = `query ($status: CampaignStatus, $economy: String, $kind: QuestionnaireKind) {
  campaigns(status: $status, economy: $economy, kind: $kind, first: 200) { id status }
}`;
const OPEN_CAMPAIGNS = `query ($r: [_Any!]!) {
  _entities(representations: $r) { ... on Cluster { id openCampaigns { id closesAt } } }
}`;

let h: SurveysHarness;
let questionnaireId: string;
const DRAFT_QUESTIONNAIRE = 'workshop-feedback-v99';

/** A window that started a minute ago and ends in `days` days. */
const windowOf = (days = 30, from = Date.now()) => ({
  opensAt: new Date(from - 60_000).toISOString(),
  closesAt: new Date(from + days * DAY).toISOString(),
});

const input = (
  audience: { economies?: string[]; clusterIds?: string[] },
  extra: Record<string, unknown> = {},
) => ({
  questionnaireId,
  title: { en: 'Cluster internationalization 2025', ru: 'Интернационализация кластеров 2025' },
  audience,
  ...windowOf(),
  ...extra,
});

async function create(
  audience: { economies?: string[]; clusterIds?: string[] },
  extra: Record<string, unknown> = {},
  caller: Caller = secretariat,
) {
  const { data, errors } = await h.run(CREATE, { input: input(audience, extra) }, caller);
  expect(errors).toBeUndefined();
  return data.createCampaign as { id: string; version: number };
}

async function opened(
  audience: { economies?: string[]; clusterIds?: string[] },
  extra: Record<string, unknown> = {},
) {
  const { id } = await create(audience, extra);
  const { data, errors } = await h.run(OPEN, { id }, secretariat);
  expect(errors).toBeUndefined();
  return data.openCampaign as { id: string; opensAt: string; closesAt: string; version: number };
}

const count = (filter: Record<string, unknown> = {}) => h.server.deps.campaigns.model.countDocuments(filter);
const noticeCount = (campaignId: string) => h.server.deps.campaigns.notices.countDocuments({ campaignId });

/** Starts collecting the notification requests that link to a campaign's response pages. */
async function notificationsOf(campaignId: string, count: number, kind = 'questionnaire-invitation') {
  const collector = await collectEvents(
    h.kafka,
    TOPICS.notifications,
    (e) => e.data?.kind === kind && String(e.data?.link ?? '').includes(campaignId),
    { count },
  );
  await collector.start();
  return { events: async () => (await collector.done).map((c) => c.event) };
}

/** A response submission as engineer A's submission emits it (what the respondents handler reads). */
function responseSubmitted(campaignId: string, clusterId: string, economy: string) {
  return makeEvent({
    service: 'surveys',
    type: 'ccp.surveys.response.submitted.v1',
    subject: `${campaignId}:${clusterId}`,
    sequence: 2,
    economy,
    data: {
      responseId: `${campaignId}:${clusterId}`,
      questionnaireKind: 'internationalization',
      questionnaireId,
      questionnaireVersion: 1,
      clusterId,
      economy,
      campaignId,
      submittedAt: new Date().toISOString(),
      submittedBy: 'user-x',
    },
  });
}

function collaborationAgreed(clusterIds: [string, string], economies: [string, string], agreedAt: Date) {
  const collaborationId = randomUUID();
  return makeEvent({
    service: 'matchmaking',
    type: 'ccp.matchmaking.collaboration.agreed.v1',
    subject: collaborationId,
    sequence: 1,
    economy: economies[0],
    time: agreedAt,
    data: {
      collaborationId,
      clusterIds,
      economies,
      origin: 'match-request',
      originId: randomUUID(),
      agreedAt: agreedAt.toISOString(),
    },
  });
}

beforeAll(async () => {
  h = await startSurveys('campaigns');
  const { data } = await h.run('{ currentQuestionnaire(kind: INTERNATIONALIZATION) { id } }');
  questionnaireId = data.currentQuestionnaire.id;
  const now = new Date();
  await h.server.models.questionnaires.collection.insertOne({
    _id: DRAFT_QUESTIONNAIRE,
    kind: 'workshop-feedback',
    version: 99,
    status: 'draft',
    title: { en: 'Feedback (draft)', ru: 'Отзыв (черновик)' },
    description: null,
    sections: [],
    revision: 1,
    publishedAt: null,
    retiredAt: null,
    createdAt: now,
    updatedAt: now,
  } as never);
});

afterAll(async () => {
  await h?.stop();
});

describe('createCampaign', () => {
  it('When the secretariat creates a campaign for economies and named clusters, then a draft is stored at version 1 and nothing is sent', async () => {
    const named = await publishedCluster(h.server, 'CL');
    const window = windowOf(45);

    const { data, errors } = await h.run(
      CREATE,
      {
        input: input(
          { economies: ['JP', 'KR'], clusterIds: [named] },
          { ...window, reminderDaysBeforeClose: 5 },
        ),
      },
      secretariat,
    );

    expect(errors).toBeUndefined();
    expect(data.createCampaign).toMatchObject({
      status: 'DRAFT',
      version: 1,
      kind: 'INTERNATIONALIZATION',
      title: { en: 'Cluster internationalization 2025', ru: 'Интернационализация кластеров 2025' },
      opensAt: window.opensAt,
      closesAt: window.closesAt,
      reminderDaysBeforeClose: 5,
      collaborationId: null,
      opensAutomatically: false,
      respondedCount: 0,
      openedAt: null,
      questionnaire: { id: questionnaireId },
      audience: { economies: ['JP', 'KR'], clusters: [{ id: named }], byEconomy: null, size: null },
    });
    const stored = await h.server.deps.campaigns.model.findById(data.createCampaign.id).lean();
    expect(stored).toMatchObject({ scope: ['CL', 'JP', 'KR'], outbox: [], createdBy: secretariat.subject });
    expect(await noticeCount(data.createCampaign.id)).toBe(0);
  });

  it("When a coordinator creates a campaign for their own economy's clusters, then it is stored; reaching past their economy, then FORBIDDEN and nothing is stored", async () => {
    const ownCluster = await publishedCluster(h.server, 'MY');
    const foreignCluster = await publishedCluster(h.server, 'TH');
    const coordinator = coordinatorOf('MY');

    const own = await h.run(
      CREATE,
      { input: input({ economies: ['MY'], clusterIds: [ownCluster] }) },
      coordinator,
    );
    const before = await count();
    const otherEconomy = await h.run(CREATE, { input: input({ economies: ['MY', 'TH'] }) }, coordinator);
    const otherCluster = await h.run(
      CREATE,
      { input: input({ clusterIds: [ownCluster, foreignCluster] }) },
      coordinator,
    );

    expect(own.errors).toBeUndefined();
    expect(own.data.createCampaign.status).toBe('DRAFT');
    expect(otherEconomy.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(otherCluster.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await count()).toBe(before);
  });

  it('When a cluster manager, a member or an anonymous caller creates a campaign, then FORBIDDEN or UNAUTHENTICATED and nothing is stored', async () => {
    const clusterId = await publishedCluster(h.server, 'MY');
    const before = await count();

    const manager = await h.run(CREATE, { input: input({ clusterIds: [clusterId] }) }, managerOf(clusterId));
    const plain = await h.run(CREATE, { input: input({ clusterIds: [clusterId] }) }, member);
    const anonymous = await h.run(CREATE, { input: input({ clusterIds: [clusterId] }) }, ANONYMOUS);

    expect(manager.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(plain.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await count()).toBe(before);
  });

  const closesBeforeOpening = {
    opensAt: new Date(Date.now() + 10 * DAY).toISOString(),
    closesAt: new Date(Date.now() + 5 * DAY).toISOString(),
  };
  const ended = {
    opensAt: new Date(Date.now() - 3 * DAY).toISOString(),
    closesAt: new Date(Date.now() - DAY).toISOString(),
  };
  const rus = { economies: ['RU'] };
  it.each([
    {
      what: 'the window ends before it starts',
      audience: rus,
      extra: closesBeforeOpening,
      field: 'closesAt',
    },
    { what: 'the window has already ended', audience: rus, extra: ended, field: 'closesAt' },
    {
      what: 'an economy is unknown',
      audience: { economies: ['RU', 'XX'] },
      extra: {},
      field: 'audience.economies.1',
    },
    {
      what: 'the questionnaire version is a draft',
      audience: rus,
      extra: { questionnaireId: DRAFT_QUESTIONNAIRE },
      field: 'questionnaireId',
    },
    {
      what: 'the questionnaire is unknown',
      audience: rus,
      extra: { questionnaireId: 'no-such-questionnaire' },
      field: 'questionnaireId',
    },
    {
      what: 'the questionnaire is a follow-up',
      audience: rus,
      extra: { questionnaireId: 'follow-up-v1' },
      field: 'questionnaireId',
    },
    {
      what: 'a named cluster is unknown',
      audience: { clusterIds: ['no-such-cluster'] },
      extra: {},
      field: 'audience.clusterIds.0',
    },
    {
      what: 'the audience is empty',
      audience: { economies: [], clusterIds: [] },
      extra: {},
      field: 'audience',
    },
    {
      what: 'the title is markup',
      audience: rus,
      extra: { title: { en: '<b>Survey</b>' } },
      field: 'title.en',
    },
    {
      what: 'the reminder is negative',
      audience: rus,
      extra: { reminderDaysBeforeClose: -1 },
      field: 'reminderDaysBeforeClose',
    },
  ])(
    'When $what, then BAD_USER_INPUT names $field and nothing is stored or sent',
    async ({ audience, extra, field }) => {
      const before = await count();
      const notices = await h.server.deps.campaigns.notices.countDocuments();

      const { data, errors } = await h.run(CREATE, { input: input(audience, extra) }, secretariat);

      expect(data).toBeNull();
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await count()).toBe(before);
      expect(await h.server.deps.campaigns.notices.countDocuments()).toBe(notices);
    },
  );

  it('When a named cluster is not published, then BAD_USER_INPUT names it and nothing is stored', async () => {
    const draft = randomUUID();
    await applyClusterEvent(h.server.models.clusterFacts, clusterEvent('registered', draft, 'RU', 1));
    const before = await count();

    const { errors } = await h.run(CREATE, { input: input({ clusterIds: [draft] }) }, secretariat);

    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'audience.clusterIds.0' });
    expect(errors?.[0].message).toMatch(/not published/);
    expect(await count()).toBe(before);
  });
});

describe('updateCampaign', () => {
  it('When the secretariat changes a draft, then the given fields change and the version rises; a stale expectedVersion is INVALID_STATE', async () => {
    const { id } = await create({ economies: ['PE'] });
    const window = windowOf(60);

    const { data, errors } = await h.run(
      UPDATE,
      { id, input: { title: { en: 'Renamed' }, ...window, expectedVersion: 1 } },
      secretariat,
    );
    const stale = await h.run(
      UPDATE,
      { id, input: { title: { en: 'Again' }, expectedVersion: 1 } },
      secretariat,
    );

    expect(errors).toBeUndefined();
    expect(data.updateCampaign).toMatchObject({
      version: 2,
      title: { en: 'Renamed', ru: null },
      closesAt: window.closesAt,
      audience: { economies: ['PE'] },
    });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE', field: 'expectedVersion' });
  });

  it('When a coordinator widens their draft to another economy, then FORBIDDEN and the draft is unchanged; the secretariat may', async () => {
    const coordinator = coordinatorOf('MY');
    const { id } = await create({ economies: ['MY'] }, {}, coordinator);

    const widened = await h.run(
      UPDATE,
      { id, input: { audience: { economies: ['MY', 'SG'] } } },
      coordinator,
    );
    const bySecretariat = await h.run(
      UPDATE,
      { id, input: { audience: { economies: ['MY', 'SG'] } } },
      secretariat,
    );

    expect(widened.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(bySecretariat.errors).toBeUndefined();
    expect(bySecretariat.data.updateCampaign).toMatchObject({
      version: 2,
      audience: { economies: ['MY', 'SG'] },
    });
  });

  it('When an open campaign is changed, then INVALID_STATE and it is unchanged', async () => {
    const clusterId = await publishedCluster(h.server, 'NZ');
    const campaign = await opened({ clusterIds: [clusterId] });

    const { errors } = await h.run(
      UPDATE,
      { id: campaign.id, input: { title: { en: 'Late' } } },
      secretariat,
    );

    expect(errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE', field: 'id', status: 'OPEN' });
    expect((await h.run(GET, { id: campaign.id }, secretariat)).data.campaign.version).toBe(campaign.version);
  });
});

describe('openCampaign', () => {
  it('When the secretariat opens a campaign, then campaign.opened is published, valid against its schema, with the published clusters per economy counted at opening', async () => {
    const pg = await Promise.all([1, 2, 3].map(() => publishedCluster(h.server, 'PG')));
    await applyClusterEvent(h.server.models.clusterFacts, clusterEvent('registered', randomUUID(), 'PG', 1));
    const named = await publishedCluster(h.server, 'CL');
    const { id } = await create({ economies: ['PG', 'US'], clusterIds: [named] });
    const collector = await collectEvents(h.kafka, TOPICS.campaign, (e) => e.subject === id);
    await collector.start();

    const { data, errors } = await h.run(OPEN, { id, v: 1 }, secretariat);
    const [{ event }] = await collector.done;

    expect(errors).toBeUndefined();
    expect(data.openCampaign).toMatchObject({
      status: 'OPEN',
      version: 2,
      respondedCount: 0,
      audience: {
        byEconomy: [
          { economy: 'CL', clusters: 1 },
          { economy: 'PG', clusters: 3 },
          { economy: 'US', clusters: 0 },
        ],
        size: 4,
      },
    });
    expect(data.openCampaign.openedAt).not.toBeNull();
    expect(validator.validate(event)).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      type: 'ccp.surveys.campaign.opened.v1',
      source: '/ccp/surveys',
      sequence: 2,
      actor: secretariat.subject,
      actorrole: 'secretariat',
      data: {
        campaignId: id,
        questionnaireId,
        questionnaireKind: 'internationalization',
        opensAt: data.openCampaign.opensAt,
        closesAt: data.openCampaign.closesAt,
        audience: [
          { economy: 'CL', clusters: 1 },
          { economy: 'PG', clusters: 3 },
          { economy: 'US', clusters: 0 },
        ],
      },
    });
    // Several economies: the envelope names none.
    expect(event.economy).toBeUndefined();
    const audience = await h.server.deps.campaigns.audiences.findById(
      (await h.server.deps.campaigns.model.findById(id).lean())?.audienceId,
    );
    expect(audience?.clusterIds.sort()).toEqual([...pg, named].sort());
    expect((await h.server.deps.campaigns.model.findById(id).lean())?.outbox).toEqual([]);
  });

  it('When a campaign opens, then each cluster asked gets one invitation to its managers with a link to its response page', async () => {
    const clusters = await Promise.all([1, 2, 3].map(() => publishedCluster(h.server, 'VN')));
    const { id } = await create({ clusterIds: clusters });
    const invitations = await notificationsOf(id, 3);

    await h.run(OPEN, { id }, secretariat);
    const events = await invitations.events();

    for (const event of events) expect(validator.validate(event)).toMatchObject({ ok: true });
    expect(events.map((e) => e.data.clusterManagersOf).sort()).toEqual([...clusters].sort());
    for (const e of events) {
      expect(e.data).toMatchObject({
        kind: 'questionnaire-invitation',
        link: `/surveys/campaigns/${id}/clusters/${e.data.clusterManagersOf}`,
        subject: { en: 'Questionnaire: Cluster internationalization 2025' },
      });
      expect(e.data.text.ru).toMatch(/Интернационализация кластеров 2025/);
      expect(e).toMatchObject({ actor: 'system', actorrole: 'system' });
    }
    const batches = await h.server.deps.campaigns.notices.find({ campaignId: id }).lean();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ kind: 'invitation', outbox: [] });
  });

  it('When a campaign asks 250 clusters, then the invitations go out in batches of 100, one per cluster', async () => {
    const economy = 'PE';
    const ids = Array.from({ length: 250 }, () => randomUUID());
    await h.server.models.clusterFacts.collection.insertMany(
      ids.map((_id) => ({
        _id,
        economy,
        status: 'published',
        applied: { sequence: 2, eventId: randomUUID() },
      })) as never[],
    );
    const { id } = await create({ economies: [economy] });
    const invitations = await notificationsOf(id, 250);

    await h.run(OPEN, { id }, secretariat);
    const events = await invitations.events();

    expect(new Set(events.map((e) => e.data.clusterManagersOf))).toEqual(new Set(ids));
    const batches = await h.server.deps.campaigns.notices.find({ campaignId: id }).sort({ _id: 1 }).lean();
    expect(batches.map((b) => b.clusterIds.length).sort()).toEqual([100, 100, 50]);
    expect(batches.every((b) => b.outbox.length === 0)).toBe(true);
    // Made again after a crash, no batch is written twice.
    const campaign = await h.server.deps.campaigns.model.findById(id).lean();
    expect(await queueInvitations(h.server.deps, campaign!)).toBe(0);
    expect(await noticeCount(id)).toBe(3);
  });

  it('When a campaign is opened again, then it comes back unchanged and nothing more is sent', async () => {
    const clusterId = await publishedCluster(h.server, 'VN');
    const campaign = await opened({ clusterIds: [clusterId] });

    const { data, errors } = await h.run(OPEN, { id: campaign.id }, secretariat);

    expect(errors).toBeUndefined();
    expect(data.openCampaign.version).toBe(campaign.version);
    expect(await noticeCount(campaign.id)).toBe(1);
    expect(await h.server.deps.campaigns.audiences.countDocuments({ campaignId: campaign.id })).toBe(1);
  });

  it("When a coordinator opens their economy's campaign, then it opens naming that economy; a coordinator of another economy or a manager is FORBIDDEN", async () => {
    const clusterId = await publishedCluster(h.server, 'SG');
    const { id } = await create({ clusterIds: [clusterId] }, {}, coordinatorOf('SG'));
    const collector = await collectEvents(h.kafka, TOPICS.campaign, (e) => e.subject === id);
    await collector.start();

    const other = await h.run(OPEN, { id }, coordinatorOf('MY'));
    const manager = await h.run(OPEN, { id }, managerOf(clusterId));
    const afterRefusals = await h.server.deps.campaigns.model.findById(id).lean();
    const own = await h.run(OPEN, { id }, coordinatorOf('SG'));
    const [{ event }] = await collector.done;

    expect(other.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(manager.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(afterRefusals).toMatchObject({ status: 'draft', version: 1 });
    expect(own.errors).toBeUndefined();
    expect(own.data.openCampaign.status).toBe('OPEN');
    expect(event).toMatchObject({
      economy: 'SG',
      actorrole: 'coordinator',
      data: { audience: [{ economy: 'SG', clusters: 1 }] },
    });
  });

  it('When no cluster of the audience is published any more, then opening is INVALID_STATE on audience and nothing is sent', async () => {
    const clusterId = await publishedCluster(h.server, 'HK');
    const { id } = await create({ clusterIds: [clusterId] });
    await applyClusterEvent(h.server.models.clusterFacts, clusterEvent('archived', clusterId, 'HK', 3));

    const { errors } = await h.run(OPEN, { id }, secretariat);

    expect(errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE', field: 'audience' });
    expect(await h.server.deps.campaigns.model.findById(id).lean()).toMatchObject({
      status: 'draft',
      outbox: [],
    });
    expect(await noticeCount(id)).toBe(0);
  });

  it("When a draft's window has passed, then opening is INVALID_STATE on closesAt and it stays a draft", async () => {
    const clusterId = await publishedCluster(h.server, 'HK');
    const { id } = await create({ clusterIds: [clusterId] });
    await h.server.deps.campaigns.model.updateOne(
      { _id: id },
      { $set: { closesAt: new Date(Date.now() - DAY) } },
    );

    const { errors } = await h.run(OPEN, { id }, secretariat);

    expect(errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE', field: 'closesAt' });
    expect(await h.server.deps.campaigns.model.findById(id).lean()).toMatchObject({
      status: 'draft',
      version: 1,
    });
  });

  it('When the version a draft asks is no longer published, then opening is INVALID_STATE on questionnaireId and nothing is sent', async () => {
    const clusterId = await publishedCluster(h.server, 'HK');
    const { id } = await create({ clusterIds: [clusterId] });
    await h.server.deps.campaigns.model.updateOne(
      { _id: id },
      { $set: { questionnaireId: DRAFT_QUESTIONNAIRE } },
    );

    const { errors } = await h.run(OPEN, { id }, secretariat);

    expect(errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE', field: 'questionnaireId' });
    expect(await h.server.deps.campaigns.model.findById(id).lean()).toMatchObject({
      status: 'draft',
      outbox: [],
    });
    expect(await noticeCount(id)).toBe(0);
  });
});

describe('answering a campaign (campaignOpenFor)', () => {
  it('When a cluster of the audience answers within the window, then the campaign comes back; another cluster, a draft, a closed campaign or a time outside the window is refused with a typed error', async () => {
    const [asked, notAsked] = await Promise.all([
      publishedCluster(h.server, 'ID'),
      publishedCluster(h.server, 'ID'),
    ]);
    const campaign = await opened({ clusterIds: [asked] });
    const draft = await create({ clusterIds: [asked] });
    const deps = h.server.deps;
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (err) => err.extensions,
      );

    const answering = await campaignOpenFor(deps, campaign.id, asked);

    expect(answering).toMatchObject({ id: campaign.id, questionnaireId, collaborationId: null });
    expect(await refusal(campaignOpenFor(deps, campaign.id, notAsked))).toMatchObject({
      code: 'INVALID_STATE',
      field: 'clusterId',
      reason: 'NOT_IN_AUDIENCE',
    });
    expect(await refusal(campaignOpenFor(deps, draft.id, asked))).toMatchObject({
      code: 'INVALID_STATE',
      field: 'campaignId',
      status: 'DRAFT',
    });
    expect(await refusal(campaignOpenFor(deps, 'no-such-campaign', asked))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'campaignId',
    });
    const afterWindow = new Date(new Date(campaign.closesAt).getTime() + 1000);
    expect(await refusal(campaignOpenFor(deps, campaign.id, asked, afterWindow))).toMatchObject({
      code: 'INVALID_STATE',
      field: 'campaignId',
      status: 'CLOSED',
    });
    const beforeWindow = new Date(new Date(campaign.opensAt).getTime() - 1000);
    expect(await refusal(campaignOpenFor(deps, campaign.id, asked, beforeWindow))).toMatchObject({
      code: 'INVALID_STATE',
      field: 'campaignId',
      status: 'OPEN',
    });
    await h.run(CLOSE, { id: campaign.id }, secretariat);
    expect(await refusal(campaignOpenFor(deps, campaign.id, asked))).toMatchObject({
      code: 'INVALID_STATE',
      field: 'campaignId',
      status: 'CLOSED',
    });
  });
});

describe('closeCampaign', () => {
  it('When the secretariat closes an open campaign, then it reads CLOSED BY_HAND with no event; a draft closed is CANCELLED', async () => {
    const clusterId = await publishedCluster(h.server, 'CA');
    const campaign = await opened({ clusterIds: [clusterId] });
    const draft = await create({ clusterIds: [clusterId] });

    const { data, errors } = await h.run(CLOSE, { id: campaign.id }, secretariat);
    const again = await h.run(CLOSE, { id: campaign.id }, secretariat);
    const cancelled = await h.run(CLOSE, { id: draft.id }, secretariat);

    expect(errors).toBeUndefined();
    expect(data.closeCampaign).toMatchObject({
      status: 'CLOSED',
      closedReason: 'BY_HAND',
      version: campaign.version + 1,
    });
    expect(again.data.closeCampaign.version).toBe(campaign.version + 1);
    expect(cancelled.data.closeCampaign).toMatchObject({
      status: 'CLOSED',
      closedReason: 'CANCELLED',
      openedAt: null,
    });
    expect(await h.server.deps.campaigns.model.findById(campaign.id).lean()).toMatchObject({ outbox: [] });
  });

  it("When a coordinator of another economy or the cluster's manager closes a campaign, then FORBIDDEN and it stays open; its own coordinator may", async () => {
    const clusterId = await publishedCluster(h.server, 'CA');
    const campaign = await opened({ clusterIds: [clusterId] });

    const other = await h.run(CLOSE, { id: campaign.id }, coordinatorOf('US'));
    const manager = await h.run(CLOSE, { id: campaign.id }, managerOf(clusterId));
    const stillOpen = (await h.run(GET, { id: campaign.id }, secretariat)).data.campaign.status;
    const own = await h.run(CLOSE, { id: campaign.id }, coordinatorOf('CA'));

    expect(other.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(manager.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(stillOpen).toBe('OPEN');
    expect(own.data.closeCampaign.status).toBe('CLOSED');
  });
});

describe('reminders and closing by time', () => {
  it('When the reminder is due, then only the clusters that have not responded are reminded, each once', async () => {
    const clusters = await Promise.all([1, 2, 3].map(() => publishedCluster(h.server, 'AU')));
    const [responded, ...pending] = clusters as [string, string, string];
    const campaign = await opened({ clusterIds: clusters }, { reminderDaysBeforeClose: 7 });
    expect(await h.server.applyResponseEvent(responseSubmitted(campaign.id, responded, 'AU'))).toBe(
      'applied',
    );
    expect(await h.server.applyResponseEvent(responseSubmitted(campaign.id, responded, 'AU'))).toBe(
      'skipped',
    );
    const reminders = await notificationsOf(campaign.id, 2, 'questionnaire-reminder');
    const closesAt = new Date(campaign.closesAt).getTime();

    const early = await advanceCampaign(h.server.deps, campaign.id, new Date(closesAt - 8 * DAY));
    const due = await advanceCampaign(h.server.deps, campaign.id, new Date(closesAt - 6 * DAY));
    const events = await reminders.events();
    const later = await advanceCampaign(h.server.deps, campaign.id, new Date(closesAt - 5 * DAY));

    expect([early, due, later]).toEqual(['not-due', 'reminded', 'not-due']);
    expect(events.map((e) => e.data.clusterManagersOf).sort()).toEqual([...pending].sort());
    for (const event of events) expect(validator.validate(event)).toMatchObject({ ok: true });
    const stored = await h.server.deps.campaigns.model.findById(campaign.id).lean();
    expect(stored?.remindedAt).not.toBeNull();
    expect(await queueReminders(h.server.deps, stored!)).toBe(0);
    const { data } = await h.run(GET, { id: campaign.id }, secretariat);
    expect(data.campaign).toMatchObject({ respondedCount: 1, version: campaign.version });
  });

  it('When the window ends, then the worker closes the campaign as WINDOW_ENDED, dated at its end', async () => {
    const clusterId = await publishedCluster(h.server, 'AU');
    const campaign = await opened({ clusterIds: [clusterId] }, { reminderDaysBeforeClose: 0 });

    const step = await advanceCampaign(
      h.server.deps,
      campaign.id,
      new Date(new Date(campaign.closesAt).getTime() + 60_000),
    );

    expect(step).toBe('closed');
    const { data } = await h.run(GET, { id: campaign.id }, secretariat);
    expect(data.campaign).toMatchObject({
      status: 'CLOSED',
      closedReason: 'WINDOW_ENDED',
      closedAt: campaign.closesAt,
    });
  });
});

describe('one-year follow-ups', () => {
  it('When a collaboration is agreed, then a follow-up is scheduled a year later for the two clusters with the collaboration; a redelivery creates nothing new', async () => {
    const a = await publishedCluster(h.server, 'CN');
    const b = await publishedCluster(h.server, 'RU');
    const agreedAt = new Date('2025-03-10T12:00:00.000Z');
    const event = collaborationAgreed([a, b], ['CN', 'RU'], agreedAt);
    expect(validator.validate(event)).toMatchObject({ ok: true });
    const { collaborationId } = event.data;

    const first = await h.server.applyCollaborationEvent(event);
    const again = await h.server.applyCollaborationEvent(event);
    const redelivered = await h.server.applyCollaborationEvent({ ...event, id: randomUUID() });

    expect([first, again, redelivered]).toEqual(['applied', 'skipped', 'skipped']);
    expect(await count({ collaborationId })).toBe(1);
    const { data } = await h.run(GET, { id: followUpCampaignId(collaborationId) }, secretariat);
    expect(data.campaign).toMatchObject({
      status: 'DRAFT',
      kind: 'FOLLOW_UP',
      collaborationId,
      opensAutomatically: true,
      opensAt: '2026-03-10T12:00:00.000Z',
      closesAt: '2026-05-09T12:00:00.000Z',
      audience: { economies: [], clusters: [{ id: a }, { id: b }] },
    });
    expect(data.campaign.questionnaire.id).toMatch(/^follow-up-v\d+$/);
  });

  it('When a follow-up is due, then the service opens it, announces it and invites both clusters; answering it yields the collaboration', async () => {
    const a = await publishedCluster(h.server, 'TW');
    const b = await publishedCluster(h.server, 'MX');
    const agreedAt = new Date(Date.now() - 366 * DAY);
    const event = collaborationAgreed([a, b], ['TW', 'MX'], agreedAt);
    const { collaborationId } = event.data;
    const id = followUpCampaignId(collaborationId);
    await h.server.applyCollaborationEvent(event);
    const announced = await collectEvents(h.kafka, TOPICS.campaign, (e) => e.subject === id);
    await announced.start();
    const invitations = await notificationsOf(id, 2);

    const step = await advanceCampaign(h.server.deps, id);
    const [{ event: opened }] = await announced.done;
    const invited = await invitations.events();

    expect(step).toBe('opened');
    expect(validator.validate(opened)).toMatchObject({ ok: true });
    expect(opened).toMatchObject({
      actor: 'system',
      actorrole: 'system',
      data: {
        questionnaireKind: 'follow-up',
        audience: [
          { economy: 'MX', clusters: 1 },
          { economy: 'TW', clusters: 1 },
        ],
      },
    });
    expect(invited.map((e) => e.data.clusterManagersOf).sort()).toEqual([a, b].sort());
    expect(invited[0]?.data.text.en).toMatch(/success story/);
    expect(await campaignOpenFor(h.server.deps, id, a)).toMatchObject({
      collaborationId,
      questionnaireKind: 'follow-up',
    });
  });

  it('When a follow-up is due but neither cluster is published any more, then it closes as NO_AUDIENCE and sends nothing', async () => {
    const a = await publishedCluster(h.server, 'PH');
    const b = await publishedCluster(h.server, 'PH');
    const event = collaborationAgreed([a, b], ['PH', 'PH'], new Date(Date.now() - 400 * DAY));
    const id = followUpCampaignId(event.data.collaborationId);
    await h.server.applyCollaborationEvent(event);
    for (const c of [a, b])
      await applyClusterEvent(h.server.models.clusterFacts, clusterEvent('archived', c, 'PH', 3));

    const step = await advanceCampaign(h.server.deps, id);

    expect(step).toBe('closed');
    expect(await h.server.deps.campaigns.model.findById(id).lean()).toMatchObject({
      status: 'closed',
      closedReason: 'no-audience',
      outbox: [],
      openedAt: null,
    });
    expect(await noticeCount(id)).toBe(0);
  });

  it('When the follow-up delay is configured shorter, then the follow-up opens that many days after the agreement', async () => {
    const short = await startSurveys('campaigns-short', {
      campaigns: { followUpAfterDays: 2, followUpWindowDays: 10 },
    });
    try {
      const a = await publishedCluster(short.server, 'KR');
      const b = await publishedCluster(short.server, 'JP');
      const agreedAt = new Date('2025-01-01T00:00:00.000Z');
      const event = collaborationAgreed([a, b], ['KR', 'JP'], agreedAt);

      await short.server.applyCollaborationEvent(event);

      const stored = await short.server.deps.campaigns.model
        .findById(followUpCampaignId(event.data.collaborationId))
        .lean();
      expect(stored?.opensAt.toISOString()).toBe('2025-01-03T00:00:00.000Z');
      expect(stored?.closesAt.toISOString()).toBe('2025-01-13T00:00:00.000Z');
    } finally {
      await short.stop();
    }
  });
});

describe('reading campaigns', () => {
  it("When a cluster's manager asks for its open campaigns, then the open ones asking it are listed; another cluster's manager and another economy's coordinator see none", async () => {
    const clusterId = await publishedCluster(h.server, 'BN');
    const campaign = await opened({ clusterIds: [clusterId] });
    const closed = await opened({ clusterIds: [clusterId] });
    await h.run(CLOSE, { id: closed.id }, secretariat);
    const representations = [{ __typename: 'Cluster', id: clusterId }];

    const manager = await h.run(OPEN_CAMPAIGNS, { r: representations }, managerOf(clusterId));
    const coordinator = await h.run(OPEN_CAMPAIGNS, { r: representations }, coordinatorOf('BN'));
    const otherManager = await h.run(OPEN_CAMPAIGNS, { r: representations }, managerOf(randomUUID()));
    const otherCoordinator = await h.run(OPEN_CAMPAIGNS, { r: representations }, coordinatorOf('CL'));

    expect(manager.errors).toBeUndefined();
    expect(manager.data._entities[0].openCampaigns).toEqual([
      { id: campaign.id, closesAt: campaign.closesAt },
    ]);
    expect(coordinator.data._entities[0].openCampaigns).toEqual([
      { id: campaign.id, closesAt: campaign.closesAt },
    ]);
    expect(otherManager.data._entities[0].openCampaigns).toEqual([]);
    expect(otherCoordinator.data._entities[0].openCampaigns).toEqual([]);
  });

  it("When campaigns are listed, then the secretariat sees all, a coordinator those asking their economy, others none; one campaign is readable by its clusters' managers only besides", async () => {
    const clusterId = await publishedCluster(h.server, 'TH');
    const campaign = await opened({ clusterIds: [clusterId] });
    const draft = await create({ economies: ['TH'] });

    const all = await h.run(LIST, {}, secretariat);
    const openInTh = await h.run(
      LIST,
      { economy: 'TH', status: 'OPEN', kind: 'INTERNATIONALIZATION' },
      coordinatorOf('TH'),
    );
    const ofOthers = await h.run(LIST, { economy: 'TH' }, coordinatorOf('VN'));
    const plain = await h.run(LIST, {}, member);
    const anonymous = await h.run(LIST, {}, ANONYMOUS);
    const badEconomy = await h.run(LIST, { economy: 'XX' }, secretariat);
    const byManager = await h.run(GET, { id: campaign.id }, managerOf(clusterId));
    const byOtherManager = await h.run(GET, { id: campaign.id }, managerOf(randomUUID()));

    const ids = (r: { data: { campaigns: { id: string }[] } }) => r.data.campaigns.map((c) => c.id);
    expect(ids(all as never)).toEqual(expect.arrayContaining([campaign.id, draft.id]));
    expect(ids(openInTh as never)).toEqual([campaign.id]);
    expect(ids(ofOthers as never)).toEqual([]);
    expect(ids(plain as never)).toEqual([]);
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(badEconomy.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'economy' });
    expect(byManager.data.campaign).toMatchObject({ id: campaign.id, status: 'OPEN' });
    expect(byOtherManager.data.campaign).toBeNull();
  });
});

describe('campaign worker', () => {
  it('When the worker starts after an opening was interrupted before its invitations, then it sends them once', async () => {
    const w = await startSurveys('campaign-worker');
    try {
      const clusters = await Promise.all([1, 2].map(() => publishedCluster(w.server, 'CL')));
      const { data } = await w.run(CREATE, { input: input({ clusterIds: clusters }) }, secretariat);
      const { id } = data.createCampaign;
      await w.run(OPEN, { id }, secretariat);
      // As if the process had stopped between the opening and its invitations.
      await w.server.deps.campaigns.notices.deleteMany({ campaignId: id });
      await w.server.deps.campaigns.model.updateOne({ _id: id }, { $set: { invitationsQueuedAt: null } });
      w.server.deps.campaigns.agenda.untrack(id);
      const invitations = await collectEvents(
        w.kafka,
        TOPICS.notifications,
        (e) => String(e.data?.link ?? '').includes(id),
        { count: 2 },
      );
      await invitations.start();

      expect(await w.server.campaignWorker.reload()).toBeGreaterThanOrEqual(1);
      const first = await w.server.campaignWorker.runOnce();
      const second = await w.server.campaignWorker.runOnce();
      const events = (await invitations.done).map((c) => c.event);

      expect(first).toMatchObject({ invited: 1 });
      expect(second).toEqual({});
      expect(events.map((e) => e.data.clusterManagersOf).sort()).toEqual([...clusters].sort());
      expect(await w.server.deps.campaigns.notices.countDocuments({ campaignId: id })).toBe(1);
    } finally {
      await w.stop();
    }
  });
});
