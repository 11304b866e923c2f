import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { storeSessionToken } from '../src/apollo';
import { cluster, root } from './profile.fixture';
import { renderApp, schemaClient } from './render';

// The profile's "message this cluster" and, for those who act for the cluster, its suggested partners.
const partner = (id: string, name: string, score: number) => ({
  score,
  criteria: [],
  cluster: { id, slug: id, name, economyCode: 'VN', economy: { code: 'VN', name: 'Viet Nam' } },
});
const withPartners = {
  ...cluster,
  suggestedPartners: ({ first }: { first: number }) =>
    [
      partner('hanoi-soft', 'Hanoi Software', 0.81),
      partner('danang-ai', 'Da Nang AI', 0.6),
      partner('hue-it', 'Hue IT', 0.4),
    ].slice(0, first),
};
const api = (grants: unknown[], extra: Record<string, unknown> = {}) => ({
  ...root,
  cluster: ({ slug, id }: { slug?: string; id?: string }) =>
    slug === 'kazan-it' || id === 'c1' ? withPartners : null,
  me: () => ({ id: 'u1', grants }),
  ...extra,
});
const contacts = async () => screen.findByRole('region', { name: 'Contacts' });

describe('Cluster profile: message this cluster', () => {
  afterEach(() => storeSessionToken(null));

  it('When a visitor reads the profile, then Contacts leads to logging in and there is no form nor suggested partners', async () => {
    renderApp('/clusters/kazan-it', { client: schemaClient(api([])) });
    const section = await contacts();
    expect(
      within(section)
        .getByRole('link', { name: /Log in to edit, claim or message this cluster/ })
        .getAttribute('href'),
    ).toBe('/account');
    expect(within(section).queryByRole('button', { name: 'Send the message' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Suggested partners' })).toBeNull();
  });

  it('When a signed-in member writes to the cluster, then the managers get the subject and message and the form says it is sent', async () => {
    storeSessionToken('token');
    const sent: unknown[] = [];
    const messageCluster = (args: unknown) => {
      sent.push(args);
      return true;
    };
    renderApp('/clusters/kazan-it', { client: schemaClient(api([], { messageCluster })) });
    const form = await screen.findByRole('form', { name: 'Message this cluster' });
    await userEvent.type(within(form).getByLabelText('Subject'), 'Joint lab');
    await userEvent.type(within(form).getByLabelText('Message'), 'Shall we talk in Hanoi?');
    await userEvent.click(within(form).getByRole('button', { name: 'Send the message' }));
    expect((await within(form).findByRole('status')).textContent).toBe(
      'Your message is sent to the cluster managers.',
    );
    expect(sent).toEqual([{ clusterId: 'c1', subject: 'Joint lab', body: 'Shall we talk in Hanoi?' }]);
    // A member does not act for the cluster: no suggestions.
    expect(screen.queryByRole('heading', { name: 'Suggested partners' })).toBeNull();
  });

  it('When the API refuses the subject, then its reason shows at the subject field', async () => {
    storeSessionToken('token');
    const messageCluster = () => {
      throw new GraphQLError('subject: at most 20 messages per sender per hour', {
        extensions: { code: 'RATE_LIMITED', field: 'subject' },
      });
    };
    renderApp('/clusters/kazan-it', { client: schemaClient(api([], { messageCluster })) });
    const form = await screen.findByRole('form', { name: 'Message this cluster' });
    await userEvent.type(within(form).getByLabelText('Subject'), 'Again');
    await userEvent.type(within(form).getByLabelText('Message'), 'Hello');
    await userEvent.click(within(form).getByRole('button', { name: 'Send the message' }));
    await within(form).findByText('subject: at most 20 messages per sender per hour');
    expect(within(form).getByLabelText('Subject').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).queryByRole('status')).toBeNull();
  });
});

describe('Cluster profile: suggested partners for those who act for it', () => {
  afterEach(() => storeSessionToken(null));

  it('When its manager reads the profile, then the three best partners show with their scores and the way to all suggestions', async () => {
    storeSessionToken('token');
    renderApp('/clusters/kazan-it', {
      client: schemaClient(api([{ role: 'CLUSTER_MANAGER', clusterId: 'c1', economyCode: null }])),
    });
    const section = await screen.findByRole('region', { name: 'Suggested partners' });
    const items = await within(section).findAllByRole('listitem');
    expect(items.map((li) => li.textContent?.replace(/\s+/g, ' '))).toEqual([
      'Hanoi Software · Viet Nam · score 0.81',
      'Da Nang AI · Viet Nam · score 0.60',
      'Hue IT · Viet Nam · score 0.40',
    ]);
    expect(within(section).getByRole('link', { name: 'Hanoi Software' }).getAttribute('href')).toBe(
      '/clusters/hanoi-soft',
    );
    expect(
      within(section)
        .getByRole('link', { name: /Every suggestion/ })
        .getAttribute('href'),
    ).toBe('/matchmaking/suggestions');
  });

  it('When a manager of another cluster reads the profile, then no suggestions show', async () => {
    storeSessionToken('token');
    renderApp('/clusters/kazan-it', {
      client: schemaClient(api([{ role: 'CLUSTER_MANAGER', clusterId: 'c2', economyCode: null }])),
    });
    await screen.findByRole('form', { name: 'Message this cluster' });
    await new Promise((r) => setTimeout(r, 50)); // the viewer's grants have arrived
    expect(screen.queryByRole('region', { name: 'Suggested partners' })).toBeNull();
  });
});
