import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import {
  QuestionnaireCampaignsDocument,
  QuestionnaireClusterCampaignsDocument,
  type QuestionnairesMineQuery,
  QuestionnairesMineDocument,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { LoadError } from '../kpis/load-error';
import { Loading } from '../profile-edit/notices';
import { usePageMeta } from '../shell/page-meta';
import { type Messages, messages } from './messages';
import { localized } from './question-field';
import '../account/account.css';
import './questionnaires.css';

type Me = NonNullable<QuestionnairesMineQuery['me']>;
type Current = QuestionnairesMineQuery['currentQuestionnaire'];

const fillUrl = (clusterId: string, query: string) =>
  `/questionnaires/clusters/${encodeURIComponent(clusterId)}?${query}`;

/**
 * /questionnaires: what the signed-in user is asked to answer — for each cluster they manage, the standing
 * internationalization questionnaire (its current version) and the open campaigns asking it — and, for the
 * secretariat and coordinators, the open campaigns they follow with their response counts.
 */
export default function QuestionnairesPage() {
  const t = useMessages(messages);
  const { locale } = useLocale();
  usePageMeta({ title: t.heading, description: t.intro });
  const signedIn = sessionToken() !== null;
  const { data, loading, error, refetch } = useQuery(QuestionnairesMineDocument, {
    variables: { locale },
    skip: !signedIn,
    fetchPolicy: 'cache-and-network',
  });
  const me = data?.me;
  const follows =
    me?.grants.some((g) => g.role === 'SECRETARIAT' || g.role === 'ECONOMY_COORDINATOR') ?? false;

  return (
    <div className="questionnaire">
      <h1>{t.heading}</h1>
      <p className="muted">{t.intro}</p>
      <p>
        <Link to="/questionnaires/results">{t.resultsLink}</Link>
      </p>
      {!signedIn ? (
        <div className="notice" role="status">
          <p>{t.signIn}</p>
          <Link to="/account">{t.logIn}</Link>
        </div>
      ) : error ? (
        <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />
      ) : loading && !data ? (
        <Loading text={t.loading} />
      ) : me ? (
        <>
          <MyClusters me={me} current={data?.currentQuestionnaire ?? null} t={t} />
          {follows ? <FollowedCampaigns t={t} /> : null}
        </>
      ) : null}
    </div>
  );
}

function MyClusters({ me, current, t }: { me: Me; current: Current; t: Messages }) {
  if (me.managedClusters.length === 0) return <p>{t.noClusters}</p>;
  return (
    <ul className="questionnaires__list">
      {me.managedClusters.map((cluster) => (
        <li key={cluster.id}>
          <section className="account__card" aria-labelledby={`cluster-${cluster.id}`}>
            <h2 id={`cluster-${cluster.id}`}>{cluster.name}</h2>
            {current ? (
              <p>
                {interpolate(t.standing, { version: current.version })} ·{' '}
                {interpolate(t.status, { status: t[cluster.questionnaireStatus] })}
                <br />
                <Link to={fillUrl(cluster.id, `questionnaire=${encodeURIComponent(current.id)}`)}>
                  {interpolate(t.answer, { name: cluster.name })}
                </Link>
              </p>
            ) : null}
            <OpenCampaigns clusterId={cluster.id} name={cluster.name} t={t} />
          </section>
        </li>
      ))}
    </ul>
  );
}

/** The open campaigns asking one cluster (a query per cluster keeps each within the gateway's query cost). */
function OpenCampaigns({ clusterId, name, t }: { clusterId: string; name: string; t: Messages }) {
  const { locale, format } = useLocale();
  const { data } = useQuery(QuestionnaireClusterCampaignsDocument, {
    variables: { clusterId },
    fetchPolicy: 'cache-and-network',
  });
  const campaigns = data?.cluster?.openCampaigns ?? [];
  return (
    <>
      <h3>{interpolate(t.openCampaigns, { name })}</h3>
      {campaigns.length === 0 ? (
        <p className="muted">{t.noCampaigns}</p>
      ) : (
        <ul>
          {campaigns.map((c) => (
            <li key={c.id}>
              <Link to={fillUrl(clusterId, `campaign=${encodeURIComponent(c.id)}`)}>
                {localized(c.title, locale)}
              </Link>{' '}
              ({interpolate(t.closes, { date: format.date(c.closesAt) })})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function FollowedCampaigns({ t }: { t: Messages }) {
  const { locale, format } = useLocale();
  const { data } = useQuery(QuestionnaireCampaignsDocument, {
    variables: { status: 'OPEN' },
    fetchPolicy: 'cache-and-network',
  });
  const campaigns = data?.campaigns ?? [];
  if (campaigns.length === 0) return null;
  return (
    <section className="account__card" aria-labelledby="followed-campaigns">
      <h2 id="followed-campaigns">{t.campaignsHeading}</h2>
      <ul>
        {campaigns.map((c) => (
          <li key={c.id}>
            <Link
              to={`/questionnaires/results?questionnaire=${encodeURIComponent(c.questionnaire.id)}&campaign=${encodeURIComponent(c.id)}`}
            >
              {interpolate(t.resultsOf, { title: localized(c.title, locale) })}
            </Link>{' '}
            ({interpolate(t.closes, { date: format.date(c.closesAt) })}
            {c.audience.size != null
              ? ` · ${interpolate(t.campaignResponded, { responded: c.respondedCount, size: c.audience.size })}`
              : ''}
            )
          </li>
        ))}
      </ul>
    </section>
  );
}
