import { randomUUID } from 'node:crypto';
import { EventValidator, makeEvent } from '@ccp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterFactsHandler } from '../src/events/cluster-facts.js';
import { type Accounts, startAccounts } from './helpers.js';

let accounts: Accounts;

/** A registered event as registry sends it for a cluster of the given origin, fed to the cluster-facts consumer's handler. */
async function registered(registeredBy: string, origin: 'registered' | 'imported' | 'seeded') {
  const clusterId = `cluster-${randomUUID().slice(0, 8)}`;
  const event = makeEvent({
    service: 'registry',
    type: 'ccp.registry.cluster.registered.v1',
    subject: clusterId,
    sequence: 1,
    economy: 'VN',
    actor: { subject: registeredBy, role: 'secretariat' },
    data: {
      clusterId,
      economy: 'VN',
      name: { en: `Imported ${clusterId}` },
      status: 'draft',
      registeredBy,
      origin,
    },
  });
  expect(new EventValidator().validate(event)).toEqual({ ok: true, event });
  expect(await clusterFactsHandler(accounts.deps)(event)).toBe('applied');
  return clusterId;
}

const managersOf = (clusterId: string) =>
  accounts.deps.users.countDocuments({ 'grants.clusterId': clusterId });

beforeAll(async () => {
  accounts = await startAccounts('accounts_imported');
});

afterAll(async () => {
  await accounts?.stop();
});

describe('imported and seeded clusters', () => {
  it('When the secretariat imports a cluster or the generator seeds one, then accounts records it but makes no one its manager', async () => {
    const importer = await accounts.register();

    const imported = await registered(importer.id, 'imported');
    const seeded = await registered(importer.id, 'seeded');

    expect(await managersOf(imported)).toBe(0);
    expect(await managersOf(seeded)).toBe(0);
    expect(await accounts.deps.clusterFactRepository.byId(imported)).toMatchObject({ economy: 'VN' });
    expect((await accounts.deps.repository.byId(importer.id))?.grants ?? []).toEqual([]);
  });

  it('When the same user registers a cluster themselves, then they become its manager', async () => {
    const registrant = await accounts.register();

    const clusterId = await registered(registrant.id, 'registered');

    expect(await managersOf(clusterId)).toBe(1);
    expect((await accounts.deps.repository.byId(registrant.id))?.grants).toEqual([
      expect.objectContaining({ role: 'cluster-manager', clusterId }),
    ]);
  });
});
