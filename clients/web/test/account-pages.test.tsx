import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionToken, storeSessionToken } from '../src/apollo';
import AccountPage from '../src/features/account/account-page';
import CoordinationPage from '../src/features/coordination/coordination-page';
import ProfileEditPage from '../src/features/profile-edit/profile-edit-page';
import { renderPage, schemaClient } from './render';

afterEach(() => vi.unstubAllGlobals());

const me = (grants: unknown[]) => ({
  id: 'u1',
  email: 'ana@example.org',
  name: 'Ana',
  organization: null,
  locale: 'en',
  emailVerified: true,
  grants,
  managedClusters: [],
  apiKeys: [],
  notificationPreferences: [{ kind: 'cluster-message', enabled: false }],
});

describe('account page', () => {
  it('logs in through /auth/login and stores the access token for the Apollo client', async () => {
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify({ accessToken: 'tok-1' }), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderPage(<AccountPage />, { client: schemaClient({ me: () => me([]) }) });
    expect(screen.getByRole('form', { name: 'Log in' })).toBeTruthy();
    await userEvent.type(screen.getAllByLabelText('E-mail address')[0] as HTMLElement, 'ana@example.org');
    await userEvent.type(screen.getAllByLabelText('Password')[0] as HTMLElement, 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await screen.findByRole('heading', { name: 'Profile' });
    expect(sessionToken()).toBe('tok-1');
    expect(fetchMock).toHaveBeenCalledWith('/auth/login', expect.objectContaining({ method: 'POST' }));
    // Preferences reflect the stored switches: cluster-message is off, the others on.
    expect((screen.getByLabelText('Messages to clusters I manage') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('Reminders to confirm a profile') as HTMLInputElement).checked).toBe(true);
  });

  it('says so when the credentials are wrong, and stores nothing', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: { code: 'INVALID_CREDENTIALS', message: 'no' } }), {
          status: 401,
        }),
    );
    renderPage(<AccountPage />, { client: schemaClient({}) });
    await userEvent.type(screen.getAllByLabelText('E-mail address')[0] as HTMLElement, 'a@b.org');
    await userEvent.type(screen.getAllByLabelText('Password')[0] as HTMLElement, 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The e-mail address or the password is wrong.',
    );
    expect(sessionToken()).toBeNull();
  });

  it('shows a registration error next to the field it names', async () => {
    const client = schemaClient({
      registerUser: () => {
        throw new GraphQLError('Invalid email', { extensions: { code: 'CONFLICT', field: 'email' } });
      },
    });
    renderPage(<AccountPage />, { client, locale: 'ru' });
    await userEvent.type(screen.getByLabelText('Имя'), 'Ana');
    await userEvent.type(screen.getAllByLabelText('Адрес электронной почты')[1] as HTMLElement, 'a@b.org');
    await userEvent.type(screen.getAllByLabelText('Пароль')[1] as HTMLElement, 'long enough password');
    await userEvent.click(screen.getByRole('button', { name: 'Зарегистрироваться' }));
    const email = screen.getAllByLabelText('Адрес электронной почты')[1] as HTMLElement;
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const described = document.getElementById(String(email.getAttribute('aria-describedby')));
    expect(described?.textContent).toBe('Invalid email');
  });

  it('shows a new API key once', async () => {
    storeSessionToken('tok');
    const client = schemaClient({
      me: () => me([]),
      createApiKey: () => ({
        key: 'ccp_k1_secret',
        apiKey: {
          id: 'k1',
          name: 'mirror',
          role: 'INTEGRATOR',
          createdAt: '2026-12-06T10:00:00Z',
          lastUsedAt: null,
          revokedAt: null,
          limits: { maxDepth: 10, maxCost: 5000, requestsPerMinute: 120 },
        },
      }),
    });
    renderPage(<AccountPage />, { client });
    await userEvent.type(await screen.findByLabelText('Key name'), 'mirror');
    await userEvent.click(screen.getByRole('button', { name: 'Create the key' }));
    expect((await screen.findByText('ccp_k1_secret')).tagName).toBe('CODE');
  });
});

describe('webhook endpoints', () => {
  it('registers an endpoint, shows its secret once and lists its deliveries', async () => {
    storeSessionToken('tok');
    const endpoints: {
      id: string;
      url: string;
      description: null;
      eventTypes: string[];
      status: string;
      disabledReason: null;
    }[] = [];
    const client = schemaClient({
      me: () => me([]),
      webhookEndpoints: () => endpoints,
      createWebhookEndpoint: ({ input }: { input: { url: string; eventTypes: string[] } }) => {
        const endpoint = {
          id: 'w1',
          url: input.url,
          description: null,
          eventTypes: input.eventTypes,
          status: 'ACTIVE',
          disabledReason: null,
        };
        endpoints.push(endpoint);
        return { secret: 'whsec_1', endpoint };
      },
      webhookDeliveries: () => ({
        nodes: [
          {
            id: 'd1',
            eventType: 'ccp.registry.cluster.published.v1',
            subject: 'c1',
            status: 'DELIVERED',
            createdAt: '2026-12-06T10:00:00Z',
            nextAttemptAt: null,
          },
        ],
        pageInfo: { hasNextPage: false, endCursor: null },
      }),
    });
    renderPage(<AccountPage />, { client });
    await userEvent.type(await screen.findByLabelText('Receiver URL (https)'), 'https://hooks.example/ccp');
    await userEvent.click(screen.getByRole('button', { name: 'Add the endpoint' }));
    expect((await screen.findByText('whsec_1')).tagName).toBe('CODE');
    await userEvent.click(await screen.findByRole('button', { name: 'Show the delivery log' }));
    expect(await screen.findByText(/ccp\.registry\.cluster\.published\.v1 · c1 · DELIVERED/)).toBeTruthy();
  });
});

const cluster = {
  id: 'c1',
  slug: 'kazan-it',
  version: 3,
  status: 'DRAFT',
  claimable: false,
  logoUrl: null,
  economyCode: 'RU',
  names: { en: 'Kazan IT', ru: null },
  region: null,
  location: null,
  specializations: [],
  statusLabel: null,
  mission: { en: 'Grow', ru: null },
  productsAndServices: null,
  keyMembers: [],
  internationalMemberships: [],
  management: null,
  partnershipDestinations: [],
  successStories: [],
  contacts: [],
  founded: null,
  website: null,
  employees: null,
  memberCount: null,
  completeness: 0.2,
  lastReturn: { comments: 'Add a website', returnedAt: '2026-12-01T00:00:00Z' },
  history: [
    {
      at: '2026-12-01T00:00:00Z',
      actor: 'u2',
      actorRole: 'coordinator',
      action: 'RETURNED',
      changedFields: [],
    },
  ],
};

describe('profile edit', () => {
  it('sends the edited sections with the expected version and shows a typed error next to its field', async () => {
    storeSessionToken('tok');
    const updates: unknown[] = [];
    const client = schemaClient({
      me: () => ({ id: 'u1', grants: [{ role: 'CLUSTER_MANAGER', clusterId: 'c1', economyCode: null }] }),
      cluster: () => cluster,
      updateCluster: (args: unknown) => {
        updates.push(args);
        throw new GraphQLError('Invalid website: must be an https URL', {
          extensions: {
            code: 'BAD_USER_INPUT',
            field: 'website',
            problems: [{ field: 'website', reason: 'must be an https URL' }],
          },
        });
      },
    });
    renderPage(<ProfileEditPage />, { client, path: '/clusters/:slug/edit', url: '/clusters/kazan-it/edit' });
    await screen.findByRole('heading', { name: 'Edit Kazan IT' });
    expect(await screen.findByText('Add a website')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Website (https)'), 'http://kazan.example');
    await userEvent.click(screen.getByRole('button', { name: 'Save the draft' }));
    const website = screen.getByLabelText('Website (https)');
    await waitFor(() => expect(website.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(String(website.getAttribute('aria-describedby')))?.textContent).toBe(
      'must be an https URL',
    );
    expect(updates[0]).toMatchObject({
      id: 'c1',
      expectedVersion: 3,
      input: { website: 'http://kazan.example', mission: { en: 'Grow' } },
    });
  });

  it('offers a claim, not the form, to a user without a privilege on a claimable cluster', async () => {
    storeSessionToken('tok');
    const client = schemaClient({
      me: () => ({ id: 'u9', grants: [] }),
      cluster: () => ({ ...cluster, claimable: true }),
    });
    renderPage(<ProfileEditPage />, { client, path: '/clusters/:slug/edit', url: '/clusters/kazan-it/edit' });
    expect(await screen.findByText('You do not manage this cluster.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save the draft' })).toBeNull();
    expect(screen.getByLabelText('Why you should manage it')).toBeTruthy();
  });
});

describe('coordination queue', () => {
  it('lists submitted profiles and publishes one with its version', async () => {
    storeSessionToken('tok');
    const published: unknown[] = [];
    const client = schemaClient({
      me: () => ({ id: 'u2', grants: [{ role: 'ECONOMY_COORDINATOR', economyCode: 'RU' }] }),
      clusters: ({ filter }: { filter: { status: string } }) => ({
        totalCount: 1,
        nodes:
          filter.status === 'SUBMITTED' && published.length === 0
            ? [{ ...cluster, name: 'Kazan IT', status: 'SUBMITTED', updatedAt: '2026-12-06T09:00:00Z' }]
            : [],
      }),
      publishCluster: (args: unknown) => {
        published.push(args);
        return { id: 'c1', status: 'PUBLISHED', version: 4 };
      },
    });
    renderPage(<CoordinationPage />, { client });
    await userEvent.click(await screen.findByRole('button', { name: 'Publish Kazan IT' }));
    expect(await screen.findByText('Kazan IT is published.')).toBeTruthy();
    expect(published[0]).toEqual({ id: 'c1', expectedVersion: 3 });
    expect(await screen.findByText('No profiles are waiting for review.')).toBeTruthy();
  });
});
