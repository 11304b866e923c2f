import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { storeSessionToken } from '../src/apollo';
import { visibleQuestions } from '../src/features/questionnaires/answers';
import FillPage from '../src/features/questionnaires/fill-page';
import ResultsPage from '../src/features/questionnaires/results-page';
import { renderPage, schemaClient } from './render';

const text = (en: string, ru: string | null = null) => ({ en, ru });
const option = (value: string, en: string, exclusive = false) => ({ value, label: text(en), exclusive });
const question = (id: string, type: string, en: string, extra: Record<string, unknown> = {}) => ({
  id,
  type,
  required: false,
  text: text(en),
  help: null,
  options: [],
  rows: [],
  scaleLabels: [],
  min: null,
  max: null,
  integer: false,
  maxLength: null,
  format: null,
  personal: false,
  minSelections: null,
  maxSelections: null,
  economyScope: null,
  multiple: false,
  showIf: null,
  ...extra,
});
const leaf = (op: string, questionId: string, value: unknown = null) => ({
  op,
  questionId,
  row: null,
  value: value === null ? null : JSON.stringify(value),
  conditions: [],
});

/** A questionnaire with every question type, two conditional questions and a conditional section. */
const definition = {
  id: 'internationalization-v9',
  kind: 'INTERNATIONALIZATION',
  version: 9,
  status: 'PUBLISHED',
  title: text('Internationalization', 'Интернационализация'),
  description: null,
  sections: [
    {
      id: 'activity',
      title: text('International activity'),
      description: null,
      showIf: null,
      questions: [
        question('stage', 'SINGLE_CHOICE', 'At what stage is the cluster?', {
          required: true,
          options: [option('none', 'Not yet'), option('established', 'Established')],
        }),
        question('partners', 'NUMBER', 'How many international partners?', {
          integer: true,
          min: 0,
          max: 1000,
        }),
        question('partner-types', 'MULTIPLE_CHOICE', 'What kinds of partners?', {
          options: [
            option('cluster', 'Clusters'),
            option('sme', 'SMEs'),
            option('none', 'None of these', true),
          ],
          showIf: leaf('GT', 'partners', 0),
        }),
        question('memberships', 'YES_NO', 'Is the cluster in an international association?'),
        question('membership-names', 'TEXT', 'Which associations?', {
          maxLength: 1000,
          showIf: leaf('EQUALS', 'memberships', true),
        }),
        question('importance', 'SCALE', 'How important is international activity?', {
          required: true,
          min: 1,
          max: 5,
          scaleLabels: [
            { value: 1, label: text('Not important') },
            { value: 5, label: text('Crucial') },
          ],
        }),
        question('barriers', 'MATRIX', 'How much does each barrier weigh?', {
          rows: [option('finance', 'Finance'), option('legal', 'Legal differences')],
          options: [option('minor', 'Minor'), option('major', 'Major')],
        }),
        question('priority-economies', 'ECONOMY', 'Which APEC economies are priorities?', {
          economyScope: 'APEC',
          multiple: true,
        }),
        question('home-economy', 'ECONOMY', 'Where is the cluster management based?', {
          economyScope: 'APEC',
        }),
      ],
    },
    {
      id: 'respondent',
      title: text('About you'),
      description: null,
      showIf: {
        op: 'NOT',
        questionId: null,
        row: null,
        value: null,
        conditions: [leaf('EQUALS', 'stage', 'none')],
      },
      questions: [
        question('respondent-email', 'TEXT', 'Your e-mail address', {
          format: 'EMAIL',
          maxLength: 200,
          personal: true,
        }),
      ],
    },
  ],
};

/** As the graph serves it: the sections in definitionJson. */
const served = { ...definition, definitionJson: JSON.stringify({ sections: definition.sections }) };

const cluster = { id: 'c1', slug: 'saigon-robotics', name: 'Saigon Robotics' };
const response = (status: string, answers: { questionId: string; value: string }[], version = 1) => ({
  id: `${definition.id}:c1`,
  status,
  version,
  updatedAt: '2026-12-06T10:15:30Z',
  submittedAt: status === 'SUBMITTED' ? '2026-12-06T10:20:00Z' : null,
  campaignId: null,
  answers,
});

interface Calls {
  saves: { answers: { questionId: string; value: string | null }[] }[];
}

function fill(root: Record<string, unknown> = {}, saved: ReturnType<typeof response> | null = null) {
  storeSessionToken('tok');
  const calls: Calls = { saves: [] };
  let version = saved?.version ?? 0;
  const answers = new Map((saved?.answers ?? []).map((a) => [a.questionId, a.value]));
  const client = schemaClient({
    questionnaire: ({ id }: { id: string }) => (id === definition.id ? served : null),
    cluster: ({ id }: { id: string }) => (id === 'c1' ? cluster : null),
    questionnaireResponse: () => saved,
    saveResponseDraft: ({ input }: { input: Calls['saves'][number] }) => {
      calls.saves.push(input);
      for (const a of input.answers) {
        if (a.value === null) answers.delete(a.questionId);
        else answers.set(a.questionId, a.value);
      }
      version += 1;
      return response(
        'DRAFT',
        [...answers].map(([questionId, value]) => ({ questionId, value })),
        version,
      );
    },
    ...root,
  });
  renderPage(<FillPage />, {
    client,
    path: '/questionnaires/clusters/:clusterId',
    url: `/questionnaires/clusters/c1?questionnaire=${definition.id}`,
  });
  return calls;
}

describe('filling a questionnaire', () => {
  it('renders every question type under its label, groups under their legend', async () => {
    fill();
    await screen.findByRole('heading', { level: 1, name: 'Internationalization: Saigon Robotics' });
    const stage = screen.getByRole('radiogroup', { name: 'At what stage is the cluster? (required)' });
    expect(
      within(stage)
        .getAllByRole('radio')
        .map((r) => r.closest('label')?.textContent?.trim()),
    ).toEqual(['Not yet', 'Established']);
    expect(
      screen.getByRole('textbox', { name: 'How many international partners?' }).getAttribute('inputmode'),
    ).toBe('numeric');
    const yesNo = screen.getByRole('radiogroup', { name: 'Is the cluster in an international association?' });
    expect(within(yesNo).getByRole('radio', { name: 'Yes' })).toBeTruthy();
    const scale = screen.getByRole('radiogroup', {
      name: 'How important is international activity? (required)',
    });
    expect(within(scale).getAllByRole('radio')).toHaveLength(5);
    expect(within(scale).getByRole('radio', { name: '5 — Crucial' })).toBeTruthy();
    const matrix = screen.getByRole('group', { name: 'How much does each barrier weigh?' });
    expect(within(matrix).getByRole('combobox', { name: 'Legal differences' })).toBeTruthy();
    const economies = screen.getByRole('group', { name: 'Which APEC economies are priorities?' });
    expect(within(economies).getAllByRole('checkbox')).toHaveLength(21);
    expect(within(economies).getByRole('checkbox', { name: 'Viet Nam' })).toBeTruthy();
    const home = screen.getByRole('combobox', { name: 'Where is the cluster management based?' });
    expect(within(home).getAllByRole('option')).toHaveLength(22);
    const email = screen.getByRole('textbox', { name: 'Your e-mail address' });
    expect(email.getAttribute('type')).toBe('email');
    // The personal question says it is kept apart; the hint is tied to the field.
    expect(document.getElementById(String(email.getAttribute('aria-describedby')))?.textContent).toContain(
      'left out of results and exports',
    );
    // Conditional questions wait for their condition.
    expect(screen.queryByRole('group', { name: 'What kinds of partners?' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Which associations?' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Your answers are saved as you go.');
  });

  it('shows and hides conditional questions and sections live from the answers', async () => {
    fill();
    const partners = await screen.findByRole('textbox', { name: 'How many international partners?' });
    await userEvent.type(partners, '3');
    expect(await screen.findByRole('group', { name: 'What kinds of partners?' })).toBeTruthy();
    await userEvent.clear(partners);
    await userEvent.type(partners, '0');
    expect(screen.queryByRole('group', { name: 'What kinds of partners?' })).toBeNull();
    await userEvent.click(screen.getByRole('radio', { name: 'Yes' }));
    expect(await screen.findByRole('textbox', { name: 'Which associations?' })).toBeTruthy();
    // NOT(stage = none) hides the respondent section once "Not yet" is chosen.
    await userEvent.click(screen.getByRole('radio', { name: 'Not yet' }));
    expect(screen.queryByRole('heading', { name: 'About you' })).toBeNull();
    await userEvent.click(screen.getByRole('radio', { name: 'Established' }));
    expect(screen.getByRole('heading', { name: 'About you' })).toBeTruthy();
  });

  it('evaluates conditions as the server does: a hidden question counts as unanswered', () => {
    const chained = {
      sections: [
        {
          ...definition.sections[0],
          questions: [
            definition.sections[0]!.questions[1]!,
            definition.sections[0]!.questions[2]!,
            question('why-none', 'TEXT', 'Why none?', { showIf: leaf('INCLUDES', 'partner-types', 'none') }),
          ],
        },
      ],
    } as never;
    const shown = (answers: [string, unknown][]) => [...visibleQuestions(chained, new Map(answers as never))];
    expect(
      shown([
        ['partners', '2'],
        ['partner-types', ['none']],
      ]),
    ).toEqual(['partners', 'partner-types', 'why-none']);
    // partners = 0 hides partner-types, so its answer no longer shows why-none.
    expect(
      shown([
        ['partners', '0'],
        ['partner-types', ['none']],
      ]),
    ).toEqual(['partners']);
    expect(
      shown([
        ['partners', 'many'],
        ['partner-types', ['none']],
      ]),
    ).toEqual(['partners']);
  });

  it('autosaves the changed answers with saveResponseDraft and says when', async () => {
    const calls = fill();
    await userEvent.click(await screen.findByRole('radio', { name: 'Established' }));
    await userEvent.click(screen.getByRole('radio', { name: '4' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Legal differences' }), 'major');
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Saved at .*10:15:30/), {
      timeout: 4000,
    });
    // One debounced save carried the three answers, encoded as the schema says.
    expect(calls.saves).toEqual([
      {
        clusterId: 'c1',
        campaignId: null,
        questionnaireId: definition.id,
        answers: expect.arrayContaining([
          { questionId: 'stage', value: '"established"' },
          { questionId: 'importance', value: '4' },
          { questionId: 'barriers', value: '{"legal":"major"}' },
        ]),
      },
    ]);
    expect(calls.saves[0]?.answers).toHaveLength(3);
    await userEvent.type(screen.getByRole('textbox', { name: 'How many international partners?' }), '12');
    await waitFor(() => expect(calls.saves).toHaveLength(2), { timeout: 4000 });
    expect(calls.saves[1]?.answers).toEqual([{ questionId: 'partners', value: '12' }]);
  });

  it('loads a saved draft back into the form', async () => {
    fill(
      {},
      response('DRAFT', [
        { questionId: 'stage', value: '"established"' },
        { questionId: 'partners', value: '5' },
        { questionId: 'partner-types', value: '["sme"]' },
        { questionId: 'priority-economies', value: '["VN"]' },
      ]),
    );
    const established = await screen.findByRole('radio', { name: 'Established' });
    expect((established as HTMLInputElement).checked).toBe(true);
    expect(
      (screen.getByRole('textbox', { name: 'How many international partners?' }) as HTMLInputElement).value,
    ).toBe('5');
    expect((screen.getByRole('checkbox', { name: 'SMEs' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Viet Nam' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('status').textContent).toMatch(/^Saved at /);
  });

  it('shows each problem of a refused submission at its question and focuses the first', async () => {
    fill({
      submitResponse: () => {
        throw new GraphQLError('Invalid input: answers.stage is required', {
          extensions: {
            code: 'BAD_USER_INPUT',
            field: 'answers.importance',
            problems: [
              { field: 'answers.importance', reason: 'is required' },
              { field: 'answers.stage', reason: 'is required' },
              { field: 'answers.partners', reason: 'must be at most 1000' },
            ],
          },
        });
      },
    });
    await userEvent.type(
      await screen.findByRole('textbox', { name: 'How many international partners?' }),
      '5000',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Submit the questionnaire' }));
    expect((await screen.findByRole('alert')).textContent).toContain('3 problem(s)');
    const first = screen.getByRole('radio', { name: 'Not yet' });
    await waitFor(() => expect(document.activeElement).toBe(first));
    const stage = screen.getByRole('radiogroup', { name: 'At what stage is the cluster? (required)' });
    expect(document.getElementById(String(stage.getAttribute('aria-describedby')))?.textContent).toBe(
      'is required',
    );
    const partners = screen.getByRole('textbox', { name: 'How many international partners?' });
    expect(partners.getAttribute('aria-invalid')).toBe('true');
    const described = String(partners.getAttribute('aria-describedby')).split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent)).toContain('must be at most 1000');
    // Changing the answer clears its problem.
    await userEvent.clear(partners);
    expect(partners.getAttribute('aria-invalid')).toBeNull();
  });

  it('submits every answer and then shows the response read-only', async () => {
    const sent: unknown[] = [];
    fill({
      submitResponse: (args: { answers: { questionId: string; value: string | null }[] }) => {
        sent.push(args);
        return response('SUBMITTED', args.answers.filter((a) => a.value !== null) as never, 2);
      },
    });
    await userEvent.click(await screen.findByRole('radio', { name: 'Established' }));
    await userEvent.click(screen.getByRole('radio', { name: '5 — Crucial' }));
    await userEvent.click(screen.getByRole('button', { name: 'Submit the questionnaire' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/^Submitted on .*cannot be changed\.$/);
    expect(screen.queryByRole('button', { name: 'Submit the questionnaire' })).toBeNull();
    expect(screen.queryByRole('radio')).toBeNull();
    const stage = screen.getByText('At what stage is the cluster?');
    expect(stage.nextElementSibling?.textContent).toBe('Established');
    expect(screen.getByText('How important is international activity?').nextElementSibling?.textContent).toBe(
      '5',
    );
    expect(sent[0]).toMatchObject({ clusterId: 'c1', questionnaireId: definition.id });
  });

  it('shows a submitted response read-only when it is opened again', async () => {
    fill({}, response('SUBMITTED', [{ questionId: 'priority-economies', value: '["CN","VN"]' }]));
    expect(
      (await screen.findByText('Which APEC economies are priorities?')).nextElementSibling?.textContent,
    ).toBe('China, Viet Nam');
    expect(screen.getByText('At what stage is the cluster?').nextElementSibling?.textContent).toBe(
      'Not answered',
    );
  });
});

describe('questionnaire results', () => {
  const results = (suppressed: boolean) => ({
    minCell: 5,
    responseCount: suppressed ? null : 23,
    suppressed,
    questionnaire: served,
    questions: [
      {
        questionId: 'stage',
        type: 'SINGLE_CHOICE',
        suppressed: false,
        answered: 20,
        unanswered: 3,
        values: ['none', 'established'],
        rows: [null, null],
        counts: [15, null],
        number: null,
      },
      {
        questionId: 'membership-names',
        type: 'TEXT',
        suppressed: true,
        answered: null,
        unanswered: null,
        values: [],
        rows: [],
        counts: [],
        number: null,
      },
      {
        questionId: 'importance',
        type: 'SCALE',
        suppressed: false,
        answered: 20,
        unanswered: 3,
        values: ['1', '5'],
        rows: [null, null],
        counts: [8, 12],
        number: { count: 20, mean: 3.4, min: 1, max: 5, bucketFrom: [1, 5], bucketTo: [1, 5] },
      },
    ],
  });

  it('draws each question with counts and shares, and says which counts are withheld', async () => {
    const filters: unknown[] = [];
    const client = schemaClient({
      questionnaires: () => [served],
      questionnaireResults: ({ filter }: { filter: unknown }) => {
        filters.push(filter);
        return results(false);
      },
    });
    renderPage(<ResultsPage />, {
      client,
      path: '/questionnaires/results',
      url: '/questionnaires/results?economy=VN',
    });
    expect(await screen.findByText('Responses: 23')).toBeTruthy();
    const stage = screen.getByRole('figure', { name: 'At what stage is the cluster?' });
    const rows = within(stage)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(rows).toEqual(['Not yet15 (75%)', 'Establishedwithheld']);
    expect(screen.getByText('Withheld: fewer than 5 responses answered it.')).toBeTruthy();
    const scale = screen.getByRole('figure', { name: 'How important is international activity?' });
    expect(
      within(scale)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['18 (40%)', '512 (60%)']);
    expect(screen.getByText(/Mean: 3\.4/)).toBeTruthy();
    expect(filters[0]).toEqual({ economies: ['VN'] });
    expect((screen.getByRole('combobox', { name: 'Economy' }) as HTMLSelectElement).value).toBe('VN');
  });

  it('says when the whole selection is withheld', async () => {
    const client = schemaClient({
      questionnaires: () => [served],
      questionnaireResults: () => ({
        ...results(true),
        questions: results(true).questions.map((q) => ({
          ...q,
          suppressed: true,
          answered: null,
          counts: q.counts.map(() => null),
        })),
      }),
    });
    renderPage(<ResultsPage />, {
      client,
      path: '/questionnaires/results',
      url: '/questionnaires/results',
      locale: 'ru',
    });
    expect((await screen.findByText(/результаты скрыты/)).getAttribute('role')).toBe('status');
    // No chart of withheld counts only.
    expect(screen.queryByRole('figure')).toBeNull();
  });
});
