import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { makeEvent, TOPICS, toMessage } from '@ccp/kit';
import { collectEvents, connectedProducer, testKafka, waitFor, waitForCaughtUp } from '@ccp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { ensureSecretariat, signIn } from '../scripts/accounts.mjs';
// @ts-expect-error plain ESM script without types
import { root, startStack } from '../scripts/stack.mjs';
import { chromiumArgs, chromiumPath } from '../infra/infra.mjs';

const run = randomUUID().slice(0, 8);
const groupPrefix = `e2e-${run}`;
const economiesGroup = `${groupPrefix}-economies`;
const kafka = testKafka();
let stack: { urls: Record<string, string>; stop(): Promise<void>; stopOne(n: string): Promise<void>; start(n: string): Promise<void> };

let secretariatToken: string;

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(stack.urls.gateway!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

const clusterCount = async (code: string) =>
  (await gql('query($c: ID!) { economy(code: $c) { clusterCount } }', { c: code })).data.economy.clusterCount as number;

/** Caught up on Kafka, and the count has stopped moving. */
async function settledCount(code: string) {
  await waitForCaughtUp(kafka, economiesGroup, [TOPICS.cluster], 60_000);
  let last = await clusterCount(code);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await clusterCount(code);
    if (now === last) return now;
    last = now;
  }
}

beforeAll(async () => {
  stack = await startStack({
    portOffset: 100,
    databasePrefix: `e2e_${run}`,
    groupPrefix,
    logDir: join(root, '.data', 'logs', `e2e-${run}`),
    env: { LOG_LEVEL: 'warn' },
  });
  const secretariat = ensureSecretariat({ databasePrefix: `e2e_${run}` });
  secretariatToken = (await signIn(stack.urls.gateway!, secretariat)).accessToken;
});

afterAll(async () => {
  await stack?.stop();
});

describe('one change through the whole platform', () => {
  it('When a cluster is registered and published through the gateway, then its economy counts exactly one more, also after a duplicate event and a replay from the earliest offset', async () => {
    const before = await settledCount('VN');
    const name = `E2E Mekong Delta Agritech Cluster ${run}`;
    const published = await collectEvents(kafka, TOPICS.cluster, (e) => e.type === 'ccp.registry.cluster.published.v1' && e.data?.name?.en === name, { timeoutMs: 30_000 });
    await published.start();

    const registered = await gql(
      'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id status } }',
      { input: { name: { en: name, ru: 'Агротехнологический кластер дельты Меконга' }, economyCode: 'VN', location: { lat: 10.03, lng: 105.78 } } },
      secretariatToken,
    );
    expect(registered.errors).toBeUndefined();
    const id = registered.data.registerCluster.id as string;
    const publish = await gql('mutation($id: ID!) { publishCluster(id: $id) { status version } }', { id }, secretariatToken);
    expect(publish.data.publishCluster).toEqual({ status: 'PUBLISHED', version: 2 });

    await waitFor(async () => ((await clusterCount('VN')) === before + 1 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'VN clusterCount to rise by one',
    });

    // The federated graph joins registry's Economy.clusters with economies' count.
    const joined = await gql('query($c: ID!) { economy(code: $c) { name clusterCount clusters { id name } } }', { c: 'VN' });
    expect(joined.data.economy.name).toBe('Viet Nam');
    expect(joined.data.economy.clusters.map((c: { id: string }) => c.id)).toContain(id);

    // The same event again (same id), then the consumer restarted from the earliest offset.
    const [{ event }] = await published.done;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: TOPICS.cluster, messages: [toMessage(event)] });
    await producer.disconnect();
    await stack.stopOne('economies');
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: economiesGroup, topic: TOPICS.cluster, earliest: true });
    await admin.disconnect();
    await stack.start('economies');

    expect(await settledCount('VN')).toBe(before + 1);
  });

  it('When a profile goes through its whole lifecycle through the gateway, then search, map and counts follow each step', async () => {
    const tag = run.replace(/[^a-z]/g, 'q');
    const mutate = async (query: string, variables: Record<string, unknown>) => {
      const r = await gql(query, variables, secretariatToken);
      expect(r.errors).toBeUndefined();
      return r.data;
    };
    const search = async (text: string) =>
      (
        await gql(
          `query($f: ClusterFilter) { clusters(filter: $f, sort: RELEVANCE) { totalCount nodes { id name economy { name } }
            facets { economies { value count } } } clusterMapPoints(filter: $f) { count ids } }`,
          { f: { text } },
        )
      ).data;
    const before = await settledCount('KR');

    const { registerCluster } = await mutate(
      'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id version } }',
      { input: { name: { en: `Pangyo Techno Valley ${tag}`, ru: `Технодолина Пангё ${tag}` }, economyCode: 'KR', location: { lat: 37.4, lng: 127.1 } } },
    );
    const id = registerCluster.id as string;
    const v = (data: Record<string, { version: number }>) => Object.values(data)[0]!.version;
    let version = v(await mutate('mutation($id: ID!, $v: Int!) { updateCluster(id: $id, expectedVersion: $v, input: { mission: { en: "Semiconductor design", other: [{ locale: "ko", text: "판교 테크노밸리 반도체" }] } }) { version } }', { id, v: registerCluster.version }));
    version = v(await mutate('mutation($id: ID!) { submitCluster(id: $id) { version } }', { id }));
    version = v(await mutate('mutation($id: ID!) { returnCluster(id: $id, comments: "Add the Russian mission") { version } }', { id }));
    version = v(await mutate('mutation($id: ID!, $v: Int!) { updateCluster(id: $id, expectedVersion: $v, input: { mission: { en: "Semiconductor design", ru: "Проектирование полупроводников", other: [{ locale: "ko", text: "판교 테크노밸리 반도체" }] } }) { version } }', { id, v: version }));
    version = v(await mutate('mutation($id: ID!) { submitCluster(id: $id) { version } }', { id }));
    expect((await search('технодолина')).clusters.totalCount).toBe(0);

    version = v(await mutate('mutation($id: ID!) { publishCluster(id: $id) { version } }', { id }));
    expect(version).toBe(7);
    const found = await search(`технодолина ${tag}`);
    expect(found.clusters.nodes).toEqual([{ id, name: `Pangyo Techno Valley ${tag}`, economy: { name: 'Korea' } }]);
    expect(found.clusters.facets.economies).toEqual([{ value: 'KR', count: 1 }]);
    expect(found.clusterMapPoints).toEqual({ count: 1, ids: [id] });
    expect((await search('판교')).clusters.nodes.map((n: { id: string }) => n.id)).toContain(id);
    const history = await gql('query($id: ID!) { cluster(id: $id) { history(first: 10) { action } } }', { id }, secretariatToken);
    expect(history.data.cluster.history.map((h: { action: string }) => h.action)).toEqual([
      'PUBLISHED', 'SUBMITTED', 'UPDATED', 'RETURNED', 'SUBMITTED', 'UPDATED', 'REGISTERED',
    ]);
    await waitFor(async () => ((await clusterCount('KR')) === before + 1 ? true : undefined), { timeoutMs: 30_000, what: 'KR count +1' });

    await mutate('mutation($id: ID!) { archiveCluster(id: $id, reason: "Merged into another cluster") { version } }', { id });
    expect((await search(`технодолина ${tag}`)).clusters.totalCount).toBe(0);
    expect((await gql('query($id: ID!) { cluster(id: $id) { id } }', { id })).data.cluster).toBeNull();
    await waitFor(async () => ((await clusterCount('KR')) === before ? true : undefined), { timeoutMs: 30_000, what: 'KR count back' });
  });

  it('When registerCluster names an unknown economy through the gateway, then the error is typed and names the field', async () => {
    const res = await gql(
      'mutation { registerCluster(input: { name: { en: "Atlantis Cluster" }, economyCode: "XX" }) { id } }',
      {},
      secretariatToken,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'economyCode' });
  });

  it('When a subgraph is called directly without the gateway caller token, then it refuses', async () => {
    const res = await fetch(stack.urls.registry!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ clusters { totalCount } }' }),
    });
    expect(res.status).toBe(401);
  });
});

describe('economies through the gateway', () => {
  // A year of this run's own (npm test starts from empty topics; a rerun without that should not see the last one's).
  const year = 2050 + (Number.parseInt(run, 16) % 50);
  const checkedIn = (workshopId: string, gender: string, sector: string) =>
    makeEvent({
      service: 'matchmaking',
      type: 'ccp.matchmaking.workshop.participant-checked-in.v1',
      subject: workshopId,
      sequence: 1,
      economy: 'TH',
      time: new Date(`${year}-03-04T05:00:00Z`),
      data: { workshopId, participantId: randomUUID(), hostEconomy: 'TH', economy: 'TH', gender, sector, checkedInAt: `${year}-03-04T05:00:00.000Z` },
    });

  it('When participants check in and the secretariat sets a target, then the KPI, its breakdown and the monitoring report follow through the gateway', async () => {
    const producer = await connectedProducer(kafka);
    const workshopId = randomUUID();
    try {
      await producer.send({
        topic: TOPICS.workshop,
        messages: [checkedIn(workshopId, 'female', 'private'), checkedIn(workshopId, 'male', 'academia')].map(toMessage),
      });
    } finally {
      await producer.disconnect();
    }
    const KPI = `{ kpis(year: ${year}, economy: "TH") { kpi value target progress breakdown { gender sector value } } }`;
    const kpi3 = async () =>
      (await gql(KPI)).data.kpis.find((k: { kpi: string }) => k.kpi === 'PARTICIPANTS_CHECKED_IN') as { value: number };
    await waitFor(async () => ((await kpi3()).value === 2 ? true : undefined), { timeoutMs: 30_000, what: 'KPI 3 for TH' });

    const target = await gql(
      `mutation { setKpiTarget(kpi: PARTICIPANTS_CHECKED_IN, year: ${year}, economy: "TH", target: 4) { value target progress } }`,
      {},
      secretariatToken,
    );
    const refused = await gql(`mutation { setKpiTarget(kpi: PARTICIPANTS_CHECKED_IN, year: ${year}, target: 1) { value } }`);

    expect(target.data.setKpiTarget).toEqual({ value: 2, target: 4, progress: 0.5 });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await kpi3()).toEqual({
      kpi: 'PARTICIPANTS_CHECKED_IN',
      value: 2,
      target: 4,
      progress: 0.5,
      breakdown: [
        { gender: 'FEMALE', sector: 'PRIVATE', value: 1 },
        { gender: 'MALE', sector: 'ACADEMIA', value: 1 },
      ],
    });
    const csv = await fetch(stack.urls.gateway!.replace('/graphql', `/reports/monitoring.csv?year=${year}`));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toMatch(new RegExp(`^${year},PARTICIPANTS_CHECKED_IN,TH,Thailand,2,4,0\\.5`, 'm'));
  });

  it('When the secretariat edits an economy page and publishes news, then the page, the publications and the Atom feed show them, and a visitor cannot edit', async () => {
    const title = `E2E cluster policy news ${run}`;
    const page = await gql(
      `mutation($input: EconomyPageInput!) { updateEconomyPage(code: "TH", input: $input) {
         supportMeasures { name { en } type agency } } }`,
      { input: { supportMeasures: [{ name: { en: 'Cluster development grant' }, agency: 'E2E agency', type: 'GRANT' }] } },
      secretariatToken,
    );
    const news = await gql(
      'mutation($input: PublicationInput!) { createPublication(input: $input) { id status } }',
      { input: { kind: 'NEWS', title, body: 'Clusters *meet* in Bangkok.', language: 'en', economies: ['TH'], status: 'PUBLISHED' } },
      secretariatToken,
    );
    const visitor = await gql('mutation { updateEconomyPage(code: "TH", input: { officials: [] }) { code } }');

    expect(page.errors).toBeUndefined();
    expect(page.data.updateEconomyPage.supportMeasures).toEqual([{ name: { en: 'Cluster development grant' }, type: 'GRANT', agency: 'E2E agency' }]);
    expect(news.data.createPublication.status).toBe('PUBLISHED');
    expect(visitor.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const read = await gql('{ economy(code: "TH") { supportMeasures { agency } publications(kind: NEWS) { title } } }');
    expect(read.data.economy.supportMeasures).toEqual([{ agency: 'E2E agency' }]);
    expect(read.data.economy.publications.map((p: { title: string }) => p.title)).toContain(title);
    const feed = await fetch(stack.urls.gateway!.replace('/graphql', '/feeds/news.atom?economy=TH'));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    expect(await feed.text()).toContain(`<title type="text">${title}</title>`);
  });
});

describe('matchmaking through the gateway', () => {
  async function publishedCluster(economyCode: string, name: string, specializations: string[]) {
    const registered = await gql(
      'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }',
      { input: { name: { en: name }, economyCode, specializations } },
      secretariatToken,
    );
    expect(registered.errors).toBeUndefined();
    const id = registered.data.registerCluster.id as string;
    const published = await gql('mutation($id: ID!) { publishCluster(id: $id) { status } }', { id }, secretariatToken);
    expect(published.data.publishCluster.status).toBe('PUBLISHED');
    return id;
  }

  // Ids only: the shared test. topics also carry clusters other e2e files' stacks registered, which this stack's
  // matchmaking may suggest but its registry does not know (their names would be null and fail the query).
  const SUGGESTED = `query($id: ID!) { cluster(id: $id) { suggestedPartners(first: 50) {
    cluster { id } score criteria { name weight value contribution reason } } } }`;
  const suggestedIds = async (id: string) =>
    ((await gql(SUGGESTED, { id }, secretariatToken)).data.cluster?.suggestedPartners ?? []).map((s: { cluster: { id: string } }) => s.cluster.id);

  it('When two clusters of different economies share a specialization, then each is suggested to the other with its explanation; once a request is accepted they collaborate and are suggested no more', async () => {
    const a = await publishedCluster('VN', `E2E Saigon Software Cluster ${run}`, ['ict.software']);
    const b = await publishedCluster('JP', `E2E Fukuoka Software Cluster ${run}`, ['ict.software', 'ai']);
    await waitFor(async () => ((await suggestedIds(a)).includes(b) ? true : undefined), { timeoutMs: 60_000, what: 'B suggested to A' });

    const suggestion = (await gql(SUGGESTED, { id: a }, secretariatToken)).data.cluster.suggestedPartners.find(
      (s: { cluster: { id: string } }) => s.cluster.id === b,
    );
    expect(suggestion.criteria).toHaveLength(7);
    const sum = suggestion.criteria.reduce((t: number, c: { contribution: number }) => t + c.contribution, 0);
    expect(suggestion.score).toBeCloseTo(sum, 6);
    expect(suggestion.criteria.find((c: { name: string }) => c.name === 'specialization').value).toBeGreaterThan(0);
    expect((await gql(SUGGESTED, { id: a })).data.cluster.suggestedPartners).toEqual([]);

    const agreed = await collectEvents(kafka, TOPICS.collaboration, (e) => e.type === 'ccp.matchmaking.collaboration.agreed.v1' && e.data?.clusterIds?.includes(a), { timeoutMs: 30_000 });
    await agreed.start();
    const request = await gql(
      'mutation($input: RequestMatchInput!) { requestMatch(input: $input) { id status } }',
      { input: { fromClusterId: a, toClusterId: b, message: 'Shall we meet at the APEC workshop?' } },
      secretariatToken,
    );
    expect(request.data.requestMatch.status).toBe('PENDING');
    const accepted = await gql(
      'mutation($id: ID!) { acceptMatchRequest(id: $id, message: "Gladly") { status collaboration { clusterIds origin } } }',
      { id: request.data.requestMatch.id },
      secretariatToken,
    );

    expect(accepted.data.acceptMatchRequest.status).toBe('ACCEPTED');
    expect(new Set(accepted.data.acceptMatchRequest.collaboration.clusterIds)).toEqual(new Set([a, b]));
    const [{ event }] = await agreed.done;
    expect(event.data).toMatchObject({ origin: 'match-request', economies: expect.arrayContaining(['VN', 'JP']) });
    await waitFor(async () => (!(await suggestedIds(a)).includes(b) ? true : undefined), { timeoutMs: 30_000, what: 'B no longer suggested' });
  });

  it('When a participant of a workshop is checked in, then KPI 3 of their economy counts them through the gateway', async () => {
    const year = new Date().getUTCFullYear();
    const kpi3 = async () =>
      (await gql(`{ kpis(year: ${year}, economy: "PE") { kpi value } }`)).data.kpis.find(
        (k: { kpi: string }) => k.kpi === 'PARTICIPANTS_CHECKED_IN',
      ).value as number;
    const before = await kpi3();
    const startsAt = new Date(Date.now() + 10 * 60_000);
    const workshop = await gql(
      'mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { id } }',
      {
        input: {
          title: { en: `E2E APEC cluster matchmaking ${run}` },
          hostEconomy: 'TH',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
          timeZone: 'Asia/Bangkok',
          venue: 'Bangkok',
          capacity: 10,
        },
      },
      secretariatToken,
    );
    expect(workshop.errors).toBeUndefined();
    const workshopId = workshop.data.scheduleWorkshop.id as string;
    const open = await gql('mutation($id: ID!) { setWorkshopStatus(workshopId: $id, status: REGISTRATION_OPEN) { status } }', { id: workshopId }, secretariatToken);
    expect(open.data.setWorkshopStatus.status).toBe('REGISTRATION_OPEN');
    const registered = await gql(
      'mutation($input: RegisterForWorkshopInput!) { registerForWorkshop(input: $input) { id } }',
      {
        input: {
          workshopId,
          name: 'Rosa Quispe',
          organization: 'Cluster de Innovación Arequipa',
          email: `rosa.${run}@example.pe`,
          economy: 'PE',
          gender: 'FEMALE',
          sector: 'ACADEMIA',
          consent: true,
          consentTextVersion: '2026-01',
        },
      },
      secretariatToken,
    );
    expect(registered.errors).toBeUndefined();
    const anonymous = await gql('mutation($id: ID!) { checkInParticipant(participantId: $id) { id } }', { id: registered.data.registerForWorkshop.id });
    const checkIn = await gql('mutation($id: ID!) { checkInParticipant(participantId: $id) { id checkedInAt } }', { id: registered.data.registerForWorkshop.id }, secretariatToken);

    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(checkIn.errors).toBeUndefined();
    await waitFor(async () => ((await kpi3()) === before + 1 ? true : undefined), { timeoutMs: 30_000, what: 'KPI 3 for PE to count the check-in' });
  });
});

describe('questionnaires through the gateway', () => {
  const COMPLETE = [
    { questionId: 'international-stage', value: '"exploring"' },
    { questionId: 'internationalization-strategy', value: 'false' },
    { questionId: 'priority-economies', value: '["CN","VN"]' },
    { questionId: 'market-knowledge', value: '"basic"' },
    { questionId: 'international-memberships', value: 'true' },
    { questionId: 'cooperation-forms', value: '["joint-rd","education"]' },
    { questionId: 'barriers', value: '["overseas-market-knowledge","vague-projects"]' },
    { questionId: 'support-needs', value: '["partner-search"]' },
  ];

  it('When a campaign asks a published cluster and its response is submitted, then KPI 2 counts the cluster and the response rate is withheld below k', async () => {
    const name = `E2E Valparaíso Ocean Cluster ${run}`;
    const registered = await gql('mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }', { input: { name: { en: name }, economyCode: 'CL' } }, secretariatToken);
    const clusterId = registered.data.registerCluster.id as string;
    await gql('mutation($id: ID!) { publishCluster(id: $id) { status } }', { id: clusterId }, secretariatToken);
    const year = new Date().getUTCFullYear();
    const kpi2 = async () =>
      (await gql(`{ kpis(year: ${year}, economy: "CL") { kpi value } }`)).data.kpis.find((k: { kpi: string }) => k.kpi === 'CLUSTERS_RESPONDED').value as number;
    const before = await kpi2();
    const created = await gql(
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id status } }',
      {
        input: {
          questionnaireId: 'internationalization-v1',
          title: { en: `E2E internationalization survey ${run}` },
          audience: { clusterIds: [clusterId] },
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        },
      },
      secretariatToken,
    );
    expect(created.errors).toBeUndefined();
    const campaignId = created.data.createCampaign.id as string;
    // Surveys learns of the new cluster from registry's events; the campaign opens once it knows it as published.
    const opened = await waitFor(
      async () => {
        const res = await gql('mutation($id: ID!) { openCampaign(id: $id) { status audience { size } } }', { id: campaignId }, secretariatToken);
        return res.data?.openCampaign ?? undefined;
      },
      { timeoutMs: 60_000, what: 'the campaign to open' },
    );
    expect(opened).toEqual({ status: 'OPEN', audience: { size: 1 } });

    const visitor = await gql('mutation($c: ID!, $k: ID!, $a: [AnswerInput!]) { submitResponse(campaignId: $c, clusterId: $k, answers: $a) { status } }', { c: campaignId, k: clusterId, a: COMPLETE });
    const submitted = await gql(
      'mutation($c: ID!, $k: ID!, $a: [AnswerInput!]) { submitResponse(campaignId: $c, clusterId: $k, answers: $a) { status } }',
      { c: campaignId, k: clusterId, a: COMPLETE },
      secretariatToken,
    );

    expect(visitor.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitResponse.status).toBe('SUBMITTED');
    await waitFor(async () => ((await kpi2()) === before + 1 ? true : undefined), { timeoutMs: 30_000, what: 'KPI 2 for CL' });
    const rates = await waitFor(
      async () => {
        const r = (await gql('query($c: ID!) { campaignResponseRates(campaignId: $c) { audience responded rate suppressed } }', { c: campaignId })).data?.campaignResponseRates;
        return r?.audience === 1 ? r : undefined;
      },
      { timeoutMs: 30_000, what: 'the campaign response rates' },
    );
    expect(rates).toEqual({ audience: 1, responded: null, rate: null, suppressed: true });
  });
});

describe('the web shell in a browser', () => {
  it('When a visitor opens the web client, then it shows the 21 economies with the counts the gateway reports', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdirSync } = await import('node:fs');
    const { chromium } = await import('playwright-core');
    const gatewayOrigin = new URL(stack.urls.gateway!).origin;
    const preview = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', '5273', '--strictPort'], {
      cwd: join(root, 'clients', 'web'),
      env: { ...process.env, GATEWAY_URL: gatewayOrigin },
      stdio: 'ignore',
      // Its own process group, so stopping it also stops the vite process npx starts.
      detached: true,
    });
    // launch() gives every run a fresh, temporary user-data-dir.
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs,
    });
    try {
      await waitFor(async () => ((await fetch('http://127.0.0.1:5273/').catch(() => undefined))?.ok ? true : undefined), {
        what: 'vite preview',
      });
      const page = await browser.newPage();
      await page.goto('http://127.0.0.1:5273/economies');
      await page.locator('tbody tr').nth(20).waitFor({ timeout: 30_000 });
      expect(await page.locator('tbody tr').count()).toBe(21);
      const vietNam = page.locator('tbody tr', { hasText: 'Viet Nam' });
      const vnCount = await clusterCount('VN');
      expect(vnCount).toBeGreaterThan(0);
      expect(await vietNam.locator('td.numeric').innerText()).toBe(String(vnCount));
      mkdirSync(join(root, '.data', 'screenshots'), { recursive: true });
      await page.screenshot({ path: join(root, '.data', 'screenshots', 'web-shell.png'), fullPage: true });
    } finally {
      await browser.close();
      if (preview.pid) process.kill(-preview.pid, 'SIGTERM');
    }
  });
});
