import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import {
  AcceptMatchRequestDocument,
  DeclineMatchRequestDocument,
  type MatchRequestItemFragment,
  MatchRequestsInboxDocument,
  type MatchRequestsInboxQuery,
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

/** The requests of the user's clusters, each once, newest first, split into received and sent. */
export function inboxOf(me: NonNullable<MatchRequestsInboxQuery['me']>) {
  const mine = new Set(me.managedClusters.map((c) => c.id));
  const all = new Map<string, MatchRequestItemFragment>();
  for (const cluster of me.managedClusters) for (const r of cluster.matches) all.set(r.id, r);
  const requests = [...all.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return {
    incoming: requests.filter((r) => mine.has(r.toClusterId)),
    outgoing: requests.filter((r) => mine.has(r.fromClusterId)),
  };
}

/** The requests inbox: /matchmaking/requests. */
export default function RequestsPage() {
  const { locale } = useLocale();
  const t = useMessages(matchmakingMessages);
  usePageMeta({ title: t.requestsTitle, description: t['hub.requestsText'] });
  const signedIn = sessionToken() !== null;
  const { data, error, refetch } = useQuery(MatchRequestsInboxDocument, {
    variables: { locale },
    skip: !signedIn,
  });

  let body: ReactNode;
  if (!signedIn) body = <SignInNotice text={t.signInFirst} />;
  else if (error) body = <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  else if (!data) body = <p role="status">{t.loading}</p>;
  else if (!data.me || data.me.managedClusters.length === 0) body = <p className="notice">{t.noClusters}</p>;
  else {
    const { incoming, outgoing } = inboxOf(data.me);
    body = (
      <>
        <RequestList heading={t.incoming} empty={t.noIncoming} requests={incoming} side="to" t={t} />
        <RequestList heading={t.outgoing} empty={t.noOutgoing} requests={outgoing} side="from" t={t} />
      </>
    );
  }
  return (
    <div className="matchmaking">
      <h1>{t.requestsTitle}</h1>
      {body}
    </div>
  );
}

function RequestList({
  heading,
  empty,
  requests,
  side,
  t,
}: {
  heading: string;
  empty: string;
  requests: MatchRequestItemFragment[];
  side: 'from' | 'to';
  t: MatchmakingText;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
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
  const options = { refetchQueries: [MatchRequestsInboxDocument] };
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
      <h3 id={`${id}-title`}>
        {interpolate(t.fromTo, { from: request.fromCluster.name, to: request.toCluster.name })}
      </h3>
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
