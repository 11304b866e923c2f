import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymous,
  CREATE,
  createEndpoint,
  freshDatabase,
  type Harness,
  integrator,
  secretariat,
  startIntegrations,
  user,
} from './harness.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let h: Harness;

beforeAll(async () => {
  db = await freshDatabase('endpoints');
  h = await startIntegrations(db);
});
afterAll(async () => {
  await h.stop();
  await db.drop();
});

const LIST = `{ webhookEndpoints { id url owner status } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) { id url description eventTypes filter { economies } }
}`;

describe('webhook endpoints', () => {
  it('creates an endpoint with a whsec_ secret shown once, and lists it for its owner only', async () => {
    const alice = integrator('apikey-alice');
    const bob = integrator('apikey-bob');
    const created = await h.run(
      CREATE,
      {
        input: {
          url: 'http://127.0.0.1:9/hook',
          description: 'Mirror',
          eventTypes: ['ccp.registry.cluster.*', 'ccp.economies.kpi.updated.v1'],
          filter: { economies: ['PE', 'PE'], specializations: ['agrifood'] },
        },
      },
      alice,
    );
    expect(created.errors).toBeUndefined();
    const { secret, endpoint } = created.data.createWebhookEndpoint;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(endpoint).toMatchObject({
      status: 'ACTIVE',
      owner: 'apikey-alice',
      filter: { economies: ['PE'], specializations: ['agrifood'], clusterIds: [] },
    });

    const mine = await h.run(LIST, {}, alice);
    expect(mine.data.webhookEndpoints.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
    const theirs = await h.run(LIST, {}, bob);
    expect(theirs.data.webhookEndpoints).toEqual([]);
    const all = await h.run(LIST, {}, secretariat);
    expect(all.data.webhookEndpoints.map((e: { id: string }) => e.id)).toContain(endpoint.id);

    // Another owner can neither read nor change it: the id is not confirmed.
    const read = await h.run(
      `query ($id: ID!) { webhookEndpoint(id: $id) { id } }`,
      { id: endpoint.id },
      bob,
    );
    expect(read.data.webhookEndpoint).toBeNull();
    const edit = await h.run(UPDATE, { id: endpoint.id, input: { url: 'http://127.0.0.1:10/x' } }, bob);
    expect(edit.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const del = await h.run(
      `mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`,
      { id: endpoint.id },
      bob,
    );
    expect(del.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(h.server.deps.endpoints.get(endpoint.id)?.url).toBe('http://127.0.0.1:9/hook');
  });

  it('refuses visitors and API keys of other roles', async () => {
    const input = { url: 'http://127.0.0.1:9/hook', eventTypes: ['ccp.registry.cluster.*'] };
    const visitor = await h.run(CREATE, { input }, anonymous);
    expect(visitor.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const list = await h.run(LIST, {}, anonymous);
    expect(list.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const analyst = await h.run(
      CREATE,
      { input },
      { subject: 'apikey-analyst', kind: 'api-client', grants: [{ role: 'analyst' }] },
    );
    expect(analyst.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // A signed-in user may keep endpoints.
    const member = await h.run(CREATE, { input }, user('user-member'));
    expect(member.errors).toBeUndefined();
  });

  it('names the field at fault and stores nothing on bad input', async () => {
    const owner = integrator('apikey-bad-input');
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://127.0.0.1/x', eventTypes: ['ccp.registry.cluster.*'] }, 'input.url'],
      [{ url: 'not a url', eventTypes: ['ccp.registry.cluster.*'] }, 'input.url'],
      [{ url: 'http://127.0.0.1/x', eventTypes: [] }, 'input.eventTypes'],
      [{ url: 'http://127.0.0.1/x', eventTypes: ['ccp.accounts.user.erased.v1'] }, 'input.eventTypes.0'],
      [{ url: 'http://127.0.0.1/x', eventTypes: ['ccp.registry.*.v1'] }, 'input.eventTypes.0'],
      [
        { url: 'http://127.0.0.1/x', eventTypes: ['ccp.registry.cluster.*'], filter: { economies: ['XX'] } },
        'input.filter.economies.0',
      ],
      [
        {
          url: 'http://127.0.0.1/x',
          eventTypes: ['ccp.registry.cluster.*'],
          filter: { specializations: ['nope'] },
        },
        'input.filter.specializations.0',
      ],
      [
        { url: 'http://127.0.0.1/x', eventTypes: ['ccp.registry.cluster.*'], filter: { clusterIds: ['1'] } },
        'input.filter.clusterIds.0',
      ],
      [
        {
          url: 'http://127.0.0.1/x',
          eventTypes: ['ccp.registry.cluster.*'],
          description: '<script>x</script>',
        },
        'input.description',
      ],
    ];
    for (const [input, field] of cases) {
      const res = await h.run(CREATE, { input }, owner);
      expect(res.errors?.[0].extensions, JSON.stringify(input)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect(h.server.deps.endpoints.ownedBy(owner.subject)).toEqual([]);
  });

  it('refuses http and private receivers in production', async () => {
    const { urlProblem } = await import('../src/domain/endpoint-input.js');
    expect(urlProblem('http://127.0.0.1:8080/x', false)).toBeNull();
    expect(urlProblem('http://hooks.example.com/x', true)).toMatch(/https/);
    for (const host of [
      '127.0.0.1',
      'localhost',
      '10.1.2.3',
      '192.168.0.1',
      '172.20.0.1',
      '169.254.169.254',
      '[::1]',
      '[fd00::1]',
    ]) {
      expect(urlProblem(`https://${host}/x`, true), host).toMatch(/private/);
    }
    expect(urlProblem('https://hooks.example.com/x', true)).toBeNull();
  });

  it('limits endpoints per owner', async () => {
    const owner = integrator('apikey-many');
    const max = h.server.deps.options.maxEndpointsPerOwner;
    for (let i = 0; i < max; i++)
      await createEndpoint(h, { url: `http://127.0.0.1:9/${i}`, eventTypes: ['ccp.economies.*'] }, owner);
    const res = await h.run(
      CREATE,
      { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['ccp.economies.*'] } },
      owner,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE', limit: max });
    expect(h.server.deps.endpoints.ownedBy(owner.subject)).toHaveLength(max);
  });

  it('updates, pauses, resumes and deletes; survives a reload from the database', async () => {
    const owner = integrator('apikey-lifecycle');
    const { endpoint } = await createEndpoint(
      h,
      { url: 'http://127.0.0.1:9/a', eventTypes: ['ccp.economies.*'] },
      owner,
    );
    const updated = await h.run(
      UPDATE,
      { id: endpoint.id, input: { description: 'New', filter: { economies: ['CL'] } } },
      owner,
    );
    expect(updated.data.updateWebhookEndpoint).toMatchObject({
      url: 'http://127.0.0.1:9/a',
      description: 'New',
      eventTypes: ['ccp.economies.*'],
      filter: { economies: ['CL'] },
    });
    const bad = await h.run(UPDATE, { id: endpoint.id, input: { url: 'gopher://x' } }, owner);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });

    const paused = await h.run(
      `mutation ($id: ID!) { pauseWebhookEndpoint(id: $id) { status } }`,
      { id: endpoint.id },
      owner,
    );
    expect(paused.data.pauseWebhookEndpoint.status).toBe('PAUSED');
    await h.server.deps.endpoints.load();
    expect(h.server.deps.endpoints.get(endpoint.id)).toMatchObject({ status: 'PAUSED', description: 'New' });
    const resumed = await h.run(
      `mutation ($id: ID!) { resumeWebhookEndpoint(id: $id) { status } }`,
      { id: endpoint.id },
      owner,
    );
    expect(resumed.data.resumeWebhookEndpoint.status).toBe('ACTIVE');

    const rotated = await h.run(
      `mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret previousSecretExpiresAt endpoint { previousSecretExpiresAt } } }`,
      { id: endpoint.id },
      owner,
    );
    const r = rotated.data.rotateWebhookSecret;
    expect(r.secret).toMatch(/^whsec_/);
    const overlap = new Date(r.previousSecretExpiresAt).getTime() - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(r.endpoint.previousSecretExpiresAt).toBe(r.previousSecretExpiresAt);
    expect(h.server.deps.endpoints.get(endpoint.id)?.secrets).toHaveLength(2);

    const deleted = await h.run(
      `mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`,
      { id: endpoint.id },
      owner,
    );
    expect(deleted.data.deleteWebhookEndpoint).toBe(endpoint.id);
    await h.server.deps.endpoints.load();
    expect(h.server.deps.endpoints.get(endpoint.id)).toBeUndefined();
  });

  it('lists the public event types only', async () => {
    const res = await h.run(`{ webhookEventTypes }`);
    expect(res.data.webhookEventTypes).toContain('ccp.registry.cluster.published.v1');
    expect(res.data.webhookEventTypes).toContain('ccp.matchmaking.offer.published.v1');
    expect(res.data.webhookEventTypes.some((t: string) => t.startsWith('ccp.accounts.'))).toBe(false);
  });
});
