import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { signIn } from '../scripts/accounts.mjs';
import { password, startWebStack, type WebStack } from './web-harness.js';

// Matchmaking in Debian's chromium against the real platform: the built web client served by `vite preview` on
// 127.0.0.1:6773, a stack on port offset 1800 (webm_* databases, h10. topics). A participant in Tokyo registers for
// a workshop announced in Singapore's time and finds it, and a B2B meeting, in their schedule in both zones; a
// manager answers another economy's offer and sends a request from a suggestion, which the other side accepts.
let s: WebStack;
const run = Date.now().toString(36);

beforeAll(async () => {
  s = await startWebStack({
    portOffset: 1800,
    databasePrefix: 'webm',
    topicPrefix: 'h10.',
    previewPort: 6773,
  });
}, 240_000);

afterAll(async () => {
  await s?.stop();
});

async function tokenOf(email: string): Promise<string> {
  return (await signIn(s.gateway, { email, password })).accessToken as string;
}

/** Polls a GraphQL read until `ready` holds (the matchmaking service learns of clusters from Kafka). */
async function eventually<T>(read: () => Promise<T>, ready: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A published cluster managed by a new user; returns the cluster and the manager's e-mail and fresh token. */
async function managedCluster(name: string, economyCode: string, destinations: string[]) {
  const manager = await s.newUser(`manager-${economyCode.toLowerCase()}`);
  const { registerCluster } = await s.gql(
    'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id slug } }',
    {
      input: {
        name: { en: name },
        economyCode,
        specializations: ['ict.software'],
        partnershipDestinations: destinations,
        location: economyCode === 'VN' ? { lat: 10.78, lng: 106.7 } : { lat: 34.69, lng: 135.5 },
      },
    },
    await tokenOf(manager.email),
  );
  await s.gql('mutation($id: ID!) { publishCluster(id: $id) { status } }', { id: registerCluster.id }, s.secretariatToken);
  // A fresh token carries the new cluster-manager grant.
  return { ...(registerCluster as { id: string; slug: string }), email: manager.email, token: await tokenOf(manager.email) };
}

async function contextPage(options: { timezoneId?: string; width?: number } = {}): Promise<Page> {
  const context = await s.browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: 'en-US',
    timezoneId: options.timezoneId ?? 'UTC',
  });
  return context.newPage();
}

/** "11:00" (12-hour clock, no day period: a range shows it once, at its end) in a zone. */
function clock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone })
    .formatToParts(new Date(iso))
    .filter((p) => p.type === 'hour' || p.type === 'minute' || p.type === 'literal')
    .map((p) => p.value)
    .join('')
    .trim();
}
const spaced = (text: string | null) => (text ?? '').replace(/\s/g, ' ');

describe('matchmaking in a real browser', () => {
  it('When a participant in Tokyo registers for a workshop in Singapore, then their schedule shows it and its meeting in both zones', async () => {
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const title = `Photonics B2B week ${run}`;
    const { scheduleWorkshop } = await s.gql(
      'mutation($input: ScheduleWorkshopInput!) { scheduleWorkshop(input: $input) { id } }',
      {
        input: {
          title: { en: title },
          hostEconomy: 'SG',
          startsAt: `${day}T09:00:00+08:00`,
          endsAt: `${day}T17:00:00+08:00`,
          timeZone: 'Asia/Singapore',
          venue: 'Fusionopolis, Singapore',
          capacity: 50,
          agenda: [{ startsAt: `${day}T09:00:00+08:00`, title: { en: 'Opening' } }],
          meetingSettings: {
            slotMinutes: 30,
            breakMinutes: 0,
            sessions: [{ startsAt: `${day}T10:00:00+08:00`, endsAt: `${day}T12:00:00+08:00` }],
            tables: 4,
          },
        },
      },
      s.secretariatToken,
    );
    const workshopId = scheduleWorkshop.id as string;
    await s.gql(
      'mutation($id: ID!) { setWorkshopStatus(workshopId: $id, status: REGISTRATION_OPEN) { status } }',
      { id: workshopId },
      s.secretariatToken,
    );

    // The participant registers in the browser, listed in the directory so others can ask to meet.
    const participant = await s.newUser('participant');
    const page = await contextPage({ timezoneId: 'Asia/Tokyo' });
    await s.logIn(page, participant.email);
    await page.goto(`${s.web}/workshops/${workshopId}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Aiko Tanaka');
    await page.getByLabel('Organization', { exact: true }).fill('Kyoto Photonics');
    await page.getByLabel('E-mail', { exact: true }).fill(participant.email);
    await page.getByLabel('Economy', { exact: true }).selectOption('JP');
    await page.getByLabel('Gender', { exact: true }).selectOption('FEMALE');
    await page.getByLabel('Sector', { exact: true }).selectOption('PRIVATE');
    await page.getByLabel(/Show me in the participants/).check();
    await page.getByLabel(/I agree/).check();
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText(/^You are registered/).waitFor();
    await s.screenshot(page, 'workshop');

    // Another participant asks for a meeting; the first accepts it on the schedule, the host places it.
    const other = await s.newUser('other');
    const otherToken = await tokenOf(other.email);
    await s.gql(
      'mutation($input: RegisterForWorkshopInput!) { registerForWorkshop(input: $input) { id } }',
      {
        input: {
          workshopId,
          name: 'Minh Tran',
          organization: 'Saigon Software',
          email: other.email,
          economy: 'VN',
          gender: 'MALE',
          sector: 'PRIVATE',
          consent: true,
          consentTextVersion: 'workshop-registration-2026-12',
          listed: true,
          timeZone: 'Asia/Ho_Chi_Minh',
        },
      },
      otherToken,
    );
    const { workshop } = await s.gql(
      'query($id: ID!) { workshop(id: $id) { participants { id email timeZone } } }',
      { id: workshopId },
      s.secretariatToken,
    );
    const registration = workshop.participants.find((p: { email: string }) => p.email === participant.email);
    // The browser's zone went with the registration.
    expect(registration.timeZone).toBe('Asia/Tokyo');
    await s.gql(
      'mutation($input: RequestMeetingInput!) { requestMeeting(input: $input) { id } }',
      { input: { workshopId, withParticipantId: registration.id, note: 'Photonics for software testing?' } },
      otherToken,
    );

    await page.getByRole('link', { name: 'Matchmaking' }).click();
    await page.getByRole('link', { name: 'My schedule' }).click();
    const section = page.getByRole('region', { name: title });
    await section.waitFor();
    // 09:00–17:00 in Singapore is 10:00–18:00 in Tokyo.
    const times = spaced(await section.locator('.matchmaking__times').first().textContent());
    expect(times).toContain('(Asia/Tokyo)');
    expect(times).toMatch(/10:00 AM.*6:00 PM.*\(Asia\/Tokyo\).*Workshop time: .*9:00 AM.*5:00 PM.*\(Asia\/Singapore\)/);
    await section.getByRole('button', { name: 'Accept the meeting with Minh Tran (Saigon Software)' }).click();
    await section.getByText(/Minh Tran \(Saigon Software\) asks to meet you · Accepted/).waitFor();
    const run1 = await s.gql('mutation($id: ID!) { scheduleMeetings(workshopId: $id) { placed } }', { id: workshopId }, s.secretariatToken);
    expect(run1.scheduleMeetings.placed).toBe(1);

    await page.reload();
    const meeting = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'With Minh Tran (Saigon Software)' }) });
    await meeting.waitFor();
    const { myWorkshopSchedule } = await s.gql(
      'query($id: ID!) { myWorkshopSchedule(workshopId: $id) { meetings { place { startsAt table } } } }',
      { id: workshopId },
      await tokenOf(participant.email),
    );
    const place = myWorkshopSchedule.meetings[0].place;
    const text = spaced(await meeting.textContent());
    const [mine, theirs] = text.split('Workshop time: ');
    expect(mine).toContain(`${clock(place.startsAt, 'Asia/Tokyo')} – `);
    expect(mine).toContain('(Asia/Tokyo)');
    expect(theirs).toContain(`${clock(place.startsAt, 'Asia/Singapore')} – `);
    expect(theirs).toContain('(Asia/Singapore)');
    expect(text).toContain(`Table ${place.table}`);
    await s.screenshot(page, 'schedule');
  }, 240_000);

  it('When a manager answers an offer and sends a request from a suggestion, then the other side sees both and accepts the request', async () => {
    const saigon = await managedCluster(`Saigon Software ${run}`, 'VN', ['JP']);
    const osaka = await managedCluster(`Osaka Embedded ${run}`, 'JP', ['VN']);
    await eventually(
      () =>
        s.gql('query($id: ID!) { cluster(id: $id) { suggestedPartners { cluster { id } } } }', { id: saigon.id }, saigon.token),
      (d) => d.cluster.suggestedPartners.some((p: { cluster: { id: string } }) => p.cluster.id === osaka.id),
      'the suggestion of the Osaka cluster',
    );
    const offerTitle = `Embedded software testers wanted ${run}`;
    const { publishCooperationOffer } = await s.gql(
      'mutation($input: PublishCooperationOfferInput!) { publishCooperationOffer(input: $input) { id } }',
      {
        input: {
          clusterId: osaka.id,
          kind: 'NEED',
          title: { en: offerTitle },
          description: { en: 'Test labs for automotive embedded software, in Viet Nam or elsewhere.' },
          sectors: ['ict.software'],
          targetEconomies: ['VN'],
        },
      },
      osaka.token,
    );

    // The Saigon manager finds the offer on the board, filtered by the offering economy, and answers it.
    const page = await contextPage();
    await s.logIn(page, saigon.email);
    await page.getByRole('link', { name: 'Matchmaking' }).click();
    await page.getByRole('link', { name: 'Cooperation offers' }).click();
    await page.getByLabel('Cluster’s economy').selectOption('JP');
    await page.getByLabel('Open to partners from').selectOption('VN');
    await page.getByRole('button', { name: 'Show offers' }).click();
    await page.waitForURL(/economy=JP/);
    const card = page.getByRole('article', { name: offerTitle });
    await card.waitFor();
    expect(spaced(await card.textContent())).toContain(`By Osaka Embedded ${run} (Japan)`);
    await s.screenshot(page, 'matchmaking-offers');
    await card.getByRole('link', { name: offerTitle }).click();
    await page.getByRole('heading', { level: 1, name: offerTitle }).waitFor();
    await page.getByLabel('On behalf of').selectOption(saigon.id);
    await page.getByLabel('Your message to the cluster').fill('Our test lab in Da Nang runs HIL rigs.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(`You expressed interest for Saigon Software ${run} on`, { exact: false }).waitFor();

    // Then a collaboration request from the suggestion, with its score explained.
    await page.getByRole('link', { name: 'Matchmaking' }).click();
    await page.getByRole('link', { name: 'Suggested partners' }).click();
    const suggestion = page.getByRole('article', { name: `Osaka Embedded ${run}` });
    await suggestion.waitFor();
    const why = suggestion.getByRole('list', { name: `Why Osaka Embedded ${run} is suggested` });
    expect(await why.getByRole('listitem').count()).toBe(7);
    expect(spaced(await why.getByRole('listitem').first().textContent()).trim()).toMatch(
      /^Specialization: 0\.30 of the score \(1\.00 met × weight 0\.30\) — /,
    );
    await s.screenshot(page, 'matchmaking-suggestions');
    await suggestion.getByLabel(`Message to Osaka Embedded ${run} (optional)`).fill('Shall we test together?');
    await suggestion.getByRole('button', { name: `Send a request to Osaka Embedded ${run}` }).click();
    await suggestion.getByText(`Request sent to Osaka Embedded ${run}`, { exact: false }).waitFor();

    // The Osaka manager sees the interest on the offer and the request in the inbox, and accepts it.
    const other = await contextPage({ width: 375 });
    await s.logIn(other, osaka.email);
    await other.goto(`${s.web}/matchmaking/offers/${publishCooperationOffer.id}`);
    const interests = other.getByRole('region', { name: 'Interest expressed (1)' });
    await interests.waitFor();
    expect(await interests.textContent()).toContain('Our test lab in Da Nang runs HIL rigs.');
    await other.goto(`${s.web}/matchmaking/requests`);
    const received = other.getByRole('region', { name: 'Received' });
    await received.getByText('Shall we test together?', { exact: false }).waitFor();
    await received.getByLabel('Your reply or reason (optional)').fill('Gladly');
    await received.getByRole('button', { name: `Accept the request from Saigon Software ${run}` }).click();
    await received.getByText('Reply: Gladly').waitFor();
    expect(spaced(await received.textContent())).toContain('Accepted');
    expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const { cluster } = await s.gql(
      'query($id: ID!) { cluster(id: $id) { collaborationCount } }',
      { id: saigon.id },
    );
    expect(cluster.collaborationCount).toBe(1);
  }, 240_000);
});
