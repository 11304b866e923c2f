import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import {
  ClusterSuggestionsDocument,
  type ClusterSuggestionsQuery,
  MatchmakingVocabularyDocument,
  MyClustersDocument,
  RequestMatchDocument,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { Field } from '../account/account-page';
import { LoadError } from '../kpis/load-error';
import { usePageMeta } from '../shell/page-meta';
import './matchmaking.css';
import { matchmakingMessages } from './messages';
import { vocabularyNames } from './offers-page';
import { ErrorNotice, type MatchmakingText, problemFor, SignInNotice } from './shared';

type Suggestion = NonNullable<ClusterSuggestionsQuery['cluster']>['suggestedPartners'][number];
type Criterion = Suggestion['criteria'][number];
type Names = ReturnType<typeof vocabularyNames>;

/** One criterion of a score in words: its name, its contribution, how well it is met, its weight, and why. */
export function criterionInWords(
  criterion: Criterion,
  t: MatchmakingText,
  number: (n: number, o?: Intl.NumberFormatOptions) => string,
): string {
  const label = t[`crit.${criterion.name}` as keyof MatchmakingText] ?? criterion.name;
  const two = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  return interpolate(t.criterionLine, {
    criterion: label,
    contribution: number(criterion.contribution, two),
    value: number(criterion.value, two),
    weight: number(criterion.weight, two),
    reason: criterion.reason,
  });
}

/** Partners suggested for the signed-in manager's clusters, each with its score explained: /matchmaking/suggestions. */
export default function SuggestionsPage() {
  const { locale } = useLocale();
  const t = useMessages(matchmakingMessages);
  usePageMeta({ title: t.suggestionsTitle, description: t.suggestionsIntro });
  const signedIn = sessionToken() !== null;
  const { data, error, refetch } = useQuery(MyClustersDocument, { variables: { locale }, skip: !signedIn });
  const vocabulary = useQuery(MatchmakingVocabularyDocument, { variables: { locale } });
  const names = vocabularyNames(vocabulary.data);
  const clusters = data?.me?.managedClusters ?? [];

  let body: ReactNode;
  if (!signedIn) body = <SignInNotice text={t.signInFirst} />;
  else if (error) body = <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  else if (!data) body = <p role="status">{t.loading}</p>;
  else if (clusters.length === 0) body = <p className="notice">{t.noClusters}</p>;
  else
    body = clusters.map((cluster) => (
      <section key={cluster.id} aria-labelledby={`for-${cluster.id}`}>
        <h2 id={`for-${cluster.id}`}>{interpolate(t.forCluster, { cluster: cluster.name })}</h2>
        {cluster.status !== 'PUBLISHED' ? (
          <p>{t.notPublished}</p>
        ) : (
          <ClusterSuggestions clusterId={cluster.id} names={names} t={t} />
        )}
      </section>
    ));

  return (
    <div className="matchmaking">
      <h1>{t.suggestionsTitle}</h1>
      <p className="matchmaking__intro">{t.suggestionsIntro}</p>
      {body}
    </div>
  );
}

function ClusterSuggestions({
  clusterId,
  names,
  t,
}: {
  clusterId: string;
  names: Names;
  t: MatchmakingText;
}) {
  const { locale } = useLocale();
  const { data, error, refetch } = useQuery(ClusterSuggestionsDocument, {
    variables: { id: clusterId, locale },
  });
  if (error) return <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  if (!data) return <p role="status">{t.loading}</p>;
  const suggestions = data.cluster?.suggestedPartners ?? [];
  if (suggestions.length === 0) return <p>{t.noSuggestions}</p>;
  return (
    <ol className="matchmaking__list">
      {suggestions.map((s) => (
        <li key={s.cluster.id}>
          <SuggestionCard
            fromClusterId={clusterId}
            suggestion={s}
            economy={names.economy(s.cluster.economyCode)}
            sectors={s.cluster.specializations.map(names.sector)}
            t={t}
          />
        </li>
      ))}
    </ol>
  );
}

function SuggestionCard({
  fromClusterId,
  suggestion,
  economy,
  sectors,
  t,
}: {
  fromClusterId: string;
  suggestion: Suggestion;
  economy: string;
  sectors: string[];
  t: MatchmakingText;
}) {
  const { format } = useLocale();
  const id = useId();
  const partner = suggestion.cluster;
  return (
    <article className="matchmaking__card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>
        <Link to={`/clusters/${partner.slug}`}>{partner.name}</Link>
      </h3>
      <p>
        {economy}
        {sectors.length > 0 ? ` · ${sectors.join(', ')}` : ''}
      </p>
      <p className="matchmaking__score">
        {interpolate(t.score, {
          score: format.number(suggestion.score, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
        })}
      </p>
      <h4 id={`${id}-why`}>{interpolate(t.explanation, { cluster: partner.name })}</h4>
      <ul aria-labelledby={`${id}-why`} className="matchmaking__criteria">
        {suggestion.criteria.map((c) => (
          <li key={c.name} data-criterion={c.name}>
            <meter min={0} max={c.weight} value={c.contribution} aria-hidden="true" />{' '}
            {criterionInWords(c, t, format.number)}
          </li>
        ))}
      </ul>
      <RequestForm fromClusterId={fromClusterId} to={partner} t={t} />
    </article>
  );
}

function RequestForm({
  fromClusterId,
  to,
  t,
}: {
  fromClusterId: string;
  to: { id: string; name: string };
  t: MatchmakingText;
}) {
  const { locale, format } = useLocale();
  const [send, { data, loading, error }] = useMutation(RequestMatchDocument);
  const [message, setMessage] = useState('');
  const sent = data?.requestMatch;

  async function submit(event: FormEvent) {
    event.preventDefault();
    await send({
      variables: { input: { fromClusterId, toClusterId: to.id, message: message || null }, locale },
    }).catch(() => undefined);
  }

  if (sent) {
    return (
      <p role="status">
        {interpolate(t.requestSent, { cluster: to.name, date: format.date(sent.expiresAt) })}
      </p>
    );
  }
  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={interpolate(t.requestSend, { cluster: to.name })}
    >
      <ErrorNotice error={error} fields={['message']} />
      <Field label={interpolate(t.requestMessage, { cluster: to.name })} error={problemFor(error, 'message')}>
        <textarea rows={3} value={message} onChange={(e) => setMessage(e.target.value)} />
      </Field>
      <button type="submit" disabled={loading}>
        {loading ? t.sending : interpolate(t.requestSend, { cluster: to.name })}
      </button>
    </form>
  );
}
