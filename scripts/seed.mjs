#!/usr/bin/env node
// Registers and publishes the demo clusters through the gateway; idempotent (matches on the English name).
//   node scripts/seed.mjs [gateway-url]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSecretariat, signIn } from './accounts.mjs';
import { seedEconomyPages } from './demo-data/economy-pages.mjs';
import { seedSurveyCampaign } from './demo-data/survey-campaign.mjs';
import { root } from './stack.mjs';

let authorization;

async function graphql(url, query, variables = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`${body.errors[0].message} (${body.errors[0].extensions?.code ?? res.status})`);
  return body.data;
}

const LIST = `query Existing($status: ClusterStatus, $after: String) {
  clusters(filter: { status: $status }, first: 200, after: $after) { nodes { id status names { en } } pageInfo { hasNextPage endCursor } }
}`;
const REGISTER = `mutation Register($input: RegisterClusterInput!) { registerCluster(input: $input) { id status } }`;
const PUBLISH = `mutation Publish($id: ID!) { publishCluster(id: $id) { id status } }`;

async function existingClusters(url) {
  const byName = new Map();
  for (const status of ['DRAFT', 'PUBLISHED']) {
    let after = null;
    do {
      const { clusters } = await graphql(url, LIST, { status, after });
      for (const c of clusters.nodes) byName.set(c.names.en, c);
      after = clusters.pageInfo.hasNextPage ? clusters.pageInfo.endCursor : null;
    } while (after);
  }
  return byName;
}

const OFFERS = `query Offers($after: String) {
  cooperationOffers(first: 200, after: $after) { nodes { title { en } } pageInfo { hasNextPage endCursor } }
}`;
const PUBLISH_OFFER = `mutation Offer($input: PublishCooperationOfferInput!) { publishCooperationOffer(input: $input) { id } }`;

async function seedOffers(url, offers, clustersByName) {
  const titles = new Set();
  let after = null;
  do {
    const { cooperationOffers } = await graphql(url, OFFERS, { after });
    for (const o of cooperationOffers.nodes) titles.add(o.title.en);
    after = cooperationOffers.pageInfo.hasNextPage ? cooperationOffers.pageInfo.endCursor : null;
  } while (after);
  let created = 0;
  for (const { cluster, ...offer } of offers) {
    if (titles.has(offer.title.en)) continue;
    const clusterId = clustersByName.get(cluster)?.id;
    if (!clusterId) throw new Error(`demo offer names an unknown cluster: ${cluster}`);
    // matchmaking learns that the cluster is published from registry's events: give it a moment.
    for (let attempt = 0; ; attempt++) {
      try {
        await graphql(url, PUBLISH_OFFER, { input: { ...offer, clusterId } });
        created++;
        break;
      } catch (err) {
        if (attempt >= 60 || !/BAD_USER_INPUT/.test(err.message)) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
  return created;
}

/** `accessToken`: a secretariat's, who may register and publish for every economy. */
export async function seedDemoData(url, { log = console.log, accessToken } = {}) {
  authorization = accessToken ? `Bearer ${accessToken}` : undefined;
  const { clusters, cooperationOffers } = JSON.parse(readFileSync(join(root, 'scripts', 'demo-data', 'clusters.json'), 'utf8'));
  const existing = await existingClusters(url);
  let registered = 0;
  let published = 0;
  for (const { publish, ...input } of clusters) {
    let cluster = existing.get(input.name.en);
    if (!cluster) {
      cluster = (await graphql(url, REGISTER, { input })).registerCluster;
      registered++;
    }
    if (publish && cluster.status === 'DRAFT') {
      await graphql(url, PUBLISH, { id: cluster.id });
      published++;
    }
  }
  const offers = await seedOffers(url, cooperationOffers ?? [], await existingClusters(url));
  const pages = await seedEconomyPages((query, variables) => graphql(url, query, variables));
  log(`[seed] demo economy pages: ${pages.pages} pages and ${pages.publications} publications written now`);
  const current = await existingClusters(url);
  const russian = clusters
    .filter((c) => c.publish && c.economyCode === 'RU')
    .map((c) => current.get(c.name.en))
    .filter((c) => c && c.status === 'PUBLISHED')
    .map((c) => c.id);
  const survey = await seedSurveyCampaign((query, variables) => graphql(url, query, variables), russian);
  if (survey.campaign) log(`[seed] demo survey: a campaign for ${russian.length} clusters, ${survey.responses} responses`);
  log(
    `[seed] demo data: ${clusters.length} clusters (${registered} registered, ${published} published now), ` +
      `${offers} cooperation offers published now`,
  );
  return { registered, published, offers };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.argv[2] ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
  const { accessToken } = await signIn(url, ensureSecretariat());
  await seedDemoData(url, { accessToken });
}
