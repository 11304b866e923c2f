import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  CoordinationPublishDocument,
  CoordinationQueueDocument,
  type CoordinationQueueQuery,
  CoordinationReturnDocument,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { fieldProblems, problemOf } from '../profile-edit/field-errors';
import { LoadFailed, Loading } from '../profile-edit/notices';
import { usePageMeta } from '../shell/page-meta';
import '../account/account.css';
import { messages } from './messages';

type Item = CoordinationQueueQuery['clusters']['nodes'][number];

export default function CoordinationPage() {
  const t = useMessages(messages);
  const { locale, format } = useLocale();
  usePageMeta({ title: t.title });
  const signedIn = sessionToken() !== null;
  // The subgraph scopes non-published statuses to the caller's economies (the secretariat sees all).
  const { data, loading, error } = useQuery(CoordinationQueueDocument, {
    variables: { filter: { status: 'SUBMITTED' }, locale },
    skip: !signedIn,
    fetchPolicy: 'cache-and-network',
  });
  const [done, setDone] = useState<string>();

  if (!signedIn)
    return (
      <div className="notice" role="alert">
        <p>{t.signIn}</p>
        <Link to="/account">{t.title}</Link>
      </div>
    );
  if (error) return <LoadFailed headline={t.failed} error={error} />;
  if (loading && !data) return <Loading text={t.loading} />;
  const coordinator = data?.me?.grants.some(
    (g) => g.role === 'ECONOMY_COORDINATOR' || g.role === 'SECRETARIAT',
  );
  if (!coordinator)
    return (
      <p className="notice" role="alert">
        {t.notCoordinator}
      </p>
    );
  const nodes = data?.clusters.nodes ?? [];
  return (
    <div className="account">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {done && <p role="status">{done}</p>}
      {nodes.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        nodes.map((item) => <QueueItem key={item.id} item={item} t={t} format={format} onDone={setDone} />)
      )}
    </div>
  );
}

function QueueItem({
  item,
  t,
  format,
  onDone,
}: {
  item: Item;
  t: (typeof messages)['en'];
  format: ReturnType<typeof useLocale>['format'];
  onDone: (message: string) => void;
}) {
  const refetchQueries = [CoordinationQueueDocument];
  const [publish, publishing] = useMutation(CoordinationPublishDocument, { refetchQueries });
  const [giveBack, returning] = useMutation(CoordinationReturnDocument, { refetchQueries });
  const problems = [...fieldProblems(publishing.error), ...fieldProblems(returning.error)];
  const commentsId = `comments-${item.id}`;

  async function doPublish() {
    const r = await publish({ variables: { id: item.id, expectedVersion: item.version } }).catch(
      () => undefined,
    );
    if (r?.data) onDone(interpolate(t.published, { name: item.name }));
  }
  async function doReturn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const comments = String(new FormData(event.currentTarget).get('comments'));
    const r = await giveBack({ variables: { id: item.id, comments, expectedVersion: item.version } }).catch(
      () => undefined,
    );
    if (r?.data) onDone(interpolate(t.returned, { name: item.name }));
  }

  const commentsError = problemOf(problems, 'comments')?.reason;
  const other = problems.filter((p) => p.field !== 'comments');
  return (
    <section className="account__card" aria-labelledby={`queue-${item.id}`}>
      <h2 id={`queue-${item.id}`}>
        <Link to={`/clusters/${item.slug}/edit`}>{item.name}</Link> ({item.economyCode})
      </h2>
      <p>
        {interpolate(t.updated, { date: format.dateTime(item.updatedAt) })} ·{' '}
        {interpolate(t.completeness, { percent: format.percent(item.completeness) })}
      </p>
      <button type="button" onClick={doPublish} disabled={publishing.loading}>
        {interpolate(t.publish, { name: item.name })}
      </button>
      <form onSubmit={doReturn} className="field">
        <label htmlFor={commentsId}>{interpolate(t.comments, { name: item.name })}</label>
        <textarea
          id={commentsId}
          name="comments"
          required
          rows={3}
          aria-invalid={commentsError ? true : undefined}
          aria-describedby={commentsError ? `${commentsId}-error` : undefined}
        />
        {commentsError && (
          <p id={`${commentsId}-error`} className="field-error">
            {commentsError}
          </p>
        )}
        <button type="submit" disabled={returning.loading}>
          {interpolate(t.returnProfile, { name: item.name })}
        </button>
      </form>
      {other.map((p) => (
        <p key={`${p.code}${p.reason}`} className="field-error" role="alert">
          {p.reason}
        </p>
      ))}
    </section>
  );
}
