import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storeSessionToken } from '../src/apollo';
import OfferPage from '../src/features/matchmaking/offer-page';
import OffersPage from '../src/features/matchmaking/offers-page';
import PublishOfferPage from '../src/features/matchmaking/publish-offer-page';
import RequestsPage from '../src/features/matchmaking/requests-page';
import SchedulePage from '../src/features/matchmaking/schedule-page';
import SuggestionsPage from '../src/features/matchmaking/suggestions-page';
import { renderApp, renderPage, schemaClient } from './render';

const vocabulary = {
  economies: () => [
    { code: 'VN', name: 'Viet Nam' },
    { code: 'JP', name: 'Japan' },
    { code: 'CL', name: 'Chile' },
  ],
  specializations: () => [
    { code: 'ict', name: 'ICT', parent: null },
    { code: 'ict.software', name: 'Software', parent: { code: 'ict' } },
  ],
};

const cluster = (id: string, name: string, economyCode: string, status = 'PUBLISHED') => ({
  id,
  slug: id,
  name,
  economyCode,
  status,
  specializations: ['ict.software'],
});

const offer = (id: string, title: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'NEED',
  title: { en: title, ru: null },
  description: { en: `About ${title}`, ru: null },
  sectors: ['ict.software'],
  targetEconomies: ['JP'],
  deadline: '2031-03-31',
  status: 'OPEN',
  economyCode: 'VN',
  createdAt: '2030-01-05T00:00:00.000Z',
  interestCount: 2,
  cluster: cluster('c-vn', 'Saigon Software', 'VN'),
  closeReason: null,
  followerCount: 0,
  followedByMe: false,
  soughtPartner: null,
  myInterest: null,
  ...extra,
});

const conflict = (message: string, field?: string) =>
  new GraphQLError(message, { extensions: { code: 'CONFLICT', ...(field ? { field } : {}) } });

beforeEach(() => storeSessionToken('token'));
afterEach(() => vi.useRealTimers());

describe('matchmaking hub', () => {
  it('When a visitor follows the Matchmaking entry of the navigation, then the hub links its pages and lists the workshops ahead', async () => {
    storeSessionToken(null);
    const client = schemaClient({
      economies: () => [
        {
          code: 'SG',
          name: 'Singapore',
          workshops: [
            {
              id: 'w1',
              title: { en: 'Photonics B2B', ru: null },
              startsAt: '2099-05-14T01:00:00.000Z',
              endsAt: '2099-05-14T09:00:00.000Z',
              timeZone: 'Asia/Singapore',
              status: 'REGISTRATION_OPEN',
              seatsLeft: 10,
              online: false,
              venue: 'Fusionopolis',
            },
          ],
        },
      ],
    });
    renderApp('/', { client });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'Matchmaking' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Matchmaking' })).toBeTruthy();
    for (const [name, href] of [
      ['Cooperation offers', '/matchmaking/offers'],
      ['Suggested partners', '/matchmaking/suggestions'],
      ['Collaboration requests', '/matchmaking/requests'],
      ['My schedule', '/matchmaking/schedule'],
    ]) {
      expect(screen.getByRole('link', { name }).getAttribute('href')).toBe(href);
    }
    const workshops = screen.getByRole('region', { name: 'Workshops ahead' });
    expect((await within(workshops).findByRole('link', { name: 'Photonics B2B' })).getAttribute('href')).toBe(
      '/workshops/w1',
    );
    expect(workshops.textContent).toContain('(Asia/Singapore) · Registration open');
    expect(workshops.textContent).toContain('Singapore · Fusionopolis');
  });
});

describe('matchmaking in Russian', () => {
  it('When the reader chose Russian, then the hub and an offer are in Russian', async () => {
    const client = schemaClient({
      ...vocabulary,
      economies: () => [{ code: 'JP', name: 'Япония', workshops: [] }],
      cooperationOffer: () => offer('o1', 'Testers', { title: { en: 'Testers', ru: 'Ищем тестировщиков' } }),
    });
    const hub = renderApp('/matchmaking', { client, locale: 'ru' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Поиск партнёров' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Рекомендованные партнёры' })).toBeTruthy();
    expect(await screen.findByText('Семинары пока не объявлены.')).toBeTruthy();
    hub.unmount();

    renderPage(<OfferPage />, {
      client,
      locale: 'ru',
      path: '/matchmaking/offers/:id',
      url: '/matchmaking/offers/o1',
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Ищем тестировщиков' })).toBeTruthy();
    expect(screen.getByText('Потребность · Открыто')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Откликнуться' })).toBeTruthy();
  });
});

describe('offers board', () => {
  it('When the reader filters by kind, economy and target, then the API gets that filter, and "next" asks for the page after the cursor', async () => {
    const asked: any[] = [];
    const client = schemaClient({
      ...vocabulary,
      cooperationOffers: (args: any) => {
        asked.push(args);
        const second = args.after === 'cursor-1';
        return {
          totalCount: 2,
          pageInfo: { hasNextPage: !second, endCursor: second ? null : 'cursor-1' },
          nodes: [second ? offer('o2', 'Robotics partners wanted') : offer('o1', 'Software testers wanted')],
        };
      },
    });
    renderPage(<OffersPage />, { client, path: '/matchmaking/offers' });

    const card = await screen.findByRole('article', { name: 'Software testers wanted' });
    expect(within(card).getByRole('link', { name: 'Software testers wanted' }).getAttribute('href')).toBe(
      '/matchmaking/offers/o1',
    );
    expect(card.textContent).toContain('Need');
    expect(card.textContent).toContain('By Saigon Software (Viet Nam)');
    await waitFor(() => expect(card.textContent).toContain('For partners from: Japan'));
    expect(card.textContent).toContain('Sectors: Software');
    expect(screen.getByRole('heading', { name: '2 offers' })).toBeTruthy();

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Kind'), 'NEED');
    await user.selectOptions(screen.getByLabelText('Cluster’s economy'), 'VN');
    await user.selectOptions(screen.getByLabelText('Open to partners from'), 'JP');
    await user.type(screen.getByLabelText('Words'), 'software');
    await user.click(screen.getByRole('button', { name: 'Show offers' }));
    await waitFor(() =>
      expect(asked.at(-1).filter).toEqual({
        text: 'software',
        kinds: ['NEED'],
        economies: ['VN'],
        sectors: null,
        targetEconomy: 'JP',
      }),
    );

    await user.click(await screen.findByRole('button', { name: 'Next offers' }));
    expect(await screen.findByRole('article', { name: 'Robotics partners wanted' })).toBeTruthy();
    expect(asked.at(-1)).toMatchObject({ after: 'cursor-1', first: 20, filter: { kinds: ['NEED'] } });
    expect(screen.queryByRole('button', { name: 'Next offers' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Previous offers' })).toBeTruthy();
  });
});

describe('offer page', () => {
  const me = {
    id: 'u1',
    managedClusters: [cluster('c-jp', 'Kyoto Photonics', 'JP'), cluster('c-d', 'Draft', 'JP', 'DRAFT')],
  };

  it('When a signed-in manager expresses interest for one of their clusters, then the message goes with that cluster and the page shows the interest', async () => {
    const sent: any[] = [];
    let myInterest: unknown = null;
    const client = schemaClient({
      ...vocabulary,
      me: () => me,
      cooperationOffer: () => offer('o1', 'Software testers wanted', { myInterest }),
      expressInterest: ({ input }: any) => {
        sent.push(input);
        myInterest = {
          id: 'i1',
          message: input.message,
          createdAt: '2030-02-01T10:00:00.000Z',
          fromCluster: { id: 'c-jp', name: 'Kyoto Photonics' },
          offer: { id: 'o1', interestCount: 3 },
        };
        return myInterest;
      },
    });
    renderPage(<OfferPage />, { client, path: '/matchmaking/offers/:id', url: '/matchmaking/offers/o1' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Software testers wanted' })).toBeTruthy();

    const user = userEvent.setup();
    const onBehalf = screen.getByLabelText('On behalf of');
    await waitFor(() =>
      expect(within(onBehalf).getByRole('option', { name: 'Kyoto Photonics' })).toBeTruthy(),
    );
    // Only published clusters can answer an offer.
    expect(within(onBehalf).queryByRole('option', { name: 'Draft' })).toBeNull();
    await user.selectOptions(onBehalf, 'c-jp');
    await user.type(screen.getByLabelText('Your message to the cluster'), 'We test embedded software.');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect((await screen.findByRole('status')).textContent).toMatch(
      /You expressed interest for Kyoto Photonics on/,
    );
    expect(sent).toEqual([{ offerId: 'o1', fromClusterId: 'c-jp', message: 'We test embedded software.' }]);
  });

  it('When the API refuses the interest as a CONFLICT, then the typed error is told in words with the API’s reason', async () => {
    const client = schemaClient({
      ...vocabulary,
      me: () => me,
      cooperationOffer: () => offer('o1', 'Software testers wanted'),
      expressInterest: () => {
        throw conflict('You already expressed interest in cooperation offer o1');
      },
    });
    renderPage(<OfferPage />, { client, path: '/matchmaking/offers/:id', url: '/matchmaking/offers/o1' });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Your message to the cluster'), 'Hello');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('CONFLICT');
    expect(alert.textContent).toBe(
      'This was already done or is already under way.You already expressed interest in cooperation offer o1',
    );
  });

  it('When a signed-in user follows the offer, then the follow button is pressed and the count grows, and pressing again unfollows', async () => {
    let followed = false;
    const state = () => ({ id: 'o1', followerCount: followed ? 1 : 0, followedByMe: followed });
    const client = schemaClient({
      ...vocabulary,
      me: () => me,
      cooperationOffer: () => offer('o1', 'Testers', state()),
      followCooperationOffer: () => {
        followed = true;
        return state();
      },
      unfollowCooperationOffer: () => {
        followed = false;
        return state();
      },
    });
    renderPage(<OfferPage />, { client, path: '/matchmaking/offers/:id', url: '/matchmaking/offers/o1' });
    const button = await screen.findByRole('button', { name: /^Follow this offer/ });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByText('0 following')).toBeTruthy();
    await userEvent.click(button);
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('true'));
    expect(screen.getByText('1 following')).toBeTruthy();
    await userEvent.click(button);
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('false'));
  });

  it('When the offering cluster’s manager opens the offer, then the interest expressed in it is listed instead of the form', async () => {
    const interests = [
      {
        id: 'i1',
        message: 'We test embedded software.',
        createdAt: '2030-02-01T10:00:00.000Z',
        fromCluster: { id: 'c-jp', slug: 'kyoto-photonics', name: 'Kyoto Photonics' },
      },
    ];
    const client = schemaClient({
      ...vocabulary,
      me: () => me,
      cooperationOffer: () => offer('o1', 'Testers', { interests }),
    });
    renderPage(<OfferPage />, { client, path: '/matchmaking/offers/:id', url: '/matchmaking/offers/o1' });
    const section = await screen.findByRole('region', { name: 'Interest expressed (1)' });
    expect(within(section).getByRole('link', { name: 'Kyoto Photonics' }).getAttribute('href')).toBe(
      '/clusters/kyoto-photonics',
    );
    expect(section.textContent).toContain('We test embedded software.');
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
  });

  it('When nobody is signed in, then the page asks to sign in instead of the form', async () => {
    storeSessionToken(null);
    renderPage(<OfferPage />, {
      client: schemaClient({ ...vocabulary, cooperationOffer: () => offer('o1', 'Software testers wanted') }),
      path: '/matchmaking/offers/:id',
      url: '/matchmaking/offers/o1',
    });
    const section = await screen.findByRole('region', { name: 'Express interest' });
    expect(section.textContent).toContain('Sign in to express interest in this offer.');
    expect(within(section).queryByRole('button', { name: 'Send' })).toBeNull();
  });
});

describe('publishing an offer', () => {
  it('When a field is refused, then its reason shows next to it', async () => {
    const sent: any[] = [];
    const client = schemaClient({
      ...vocabulary,
      me: () => ({ id: 'u1', managedClusters: [cluster('c-vn', 'Saigon Software', 'VN')] }),
      publishCooperationOffer: ({ input }: any) => {
        sent.push(input);
        throw new GraphQLError('Invalid input', {
          extensions: {
            code: 'BAD_USER_INPUT',
            problems: [{ field: 'title.en', reason: 'must not be empty' }],
          },
        });
      },
    });
    renderPage(<PublishOfferPage />, { client, path: '/matchmaking/offers/new' });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Kind'), 'PROJECT');
    await user.type(screen.getByLabelText('Description (English)'), 'A joint AI project');
    await user.selectOptions(screen.getByLabelText(/^Open to partners from/), ['JP', 'CL']);
    await user.click(screen.getByRole('button', { name: 'Publish the offer' }));

    const title = screen.getByLabelText('Title (English)');
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(title.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'must not be empty',
    );
    expect(screen.getByRole('alert').textContent).toBe('Please correct the fields marked below.');
    expect(sent[0]).toMatchObject({
      clusterId: 'c-vn',
      kind: 'PROJECT',
      description: { en: 'A joint AI project', ru: null },
      targetEconomies: ['JP', 'CL'],
      deadline: null,
    });
  });
});

const criteria = [
  { name: 'specialization', weight: 0.3, value: 1, contribution: 0.3, reason: 'both in Software' },
  { name: 'valueChain', weight: 0.15, value: 0, contribution: 0, reason: 'no supplier links' },
  { name: 'destinationInterest', weight: 0.15, value: 0.5, contribution: 0.075, reason: 'you want JP' },
  { name: 'openOffers', weight: 0.15, value: 0, contribution: 0, reason: 'no open offers meet' },
  { name: 'languages', weight: 0.1, value: 1, contribution: 0.1, reason: 'both speak en' },
  { name: 'timeZone', weight: 0.05, value: 0.83, contribution: 0.0415, reason: '2 h apart' },
  { name: 'freshness', weight: 0.1, value: 1, contribution: 0.1, reason: 'updated this month' },
];

describe('suggestions', () => {
  const me = () => ({
    id: 'u1',
    managedClusters: [
      {
        ...cluster('c-vn', 'Saigon Software', 'VN'),
        suggestedPartners: [{ score: 0.6165, criteria, cluster: cluster('c-jp', 'Kyoto Photonics', 'JP') }],
      },
      { ...cluster('c-d', 'Hanoi Draft', 'VN', 'SUBMITTED'), suggestedPartners: [] },
    ],
  });

  it('When a manager opens suggestions, then each criterion is told in words with its contribution, and a request can be sent from the suggestion', async () => {
    const sent: any[] = [];
    const client = schemaClient({
      ...vocabulary,
      me,
      cluster: ({ id }: { id: string }) => me().managedClusters.find((c) => c.id === id),
      requestMatch: ({ input }: any) => {
        sent.push(input);
        return {
          id: 'r1',
          fromClusterId: input.fromClusterId,
          toClusterId: input.toClusterId,
          fromCluster: cluster('c-vn', 'Saigon Software', 'VN'),
          toCluster: cluster('c-jp', 'Kyoto Photonics', 'JP'),
          message: input.message,
          status: 'PENDING',
          createdAt: '2030-02-01T00:00:00.000Z',
          expiresAt: '2030-02-15T00:00:00.000Z',
          decidedAt: null,
          reply: null,
        };
      },
    });
    renderPage(<SuggestionsPage />, { client, path: '/matchmaking/suggestions' });

    const card = await screen.findByRole('article', { name: 'Kyoto Photonics' });
    expect(card.textContent).toContain('Score 0.62');
    const why = within(card).getByRole('list', { name: 'Why Kyoto Photonics is suggested' });
    const lines = within(why)
      .getAllByRole('listitem')
      .map((li) => li.textContent?.trim());
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('Specialization: 0.30 of the score (1.00 met × weight 0.30) — both in Software');
    expect(lines[2]).toBe('Destination interest: 0.08 of the score (0.50 met × weight 0.15) — you want JP');
    expect(lines[6]).toBe(
      'Profile freshness: 0.10 of the score (1.00 met × weight 0.10) — updated this month',
    );
    expect(screen.getByRole('region', { name: 'For Hanoi Draft' }).textContent).toContain(
      'Partners are suggested once the cluster is published.',
    );

    const user = userEvent.setup();
    await user.type(within(card).getByLabelText('Message to Kyoto Photonics (optional)'), 'Shall we talk?');
    await user.click(within(card).getByRole('button', { name: 'Send a request to Kyoto Photonics' }));
    expect((await within(card).findByRole('status')).textContent).toMatch(
      /^Request sent to Kyoto Photonics: it waits for their answer until /,
    );
    expect(sent).toEqual([{ fromClusterId: 'c-vn', toClusterId: 'c-jp', message: 'Shall we talk?' }]);
  });

  it('When a request between the two is already pending, then the CONFLICT is shown on that suggestion', async () => {
    const client = schemaClient({
      ...vocabulary,
      me,
      cluster: ({ id }: { id: string }) => me().managedClusters.find((c) => c.id === id),
      requestMatch: () => {
        throw conflict('A match request between clusters c-vn and c-jp is already pending', 'toClusterId');
      },
    });
    renderPage(<SuggestionsPage />, { client, path: '/matchmaking/suggestions' });
    const card = await screen.findByRole('article', { name: 'Kyoto Photonics' });
    await userEvent.click(within(card).getByRole('button', { name: 'Send a request to Kyoto Photonics' }));
    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain('This was already done or is already under way.');
    expect(alert.textContent).toContain('already pending');
  });
});

describe('requests inbox', () => {
  const request = (id: string, from: string, to: string, status = 'PENDING') => ({
    id,
    fromClusterId: from,
    toClusterId: to,
    fromCluster: cluster(from, from === 'c-vn' ? 'Saigon Software' : 'Kyoto Photonics', 'VN'),
    toCluster: cluster(to, to === 'c-vn' ? 'Saigon Software' : 'Kyoto Photonics', 'JP'),
    message: 'Shall we talk?',
    status,
    createdAt: `2030-02-0${id.slice(-1)}T00:00:00.000Z`,
    expiresAt: '2030-02-15T00:00:00.000Z',
    decidedAt: status === 'PENDING' ? null : '2030-02-03T00:00:00.000Z',
    reply: null,
  });

  it('When a manager accepts a received request, then it is accepted with the reply and sent requests can be withdrawn', async () => {
    let incoming = request('r1', 'c-jp', 'c-vn');
    const accepted: any[] = [];
    const client = schemaClient({
      me: () => ({ id: 'u1', managedClusters: [cluster('c-vn', 'Saigon Software', 'VN')] }),
      cluster: ({ id }: { id: string }) => ({ id, matches: [incoming, request('r2', 'c-vn', 'c-cl')] }),
      acceptMatchRequest: (args: any) => {
        accepted.push(args);
        incoming = {
          ...incoming,
          status: 'ACCEPTED',
          reply: args.message,
          decidedAt: '2030-02-04T00:00:00.000Z',
        };
        return incoming;
      },
    });
    renderPage(<RequestsPage />, { client, path: '/matchmaking/requests' });

    // Named with their cluster: a manager of several clusters has a Received and a Sent list for each.
    const received = await screen.findByRole('region', { name: 'Received Saigon Software' });
    const sent = screen.getByRole('region', { name: 'Sent Saigon Software' });
    expect(
      within(sent).getByRole('button', { name: 'Withdraw the request to Kyoto Photonics' }),
    ).toBeTruthy();
    expect(received.textContent).toContain('Waiting for an answer');

    const user = userEvent.setup();
    await user.type(within(received).getByLabelText('Your reply or reason (optional)'), 'Gladly');
    await user.click(
      within(received).getByRole('button', { name: 'Accept the request from Kyoto Photonics' }),
    );

    await waitFor(() => expect(received.textContent).toContain('Accepted'));
    expect(received.textContent).toContain('Reply: Gladly');
    expect(accepted).toEqual([{ id: 'r1', message: 'Gladly' }]);
    expect(within(received).queryByRole('button', { name: /Accept/ })).toBeNull();
  });

  it('When the request expired meanwhile, then declining shows the INVALID_STATE error in words', async () => {
    const client = schemaClient({
      me: () => ({ id: 'u1', managedClusters: [cluster('c-vn', 'Saigon Software', 'VN')] }),
      cluster: ({ id }: { id: string }) => ({ id, matches: [request('r1', 'c-jp', 'c-vn')] }),
      declineMatchRequest: () => {
        throw new GraphQLError('Cannot decline this match request: match request r1 expired', {
          extensions: { code: 'INVALID_STATE', status: 'EXPIRED' },
        });
      },
    });
    renderPage(<RequestsPage />, { client, path: '/matchmaking/requests' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Decline the request from Kyoto Photonics' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('INVALID_STATE');
    expect(alert.textContent).toBe(
      'This is no longer possible.Cannot decline this match request: match request r1 expired',
    );
  });
});

describe('my schedule', () => {
  // The reader's browser is in Tokyo; the workshop is announced in Singapore's time.
  beforeEach(() => {
    const real = Intl.DateTimeFormat.prototype.resolvedOptions;
    vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (
      this: Intl.DateTimeFormat,
    ) {
      return { ...real.call(this), timeZone: 'Asia/Tokyo' };
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('When a participant opens the schedule, then workshops and meetings show in their zone with the workshop’s zone beside, and a started meeting takes an outcome', async () => {
    const recorded: any[] = [];
    const asked: any[] = [];
    let outcome: string | null = null;
    const meeting = () => ({
      id: 'm1',
      status: 'ACCEPTED',
      note: null,
      requesterOutcome: outcome,
      requestedOutcome: null,
      requester: { id: 'p1', name: 'Lan', organization: 'Mekong Agritech', economyCode: 'VN' },
      requested: { id: 'p2', name: 'Aiko', organization: 'Kyoto Photonics', economyCode: 'JP' },
    });
    const workshop = (id: string, title: string, myRegistration: unknown) => ({
      id,
      title: { en: title, ru: null },
      startsAt: '2030-05-14T01:00:00.000Z',
      endsAt: '2030-05-14T09:00:00.000Z',
      timeZone: 'Asia/Singapore',
      status: 'REGISTRATION_OPEN',
      online: false,
      venue: 'Fusionopolis',
      myRegistration,
    });
    const client = schemaClient({
      myWorkshopRegistrations: () => [
        { id: 'p1', status: 'REGISTERED', timeZone: 'Asia/Tokyo', workshop: workshop('w1', 'Photonics B2B', null) },
      ],
      workshop: ({ id }: { id: string }) => workshop(id, 'Photonics B2B', null),
      myWorkshopSchedule: (args: any) => {
        asked.push(args);
        return {
          timeZone: args.timeZone,
          participant: { id: 'p1' },
          meetings: [
            {
              meeting: meeting(),
              with: { id: 'p2', name: 'Aiko', organization: 'Kyoto Photonics', economyCode: 'JP' },
              place: {
                startsAt: '2030-05-14T02:00:00.000Z',
                endsAt: '2030-05-14T02:25:00.000Z',
                localStartsAt: '2030-05-14T11:00:00+09:00',
                localEndsAt: '2030-05-14T11:25:00+09:00',
                timeZone: args.timeZone,
                table: 3,
                onlineLink: null,
              },
            },
          ],
          unscheduled: [],
        };
      },
      myMeetingRequests: () => [],
      recordMeetingOutcome: (args: any) => {
        recorded.push(args);
        outcome = args.outcome;
        return meeting();
      },
    });
    // The meeting has started.
    vi.useFakeTimers({ now: new Date('2030-05-14T03:00:00.000Z'), toFake: ['Date'] });
    renderPage(<SchedulePage />, { client, path: '/matchmaking/schedule' });

    const section = await screen.findByRole('region', { name: 'Photonics B2B' });
    expect(
      screen.getByText('Times in your time zone (Asia/Tokyo); the workshop’s own time is shown beside them.'),
    ).toBeTruthy();
    // 01:00–09:00 UTC is 10:00–18:00 in Tokyo and 09:00–17:00 in Singapore.
    const times =
      within(section)
        .getAllByText(/\(Asia\/Tokyo\)/)[0]
        ?.closest('p')?.textContent ?? '';
    expect(times).toMatch(/10:00\s*AM\s*–\s*6:00\s*PM.*\(Asia\/Tokyo\)/);
    expect(times).toMatch(/Workshop time: .*9:00\s*AM\s*–\s*5:00\s*PM.*\(Asia\/Singapore\)/);

    const heading = await within(section).findByRole('heading', { name: 'With Aiko (Kyoto Photonics)' });
    const card = heading.closest('article') as HTMLElement;
    expect(card.textContent).toMatch(/11:00\s*–\s*11:25\s*AM.*\(Asia\/Tokyo\)/);
    expect(card.textContent).toMatch(/Workshop time: .*10:00\s*–\s*10:25\s*AM.*\(Asia\/Singapore\)/);
    expect(card.textContent).toContain('Table 3');
    expect(asked).toEqual([{ workshopId: 'w1', timeZone: 'Asia/Tokyo' }]);

    const user = userEvent.setup();
    await user.selectOptions(
      within(card).getByLabelText('What came of the meeting with Aiko (Kyoto Photonics)?'),
      'NO_COOPERATION_PLANNED',
    );
    await user.click(within(card).getByRole('button', { name: 'Record' }));
    expect((await within(card).findByRole('status')).textContent).toBe(
      'You recorded: No cooperation planned.',
    );
    expect(recorded).toEqual([{ meetingId: 'm1', outcome: 'NO_COOPERATION_PLANNED' }]);
  });

  it('When the participant registered for workshops beyond the first 50 of each economy, then the schedule shows each of them in the API’s order (upcoming first)', async () => {
    const asked: unknown[] = [];
    const workshop = (id: string, title: string, startsAt: string) => ({
      id,
      title: { en: title, ru: null },
      startsAt,
      endsAt: startsAt.replace('T01:', 'T09:'),
      timeZone: 'Asia/Singapore',
      status: 'REGISTRATION_OPEN',
      online: true,
      venue: null,
    });
    const mine = [
      workshop('w-soon', 'Soon in Chile', '2030-03-01T01:00:00.000Z'),
      workshop('w-later', 'Later in Singapore', '2030-09-01T01:00:00.000Z'),
      workshop('w-held', 'Held in Viet Nam', '2029-01-01T01:00:00.000Z'),
    ];
    // Every economy has 50 workshops ahead of these, none of them the participant's.
    const others = Array.from({ length: 50 }, (_, i) => ({
      ...workshop(`other-${i}`, `Other ${i}`, '2029-06-01T01:00:00.000Z'),
      myRegistration: null,
    }));
    const client = schemaClient({
      economies: () => ['CL', 'SG', 'VN'].map((code) => ({ code, workshops: others })),
      myWorkshopRegistrations: (args: unknown) => {
        asked.push(args);
        return mine.map((w, i) => ({ id: `p${i}`, status: i === 1 ? 'PENDING' : 'REGISTERED', workshop: w }));
      },
      workshop: ({ id }: { id: string }) => mine.find((w) => w.id === id),
      myWorkshopSchedule: ({ workshopId }: { workshopId: string }) => ({
        timeZone: 'Asia/Tokyo',
        participant: { id: `me-${workshopId}` },
        meetings: [],
        unscheduled: [],
      }),
      myMeetingRequests: () => [],
    });
    renderPage(<SchedulePage />, { client, path: '/matchmaking/schedule' });

    await screen.findByRole('region', { name: 'Held in Viet Nam' });
    const titles = screen.getAllByRole('region').map((r) => within(r).getByRole('heading', { level: 2 }).textContent);
    expect(titles).toEqual(['Soon in Chile', 'Later in Singapore', 'Held in Viet Nam']);
    expect(
      within(screen.getByRole('region', { name: 'Soon in Chile' }))
        .getByRole('link', { name: 'Soon in Chile' })
        .getAttribute('href'),
    ).toBe('/workshops/w-soon');
    expect(asked).toEqual([{ first: 50 }]);
  });

  it('When the participant has no registration, then the schedule says so and links to the workshops ahead', async () => {
    const client = schemaClient({ myWorkshopRegistrations: () => [] });
    renderPage(<SchedulePage />, { client, path: '/matchmaking/schedule' });

    expect(await screen.findByText(/You are not registered for any workshop\./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See the workshops ahead' }).getAttribute('href')).toBe('/matchmaking');
  });
});
