import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import {
  AcceptMatchRequestDocument,
  DeclineMatchRequestDocument,
  ClusterMatchRequestsDocument,
  type MatchRequestItemFragment,
  MyClustersDocument,
  WithdrawMatchRequestDocument,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { Field } from '../account/account-page';
import { LoadError } from '../kpis/load-error';
import { usePageMeta } from '../shell/page-meta';
import './matchmaking.css';
import { matchmakingMessages } from './messages';
import { ErrorNotice, type MatchmakingText, SignInNotice } from './shared';

/** One cluster's requests, newest first, split into received and sent. */
export function inboxOf(clusterId: string, requests: readonly MatchRequestItemFragment[]) {
  const sorted = [...requests].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return {
    incoming: sorted.filter((r) => r.toClusterId === clusterId),
    outgoing: sorted.filter((r) => r.fromClusterId === clusterId),
  };
}

/** The requests inbox of each cluster the user manages: /matchmaking/requests. */
export default function RequestsPage() {
  const { locale } = useLocale();
  const t = useMessages(matchmakingMessages);
  usePageMeta({ title: t.requestsTitle, description: t['hub.requestsText'] });
  const signedIn = sessionToken() !== null;
  const { data, error, refetch } = useQuery(MyClustersDocument, { variables: { locale }, skip: !signedIn });
  const clusters = data?.me?.managedClusters ?? [];

  let body: ReactNode;
  if (!signedIn) body = <SignInNotice text={t.signInFirst} />;
  else if (error) body = <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  else if (!data) body = <p role="status">{t.loading}</p>;
  else if (clusters.length === 0) body = <p className="notice">{t.noClusters}</p>;
  else body = clusters.map((c) => <ClusterInbox key={c.id} cluster={c} t={t} />);
  return (
    <div className="matchmaking">
      <h1>{t.requestsTitle}</h1>
      {body}
    </div>
  );
}

function ClusterInbox({ cluster, t }: { cluster: { id: string; name: string }; t: MatchmakingText }) {
  const { locale } = useLocale();
  const id = useId();
  const { data, error, refetch } = useQuery(ClusterMatchRequestsDocument, {
    variables: { id: cluster.id, locale },
  });
  let body: ReactNode;
  if (error) body = <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  else if (!data) body = <p role="status">{t.loading}</p>;
  else {
    const { incoming, outgoing } = inboxOf(cluster.id, data.cluster?.matches ?? []);
    body = (
      <>
        <RequestList heading={t.incoming} empty={t.noIncoming} requests={incoming} side="to" of={id} t={t} />
        <RequestList heading={t.outgoing} empty={t.noOutgoing} requests={outgoing} side="from" of={id} t={t} />
      </>
    );
  }
  return (
    <section aria-labelledby={id} className="matchmaking">
      <h2 id={id}>{cluster.name}</h2>
      {body}
    </section>
  );
}

function RequestList({
  heading,
  empty,
  requests,
  side,
  of,
  t,
}: {
  heading: string;
  empty: string;
  requests: MatchRequestItemFragment[];
  side: 'from' | 'to';
  /** The id of the cluster's heading: "Received" and "Sent" are named with their cluster (one per managed cluster). */
  of: string;
  t: MatchmakingText;
}) {
  const id = useId();
  return (
    <section aria-labelledby={`${id} ${of}`}>
      <h3 id={id}>{heading}</h3>
      {requests.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className="matchmaking__list">
          {requests.map((r) => (
            <li key={r.id}>
              <RequestItem request={r} side={side} t={t} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RequestItem({
  request,
  side,
  t,
}: {
  request: MatchRequestItemFragment;
  side: 'from' | 'to';
  t: MatchmakingText;
}) {
  const { locale, format } = useLocale();
  const id = useId();
  const [reply, setReply] = useState('');
  const options = { refetchQueries: [ClusterMatchRequestsDocument] };
  const [accept, accepting] = useMutation(AcceptMatchRequestDocument, options);
  const [decline, declining] = useMutation(DeclineMatchRequestDocument, options);
  const [withdraw, withdrawing] = useMutation(WithdrawMatchRequestDocument, options);
  const busy = accepting.loading || declining.loading || withdrawing.loading;
  const error = accepting.error ?? declining.error ?? withdrawing.error;
  const other = side === 'to' ? request.fromCluster : request.toCluster;
  const pending = request.status === 'PENDING';
  const ignore = () => undefined;

  return (
    <article className="matchmaking__card" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>
        {interpolate(t.fromTo, { from: request.fromCluster.name, to: request.toCluster.name })}
      </h4>
      <p>
        <strong>{t[`reqStatus.${request.status}`]}</strong> ·{' '}
        {interpolate(t.sentOn, { date: format.date(request.createdAt) })}
        {pending ? `, ${interpolate(t.expiresOn, { date: format.date(request.expiresAt) })}` : null}
        {request.decidedAt
          ? `, ${interpolate(t.answeredOn, { date: format.date(request.decidedAt) })}`
          : null}
      </p>
      {request.message ? <p>{interpolate(t.theirMessage, { message: request.message })}</p> : null}
      {request.reply ? <p>{interpolate(t.theirReply, { reply: request.reply })}</p> : null}
      <p>
        <Link to={`/clusters/${other.slug}`}>{other.name}</Link>
      </p>
      <ErrorNotice error={error} />
      {pending && side === 'to' ? (
        <div className="form">
          <Field label={t.replyLabel}>
            <textarea rows={2} value={reply} onChange={(e) => setReply(e.target.value)} />
          </Field>
          <div className="matchmaking__actions">
            <button
              type="button"
              disabled={busy}
              aria-label={interpolate(t.acceptFrom, { cluster: other.name })}
              onClick={() =>
                void accept({ variables: { id: request.id, message: reply || null, locale } }).catch(ignore)
              }
            >
              {t.accept}
            </button>
            <button
              type="button"
              disabled={busy}
              aria-label={interpolate(t.declineFrom, { cluster: other.name })}
              onClick={() =>
                void decline({ variables: { id: request.id, reason: reply || null, locale } }).catch(ignore)
              }
            >
              {t.decline}
            </button>
          </div>
        </div>
      ) : null}
      {pending && side === 'from' ? (
        <button
          type="button"
          disabled={busy}
          aria-label={interpolate(t.withdrawTo, { cluster: other.name })}
          onClick={() => void withdraw({ variables: { id: request.id, locale } }).catch(ignore)}
        >
          {t.withdraw}
        </button>
      ) : null}
    </article>
  );
}
