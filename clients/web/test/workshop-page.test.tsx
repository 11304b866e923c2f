import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { storeSessionToken } from '../src/apollo';
import WorkshopRoute from '../src/features/matchmaking/workshop-page';
import { renderPage, schemaClient } from './render';

const workshop = (myRegistration: unknown = null) => ({
  id: 'w1',
  title: { en: 'Cluster B2B week', ru: 'Неделя B2B кластеров' },
  hostEconomy: { code: 'VN', name: 'Viet Nam' },
  startsAt: '2026-05-12T02:00:00.000Z',
  endsAt: '2026-05-14T10:00:00.000Z',
  timeZone: 'Asia/Ho_Chi_Minh',
  venue: 'Da Nang',
  online: false,
  capacity: 120,
  status: 'REGISTRATION_OPEN',
  participantCount: 20,
  seatsLeft: 100,
  agenda: [{ startsAt: '2026-05-12T02:00:00.000Z', endsAt: null, title: { en: 'Opening', ru: 'Открытие' } }],
  myRegistration,
});

function show(resolvers: Record<string, unknown>, locale: 'en' | 'ru' = 'en') {
  const client = schemaClient({ economies: () => [{ code: 'VN', name: 'Viet Nam' }], ...resolvers });
  return renderPage(<WorkshopRoute />, { client, locale, path: '/workshops/:id', url: '/workshops/w1' });
}

describe('WorkshopPage', () => {
  it('When a visitor opens a workshop, then its host, times in its own zone, seats and agenda show, and registering asks to sign in', async () => {
    show({ workshop: () => workshop() });

    expect(await screen.findByRole('heading', { level: 1, name: 'Cluster B2B week' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Viet Nam' }).getAttribute('href')).toBe('/economies/VN');
    expect(screen.getByText('When (Asia/Ho_Chi_Minh)')).toBeTruthy();
    expect(screen.getByText('100 of 120 seats left')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Agenda' }).textContent).toContain('Opening');
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/account');
    expect(screen.queryByRole('button', { name: 'Register' })).toBeNull();
  });

  it('When a signed-in participant registers, then the form sends their answers with consent and the page shows the registration', async () => {
    storeSessionToken('token');
    const sent: any[] = [];
    let mine: unknown = null;
    show({
      workshop: () => workshop(mine),
      registerForWorkshop: ({ input }: { input: any }) => {
        sent.push(input);
        mine = {
          id: 'p1',
          status: 'REGISTERED',
          registeredAt: '2026-04-01T08:00:00.000Z',
          timeZone: input.timeZone,
        };
        return mine;
      },
    });
    await screen.findByRole('heading', { level: 1, name: 'Cluster B2B week' });

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Lan Nguyen');
    await user.type(screen.getByLabelText('Organization'), 'Mekong Agritech');
    await user.type(screen.getByLabelText('E-mail'), 'lan@example.org');
    await user.selectOptions(screen.getByLabelText('Economy'), 'VN');
    await user.selectOptions(screen.getByLabelText('Gender'), 'FEMALE');
    await user.selectOptions(screen.getByLabelText('Sector'), 'PRIVATE');
    await user.click(screen.getByLabelText(/I agree/));
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect((await screen.findByRole('status')).textContent).toContain('You are registered');
    expect(sent).toEqual([
      expect.objectContaining({
        workshopId: 'w1',
        name: 'Lan Nguyen',
        organization: 'Mekong Agritech',
        email: 'lan@example.org',
        economy: 'VN',
        gender: 'FEMALE',
        sector: 'PRIVATE',
        consent: true,
        listed: false,
        consentTextVersion: expect.any(String),
        timeZone: expect.any(String),
      }),
    ]);
    expect(screen.getByRole('button', { name: 'Give my seat back' })).toBeTruthy();
  });

  it('When the API refuses fields, then each error shows next to its field and the field is marked invalid', async () => {
    storeSessionToken('token');
    show({
      workshop: () => workshop(),
      registerForWorkshop: () => {
        throw new GraphQLError('Invalid email: must be an e-mail address', {
          extensions: {
            code: 'BAD_USER_INPUT',
            field: 'email',
            problems: [
              { field: 'email', reason: 'must be an e-mail address' },
              { field: 'consent', reason: 'must be true: nothing is registered without consent' },
            ],
          },
        });
      },
    });
    await screen.findByRole('heading', { level: 1, name: 'Cluster B2B week' });

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('E-mail'), 'not-an-address');
    await user.click(screen.getByRole('button', { name: 'Register' }));
    // Gender and sector are checked before sending.
    expect(screen.getByLabelText('Gender').getAttribute('aria-invalid')).toBe('true');
    await user.selectOptions(screen.getByLabelText('Gender'), 'MALE');
    await user.selectOptions(screen.getByLabelText('Sector'), 'PUBLIC');
    await user.click(screen.getByRole('button', { name: 'Register' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Please correct the fields marked below.');
    const email = screen.getByLabelText('E-mail');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(email.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'must be an e-mail address',
    );
    const consent = screen.getByLabelText(/I agree/);
    expect(
      within(consent.closest('.field') as HTMLElement).getByText(/nothing is registered without consent/),
    ).toBeTruthy();
  });

  it('When the page is in Russian, then the workshop and labels are Russian', async () => {
    show({ workshop: () => workshop() }, 'ru');

    expect(await screen.findByRole('heading', { level: 1, name: 'Неделя B2B кластеров' })).toBeTruthy();
    expect(screen.getByText('Свободно мест: 100 из 120')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Программа' }).textContent).toContain('Открытие');
  });
});
