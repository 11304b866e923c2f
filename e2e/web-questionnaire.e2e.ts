/// <reference lib="dom" />
import { waitFor } from '@ccp/kit/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { signIn } from '../scripts/accounts.mjs';
import { deletePrefixedTopics } from '../infra/infra.mjs';
import { password, pageErrors, startWebStack, type WebStack } from './web-harness.js';

// A manager answers the internationalization questionnaire for their published cluster in Debian's chromium against
// the real platform (the built client on `vite preview` at 127.0.0.1:6573, a stack on port offset 1600, webq_*
// databases, h9. topics), and KPI 2 (clusters with a submitted internationalization response) on /kpis moves.
// Screenshots: questionnaire (the filled form at 375 px) and questionnaire-results.
let s: WebStack;
const run = Date.now().toString(36);

beforeAll(async () => {
  // Fresh databases and topics each run: the results' counts (1 response withheld, then 5 shown) are absolute.
  await deletePrefixedTopics('h9.');
  s = await startWebStack({
    portOffset: 1600,
    databasePrefix: `webq_${run}`,
    topicPrefix: 'h9.',
    previewPort: 6573,
  });
}, 240_000);

afterAll(async () => {
  await s?.stop();
});

/** KPI 2's APEC-wide figure for this year as the dashboard shows it. */
async function kpi2(page: Page): Promise<number> {
  await page.goto(`${s.web}/kpis`);
  const value = page.locator('section[aria-labelledby="kpi-clusters_responded"] .kpi__value');
  await value.waitFor({ timeout: 30_000 });
  return Number((await value.textContent())?.replace(/\D/g, '') ?? Number.NaN);
}

/** The questions the page marks at fault after a submission. */
const faultyQuestions = (page: Page) => page.locator('[data-question]:has(.field-error)');

/** Answers a question the server said is missing or wrong with its first choice (or a plain value). */
async function answerPlainly(page: Page, id: string) {
  const question = page.locator(`[data-question="${id}"]`);
  const radios = question.getByRole('radio');
  const checkboxes = question.getByRole('checkbox');
  const selects = question.getByRole('combobox');
  if (await radios.count()) return radios.last().check();
  if (await checkboxes.count()) return checkboxes.first().check();
  if (await selects.count()) {
    for (const select of await selects.all()) await select.selectOption({ index: 1 });
    return;
  }
  const box = question.getByRole('textbox');
  const type = await box.getAttribute('type');
  await box.fill(type === 'email' ? `manager-${run}@example.org` : (await box.getAttribute('inputmode')) ? '3' : 'Answered in the browser test');
}

describe('the questionnaire in a real browser', () => {
  it('When a manager answers and submits the questionnaire for their published cluster, then the KPI dashboard moves', async () => {
    const manager = await s.newUser('manager');
    const registrant = (await signIn(s.gateway, { email: manager.email, password })).accessToken as string;
    const name = `Questionnaire E2E Hanoi Textiles ${run}`;
    const { registerCluster } = await s.gql(
      'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }',
      { input: { name: { en: name }, economyCode: 'VN', location: { lat: 21.03, lng: 105.85 } } },
      registrant,
    );
    const clusterId = registerCluster.id as string;
    await s.gql('mutation($id: ID!) { publishCluster(id: $id) { status } }', { id: clusterId }, s.secretariatToken);
    const { currentQuestionnaire } = await s.gql('{ currentQuestionnaire(kind: INTERNATIONALIZATION) { id } }');
    const call = async (query: string, token: string) => {
      const res = await fetch(s.gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { q: currentQuestionnaire.id, c: clusterId } }),
      });
      return (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    };
    // The manager's grant and the surveys service's knowledge of the cluster both follow the registry's events.
    let managerToken = '';
    await waitFor(
      async () => {
        managerToken = (await signIn(s.gateway, { email: manager.email, password })).accessToken as string;
        const read = await call('query($q: ID, $c: ID!) { questionnaireResponse(questionnaireId: $q, clusterId: $c) { id } }', managerToken);
        if (read.errors) throw new Error(JSON.stringify(read.errors));
        // Submitting nothing: NOT_FOUND (no draft) once the cluster is known, BAD_USER_INPUT (clusterId) before.
        const known = await call('mutation($q: ID, $c: ID!) { submitResponse(questionnaireId: $q, clusterId: $c) { id } }', s.secretariatToken);
        if (known.errors?.[0]?.extensions?.code !== 'NOT_FOUND') throw new Error(JSON.stringify(known.errors));
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: "the manager's grant and the surveys service to know the cluster" },
    );

    const visitor = await (await s.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const before = await kpi2(visitor);
    expect(Number.isFinite(before)).toBe(true);

    // The manager opens the questionnaire from their list.
    const page = await s.browser.newPage({ viewport: { width: 375, height: 900 } });
    const errors = pageErrors(page);
    await s.logIn(page, manager.email);
    await page.goto(`${s.web}/questionnaires`);
    await page.getByRole('link', { name: `Answer for ${name}` }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`: ${name}$`) }).waitFor({ timeout: 30_000 });

    // A few answers by their labels; the draft saves itself and says when.
    const stage = page.getByRole('radiogroup', { name: /international activity today\?/ });
    await stage.getByRole('radio', { name: 'Exploring opportunities abroad' }).check();
    await page
      .getByRole('radiogroup', { name: /internationalization strategy or plan\?/ })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await page.getByRole('status').filter({ hasText: /^Saved at / }).waitFor({ timeout: 15_000 });

    // Nothing is lost on reload: the draft loads back.
    await page.reload();
    await expect
      .poll(() => stage.getByRole('radio', { name: 'Exploring opportunities abroad' }).isChecked(), { timeout: 30_000 })
      .toBe(true);
    await page.getByRole('status').filter({ hasText: /^Saved at / }).waitFor();

    // Submitting names each missing answer at its question and focuses the first; answer them until it goes through.
    const submit = page.getByRole('button', { name: 'Submit the questionnaire' });
    let rounds = 0;
    for (; rounds < 6; rounds += 1) {
      await submit.click();
      const outcome = await Promise.race([
        page.getByText(/^Submitted on /).waitFor({ timeout: 30_000 }).then(() => 'submitted'),
        page.getByRole('alert').filter({ hasText: /problem\(s\)/ }).waitFor({ timeout: 30_000 }).then(() => 'refused'),
      ]);
      if (outcome === 'submitted') break;
      const faulty = faultyQuestions(page);
      const first = await faulty.first().getAttribute('data-question');
      expect(await page.evaluate(() => document.activeElement?.closest('[data-question]')?.getAttribute('data-question'))).toBe(first);
      for (const id of await faulty.evaluateAll((els) => els.map((el) => el.getAttribute('data-question') ?? ''))) {
        await answerPlainly(page, id);
      }
      if (rounds === 0) {
        await page.getByRole('status').filter({ hasText: /^Saved at / }).waitFor({ timeout: 15_000 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await s.screenshot(page, 'questionnaire');
      }
    }
    expect(rounds).toBeGreaterThan(0);
    await page.getByText(/^Submitted on /).waitFor();
    // Read-only now: no more fields.
    expect(await page.getByRole('radio').count()).toBe(0);
    const { questionnaireResponse } = await s.gql(
      'query($q: ID, $c: ID!) { questionnaireResponse(questionnaireId: $q, clusterId: $c) { status answers { questionId value } } }',
      { q: currentQuestionnaire.id, c: clusterId },
      managerToken,
    );
    expect(questionnaireResponse.status).toBe('SUBMITTED');
    expect(questionnaireResponse.answers).toContainEqual({ questionId: 'international-stage', value: '"exploring"' });

    // KPI 2 counts the cluster once the response-submitted event has gone through the economies subgraph.
    const after = await waitFor(
      async () => {
        const value = await kpi2(visitor);
        return value > before ? value : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 2000, what: 'KPI 2 on /kpis to count the submitted response' },
    );
    expect(after).toBe(before + 1);

    // The results dashboard: one response is below the small-cell threshold, so the selection is withheld.
    const results = `${s.web}/questionnaires/results?questionnaire=${encodeURIComponent(currentQuestionnaire.id)}`;
    await page.goto(results);
    await page.getByText(/results are withheld/).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('figure').count()).toBe(0);
    // The secretariat answers the same for four more clusters: five responses are shown, small counts withheld.
    const answers = questionnaireResponse.answers.filter((a: { questionId: string }) => !a.questionId.startsWith('respondent-'));
    for (let i = 1; i <= 4; i += 1) {
      const other = await s.gql(
        'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }',
        { input: { name: { en: `${name} ${i}` }, economyCode: i % 2 ? 'TH' : 'VN', location: { lat: 13.75, lng: 100.5 } } },
        s.secretariatToken,
      );
      await s.gql('mutation($id: ID!) { publishCluster(id: $id) { status } }', { id: other.registerCluster.id }, s.secretariatToken);
      await waitFor(
        async () => {
          const r = await fetch(s.gateway, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${s.secretariatToken}` },
            body: JSON.stringify({
              query: 'mutation($q: ID, $c: ID!, $a: [AnswerInput!]) { submitResponse(questionnaireId: $q, clusterId: $c, answers: $a) { status } }',
              variables: { q: currentQuestionnaire.id, c: other.registerCluster.id, a: answers },
            }),
          });
          const body = (await r.json()) as { errors?: unknown[] };
          if (body.errors) throw new Error(JSON.stringify(body.errors));
          return true;
        },
        { timeoutMs: 60_000, intervalMs: 1000, what: `cluster ${i} answered` },
      );
    }
    await page.reload();
    await page.getByText('Responses: 5').waitFor({ timeout: 30_000 });
    const stageChart = page.getByRole('figure', { name: "Which best describes the cluster's international activity today?" });
    expect(await stageChart.getByRole('listitem').filter({ hasText: 'Exploring opportunities abroad' }).textContent()).toMatch(/5 \(100%\)$/);
    // Filtered to Thailand (two responses), the selection is withheld again.
    await page.getByRole('combobox', { name: 'Economy' }).selectOption('TH');
    await page.getByText(/results are withheld/).waitFor({ timeout: 30_000 });
    await page.getByRole('combobox', { name: 'Economy' }).selectOption('');
    await page.getByText('Responses: 5').waitFor({ timeout: 30_000 });
    // The manager may export their own cluster's response.
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const download = page.getByRole('link', { name: /\.csv: 1 responses$/ });
    await download.waitFor({ timeout: 30_000 });
    expect(decodeURIComponent((await download.getAttribute('href')) ?? '')).toContain(clusterId);
    await page.setViewportSize({ width: 1280, height: 900 });
    await s.screenshot(page, 'questionnaire-results');
    expect(errors).toEqual([]);
  }, 300_000);
});
