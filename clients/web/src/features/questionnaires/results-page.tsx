import { useLazyQuery, useQuery } from '@apollo/client/react';
import { useId } from 'react';
import { useSearchParams } from 'react-router-dom';
import taxonomy from '../../../../../schemas/reference/specializations.json';
import {
  type ExportFormat,
  type MemberType,
  QuestionnaireCampaignsDocument,
  QuestionnaireExportDocument,
  QuestionnaireResponseRatesDocument,
  QuestionnaireResultsDocument,
  QuestionnaireResultsListDocument,
  type QuestionnaireResultsQuery,
  type ResultsFilter,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate, type Locale } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { BarChart, type ChartDatum } from '../kpis/charts';
import { LoadError } from '../kpis/load-error';
import { fieldProblems } from '../profile-edit/field-errors';
import { Loading } from '../profile-edit/notices';
import { usePageMeta } from '../shell/page-meta';
import { parseDefinition, type Question, questionsOf } from './answers';
import { economyChoices, economyName } from './economies';
import { type Messages, messages } from './messages';
import { LabelledSelect, localized } from './question-field';
import '../kpis/charts.css';
import './questionnaires.css';

type Results = QuestionnaireResultsQuery['questionnaireResults'];
type QuestionResult = Results['questions'][number];

const MEMBER_TYPES: readonly MemberType[] = [
  'LARGE_COMPANY',
  'SME',
  'RESEARCH_INSTITUTE',
  'UNIVERSITY',
  'PUBLIC_BODY',
  'OTHER',
];
const topSpecializations = (
  taxonomy.specializations as { code: string; parent?: string; name: Record<Locale, string> }[]
).filter((s) => !s.parent);

/** The results filter the address holds: ?economy=VN&memberType=SME&specialization=ict&campaign=c1&allVersions=1. */
function filterOf(search: URLSearchParams): ResultsFilter {
  const economy = search.get('economy');
  const memberType = search.get('memberType') as MemberType | null;
  const specialization = search.get('specialization');
  const campaign = search.get('campaign');
  return {
    ...(economy ? { economies: [economy] } : {}),
    ...(memberType && MEMBER_TYPES.includes(memberType) ? { memberTypes: [memberType] } : {}),
    ...(specialization ? { specializations: [specialization] } : {}),
    ...(campaign ? { campaignIds: [campaign] } : {}),
    ...(search.get('allVersions') === '1' ? { allVersions: true } : {}),
  };
}

/**
 * /questionnaires/results: a questionnaire's results for analysts and the secretariat (public, small counts
 * withheld): the number of responses, each question's distribution as bars with counts and shares, filters in
 * the address, a campaign's response rates, and the export of the individual responses for those who may read them.
 */
export default function ResultsPage() {
  const t = useMessages(messages);
  const { locale } = useLocale();
  const [search, setSearch] = useSearchParams();
  usePageMeta({ title: t.resultsHeading });
  const list = useQuery(QuestionnaireResultsListDocument);
  const versions = list.data?.questionnaires ?? [];
  const fallback =
    versions.filter((q) => q.kind === 'INTERNATIONALIZATION' && q.status === 'PUBLISHED').at(-1) ??
    versions[0];
  const questionnaireId = search.get('questionnaire') ?? fallback?.id;
  const filter = filterOf(search);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (questionnaireId) next.set('questionnaire', questionnaireId);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  return (
    <div className="questionnaire results">
      <h1>{t.resultsHeading}</h1>
      {list.error ? (
        <LoadError headline={t.failed} error={list.error} retry={t.retry} onRetry={list.refetch} />
      ) : null}
      {questionnaireId ? (
        <>
          <Filters
            questionnaireId={questionnaireId}
            versions={versions.map((q) => ({
              id: q.id,
              title: `${localized(q.title, locale)} (v${q.version})`,
            }))}
            search={search}
            set={set}
            t={t}
          />
          <QuestionnaireResults questionnaireId={questionnaireId} filter={filter} t={t} />
          {filter.campaignIds?.[0] ? (
            <ResponseRates campaignId={String(filter.campaignIds[0])} t={t} />
          ) : null}
          {sessionToken() ? <Export questionnaireId={questionnaireId} filter={filter} t={t} /> : null}
        </>
      ) : list.loading ? (
        <Loading text={t.loading} />
      ) : null}
    </div>
  );
}

/** A filter: '' (the first option) is no filter. */
function Select(props: {
  label: string;
  value: string;
  onChange: (value: string | null) => void;
  options: { value: string; label: string }[];
}) {
  return <LabelledSelect {...props} onChange={(v) => props.onChange(v || null)} className="field" />;
}

function Filters({
  questionnaireId,
  versions,
  search,
  set,
  t,
}: {
  questionnaireId: string;
  versions: { id: string; title: string }[];
  search: URLSearchParams;
  set: (key: string, value: string | null) => void;
  t: Messages;
}) {
  const { locale, format } = useLocale();
  // Campaigns are listed to the secretariat and coordinators; to others the list is empty.
  const campaigns = useQuery(QuestionnaireCampaignsDocument, {
    variables: { status: null },
    skip: !sessionToken(),
  });
  const asking = (campaigns.data?.campaigns ?? []).filter((c) => c.questionnaire.id === questionnaireId);
  const allVersionsId = useId();
  return (
    <form className="results__filters" aria-label={t.filters} onSubmit={(e) => e.preventDefault()}>
      <Select
        label={t.questionnaire}
        value={questionnaireId}
        onChange={(v) => set('questionnaire', v)}
        options={versions.map((v) => ({ value: v.id, label: v.title }))}
      />
      <Select
        label={t.economy}
        value={search.get('economy') ?? ''}
        onChange={(v) => set('economy', v)}
        options={[
          { value: '', label: t.allEconomies },
          ...economyChoices('APEC', locale).map((e) => ({ value: e.code, label: e.name })),
        ]}
      />
      <Select
        label={t.memberType}
        value={search.get('memberType') ?? ''}
        onChange={(v) => set('memberType', v)}
        options={[
          { value: '', label: t.anyMemberType },
          ...MEMBER_TYPES.map((m) => ({ value: m, label: t[m] })),
        ]}
      />
      <Select
        label={t.specialization}
        value={search.get('specialization') ?? ''}
        onChange={(v) => set('specialization', v)}
        options={[
          { value: '', label: t.anySpecialization },
          ...topSpecializations.map((s) => ({ value: s.code, label: s.name[locale] ?? s.name.en })),
        ]}
      />
      {asking.length ? (
        <Select
          label={t.campaign}
          value={search.get('campaign') ?? ''}
          onChange={(v) => set('campaign', v)}
          options={[
            { value: '', label: t.anyCampaign },
            ...asking.map((c) => ({
              value: c.id,
              label: `${localized(c.title, locale)} (${format.date(c.closesAt)})`,
            })),
          ]}
        />
      ) : null}
      <label htmlFor={allVersionsId}>
        <input
          id={allVersionsId}
          type="checkbox"
          checked={search.get('allVersions') === '1'}
          onChange={(e) => set('allVersions', e.target.checked ? '1' : null)}
        />{' '}
        {t.allVersions}
      </label>
    </form>
  );
}

/** A bucket of a NUMBER or SCALE question: its point, or its range (open-ended at either side). */
function bucketLabel(result: QuestionResult, index: number, fallback: string, locale: Locale): string {
  const from = result.number?.bucketFrom[index];
  const to = result.number?.bucketTo[index];
  const n = (v: number) => v.toLocaleString(locale);
  if (from != null && to != null) return from === to ? n(from) : `${n(from)}–${n(to)}`;
  if (from != null) return `≥ ${n(from)}`;
  if (to != null) return `< ${n(to)}`;
  return fallback;
}

function valueLabel(
  question: Question | undefined,
  result: QuestionResult,
  index: number,
  locale: Locale,
  t: Messages,
) {
  const value = result.values[index] ?? '';
  if (value === '(other)') return t.other;
  switch (result.type) {
    case 'YES_NO':
      return value === 'true' ? t.yes : t.no;
    case 'ECONOMY':
      return economyName(value, locale);
    case 'NUMBER':
    case 'SCALE':
      return bucketLabel(result, index, value, locale);
    default: {
      const option = question?.options.find((o) => o.value === value);
      return option ? localized(option.label, locale) : value;
    }
  }
}

function QuestionnaireResults({
  questionnaireId,
  filter,
  t,
}: {
  questionnaireId: string;
  filter: ResultsFilter;
  t: Messages;
}) {
  const { locale, format } = useLocale();
  const { data, previousData, loading, error, refetch } = useQuery(QuestionnaireResultsDocument, {
    variables: { questionnaireId, filter },
  });
  const results = (data ?? previousData)?.questionnaireResults;
  if (error) return <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  if (!results) return loading ? <Loading text={t.loading} /> : null;
  const questions = questionsOf(parseDefinition(results.questionnaire));
  const k = results.minCell;
  return (
    <section aria-labelledby="results-heading" aria-busy={loading}>
      <h2 id="results-heading">{localized(results.questionnaire.title, locale)}</h2>
      <p className="muted">{interpolate(t.resultsIntro, { k })}</p>
      {results.suppressed ? (
        // Every count of a withheld selection is withheld too: the charts would say nothing more.
        <p className="notice results__withheld" role="status">
          {interpolate(t.selectionWithheld, { k })}
        </p>
      ) : (
        <>
          <p role="status">
            {interpolate(t.responses, { count: format.number(results.responseCount ?? 0) })}
          </p>
          <div className="charts">
            {results.questions.map((r) => (
              <QuestionChart
                key={r.questionId}
                result={r}
                question={questions.get(r.questionId)}
                k={k}
                t={t}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function QuestionChart({
  result,
  question,
  k,
  t,
}: {
  result: QuestionResult;
  question: Question | undefined;
  k: number;
  t: Messages;
}) {
  const { locale, format } = useLocale();
  const title = question ? localized(question.text, locale) : result.questionId;
  const answered = result.answered ?? 0;
  const datum = (index: number): ChartDatum => {
    const count = result.counts[index];
    const label = valueLabel(question, result, index, locale, t);
    if (count == null) return { label, value: 0, display: t.withheld };
    const share = answered > 0 ? ` (${format.percent(count / answered)})` : '';
    return { label, value: count, display: `${format.number(count)}${share}` };
  };
  const summary = result.suppressed ? (
    <p className="results__withheld">{interpolate(t.questionWithheld, { k })}</p>
  ) : (
    <p className="muted">
      {interpolate(t.answeredCount, {
        answered: format.number(answered),
        unanswered: format.number(result.unanswered ?? 0),
      })}
      {result.number?.mean != null
        ? ` · ${interpolate(t.mean, { mean: format.number(result.number.mean, { maximumFractionDigits: 2 }) })}`
        : ''}
    </p>
  );
  if (result.type === 'TEXT')
    return (
      <figure className="chart">
        <figcaption className="chart__title">{title}</figcaption>
        {summary}
        <p className="muted">{t.textNotTabulated}</p>
      </figure>
    );
  const indices = result.values.map((_, i) => i);
  if (result.type === 'MATRIX' && question) {
    return (
      <div className="chart">
        <p className="chart__title">{title}</p>
        {summary}
        {question.rows.map((row) => (
          <BarChart
            key={row.value}
            title={localized(row.label, locale)}
            data={indices.filter((i) => result.rows[i] === row.value).map(datum)}
            format={(v) => format.number(v)}
            empty={t.noResults}
          />
        ))}
      </div>
    );
  }
  return (
    <div>
      <BarChart
        title={title}
        data={indices.map(datum)}
        format={(v) => format.number(v)}
        empty={t.noResults}
      />
      {summary}
    </div>
  );
}

function ResponseRates({ campaignId, t }: { campaignId: string; t: Messages }) {
  const { locale, format } = useLocale();
  const { data } = useQuery(QuestionnaireResponseRatesDocument, { variables: { campaignId } });
  const rates = data?.campaignResponseRates;
  if (!rates) return null;
  const line = (r: {
    audience: number;
    responded: number | null;
    rate: number | null;
    suppressed: boolean;
  }) =>
    r.suppressed || r.responded == null
      ? interpolate(t.rateWithheld, { audience: format.number(r.audience) })
      : interpolate(t.rate, {
          responded: format.number(r.responded),
          audience: format.number(r.audience),
          rate: r.rate == null ? '—' : format.percent(r.rate),
        });
  return (
    <section aria-labelledby="rates-heading">
      <h2 id="rates-heading">{t.rates}</h2>
      <p>{line(rates)}</p>
      <BarChart
        title={t.rateByEconomy}
        data={rates.economies.map((e) => ({
          label: economyName(e.economy, locale),
          value: e.responded ?? 0,
          display: e.suppressed || e.responded == null ? t.withheld : line(e),
        }))}
        format={(v) => format.number(v)}
        empty={t.noResults}
      />
    </section>
  );
}

function Export({
  questionnaireId,
  filter,
  t,
}: {
  questionnaireId: string;
  filter: ResultsFilter;
  t: Messages;
}) {
  const [load, { data, error, loading }] = useLazyQuery(QuestionnaireExportDocument, {
    fetchPolicy: 'network-only',
  });
  const file = data?.responseExport;
  const run = (format: ExportFormat) =>
    void load({ variables: { questionnaireId, filter, format } }).catch(() => undefined);
  return (
    <section className="account__card" aria-labelledby="export-heading">
      <h2 id="export-heading">{t.export}</h2>
      <p className="muted">{t.exportHint}</p>
      <div className="account__inline">
        <button type="button" onClick={() => run('CSV')} disabled={loading}>
          {t.exportCsv}
        </button>
        <button type="button" onClick={() => run('JSON')} disabled={loading}>
          {t.exportJson}
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {interpolate(t.exportFailed, { reason: fieldProblems(error)[0]?.reason ?? error.message })}
        </p>
      ) : null}
      {file ? (
        <p role="status">
          <a
            href={`data:${file.contentType},${encodeURIComponent(file.format === 'CSV' ? `\uFEFF${file.content}` : file.content)}`}
            download={file.filename}
          >
            {interpolate(t.exportReady, { filename: file.filename, rows: file.rowCount })}
          </a>
        </p>
      ) : null}
    </section>
  );
}
