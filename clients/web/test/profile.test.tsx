import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { storeSessionToken } from '../src/apollo';
import { root } from './profile.fixture';
import { renderApp, schemaClient } from './render';

describe('Cluster profile', () => {
  it('When a visitor opens /clusters/<slug>, then the five sections, offers, stories and visible contacts show and the title is set', async () => {
    renderApp('/clusters/kazan-it', { client: schemaClient(root) });

    expect(await screen.findByRole('heading', { level: 1, name: 'Kazan IT cluster' })).toBeTruthy();
    for (const section of [
      'About the cluster',
      'Cluster management',
      'Key members',
      'International cooperation',
      'Contacts',
    ])
      expect(screen.getByRole('heading', { level: 2, name: section })).toBeTruthy();
    expect(screen.getByText('Grow software exports.')).toBeTruthy();
    expect(screen.getByText('KFU')).toBeTruthy();
    expect(screen.getByText('China, Vietnam')).toBeTruthy();
    expect(screen.getByText('Joint lab with Hanoi')).toBeTruthy();
    const contacts = screen.getByRole('region', { name: 'Contacts' });
    expect(within(contacts).getByRole('link', { name: 'anna@it.example' }).getAttribute('href')).toBe(
      'mailto:anna@it.example',
    );
    expect(within(contacts).getByText('Contact details are shown to signed-in users.')).toBeTruthy();
    expect(document.title).toBe('Kazan IT cluster · APEC Clusters');
    expect(document.head.querySelector('meta[property="og:description"]')?.getAttribute('content')).toBe(
      'Grow software exports.',
    );
  });

  it('When a visitor follows the title of one of its cooperation offers, then the offer’s page opens', async () => {
    const client = schemaClient({
      ...root,
      cooperationOffer: ({ id }: { id: string }) =>
        id === 'o1'
          ? {
              id: 'o1',
              kind: 'OFFER',
              title: { en: 'Pilot projects', ru: 'Пилотные проекты' },
              description: { en: 'For SMEs', ru: null },
              sectors: [],
              targetEconomies: [],
              deadline: null,
              status: 'OPEN',
              economyCode: 'RU',
              createdAt: '2030-01-05T00:00:00.000Z',
              interestCount: 0,
              followerCount: 0,
              followedByMe: false,
              closeReason: null,
              soughtPartner: null,
              myInterest: null,
              interests: null,
              cluster: { id: 'c1', slug: 'kazan-it', name: 'Kazan IT cluster', economyCode: 'RU', status: 'PUBLISHED' },
            }
          : null,
    });
    renderApp('/clusters/kazan-it', { client });
    const link = await screen.findByRole('link', { name: 'Pilot projects' });
    expect(link.getAttribute('href')).toBe('/matchmaking/offers/o1');

    await userEvent.setup().click(link);

    expect(await screen.findByRole('heading', { level: 1, name: 'Pilot projects' })).toBeTruthy();
  });

  it('When the reader reads in Russian, then content comes in Russian where translated and in English otherwise', async () => {
    renderApp('/clusters/kazan-it', { client: schemaClient(root), locale: 'ru' });

    expect(await screen.findByRole('heading', { level: 1, name: 'ИТ-кластер Казани' })).toBeTruthy();
    expect(screen.getByText('Развивать экспорт ПО.')).toBeTruthy();
    expect(screen.getByText('Пилотные проекты')).toBeTruthy();
    expect(screen.getByText('For SMEs')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'О кластере' })).toBeTruthy();
  });

  it('When the slug names no published cluster, then the page says so and leads back to the registry', async () => {
    renderApp('/clusters/nowhere', { client: schemaClient(root) });

    expect((await screen.findByRole('alert')).textContent).toContain(
      'There is no published cluster at this address.',
    );
    expect(screen.getByRole('link', { name: 'Back to the registry' }).getAttribute('href')).toBe('/registry');
  });
});

describe('Cluster profile: the way to edit mode', () => {
  afterEach(() => storeSessionToken(null));
  const viewer = (grants: unknown[]) => ({ ...root, me: () => ({ id: 'u1', grants }) });

  it.each([
    ['its manager', { role: 'CLUSTER_MANAGER', clusterId: 'c1', economyCode: null }],
    ["its economy's coordinator", { role: 'ECONOMY_COORDINATOR', clusterId: null, economyCode: 'RU' }],
    ['the secretariat', { role: 'SECRETARIAT', clusterId: null, economyCode: null }],
  ])('When %s reads the profile, then it links to the edit mode', async (_who, grant) => {
    storeSessionToken('token');
    renderApp('/clusters/kazan-it', { client: schemaClient(viewer([grant])) });
    const link = await screen.findByRole('link', { name: 'Edit this profile' });
    expect(link.getAttribute('href')).toBe('/clusters/kazan-it/edit');
  });

  it('When a visitor, or a manager of another cluster, reads the profile, then there is no edit link', async () => {
    renderApp('/clusters/kazan-it', { client: schemaClient(viewer([])) });
    await screen.findByRole('heading', { level: 1, name: 'Kazan IT cluster' });
    expect(screen.queryByRole('link', { name: 'Edit this profile' })).toBeNull();

    storeSessionToken('token');
    const other = [{ role: 'CLUSTER_MANAGER', clusterId: 'c2', economyCode: null }];
    const { unmount } = renderApp('/clusters/kazan-it', { client: schemaClient(viewer(other)) });
    await screen.findAllByRole('heading', { level: 1, name: 'Kazan IT cluster' });
    await new Promise((r) => setTimeout(r, 50)); // the viewer's grants have arrived
    expect(screen.queryByRole('link', { name: 'Edit this profile' })).toBeNull();
    unmount();
  });
});
