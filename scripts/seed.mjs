#!/usr/bin/env node
// Registers and publishes the demo clusters through the gateway; idempotent (matches on the English name).
//   node scripts/seed.mjs [gateway-url]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './stack.mjs';

async function graphql(url, query, variables = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
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

export async function seedDemoData(url, { log = console.log } = {}) {
  const { clusters } = JSON.parse(readFileSync(join(root, 'scripts', 'demo-data', 'clusters.json'), 'utf8'));
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
  log(`[seed] demo data: ${clusters.length} clusters (${registered} registered, ${published} published now)`);
  return { registered, published };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await seedDemoData(process.argv[2] ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql');
}
