import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { MatchmakingHubDocument } from '../../__generated__/graphql';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { LoadError } from '../kpis/load-error';
import { usePageMeta } from '../shell/page-meta';
import './matchmaking.css';
import { matchmakingMessages } from './messages';
import { localized, zonedRange } from './shared';

const sections = [
  { to: '/matchmaking/offers', title: 'hub.offers', text: 'hub.offersText' },
  { to: '/matchmaking/suggestions', title: 'hub.suggestions', text: 'hub.suggestionsText' },
  { to: '/matchmaking/requests', title: 'hub.requests', text: 'hub.requestsText' },
  { to: '/matchmaking/schedule', title: 'hub.schedule', text: 'hub.scheduleText' },
] as const;

/** The matchmaking hub (/matchmaking): its four pages and the workshops ahead. */
export default function MatchmakingHubPage() {
  const { locale } = useLocale();
  const t = useMessages(matchmakingMessages);
  usePageMeta({ title: t.hubTitle, description: t.hubIntro });
  const { data, error, refetch } = useQuery(MatchmakingHubDocument, { variables: { locale } });
  const now = Date.now();
  const workshops = (data?.economies ?? [])
    .flatMap((economy) => economy.workshops.map((workshop) => ({ workshop, host: economy.name })))
    .filter(({ workshop }) => workshop.status !== 'CANCELLED' && Date.parse(workshop.endsAt) >= now)
    .sort((a, b) => Date.parse(a.workshop.startsAt) - Date.parse(b.workshop.startsAt));

  return (
    <div className="matchmaking">
      <h1>{t.hubTitle}</h1>
      <p className="matchmaking__intro">{t.hubIntro}</p>
      <ul className="matchmaking__sections">
        {sections.map((s) => (
          <li key={s.to} className="matchmaking__card">
            <h2>
              <Link to={s.to}>{t[s.title]}</Link>
            </h2>
            <p>{t[s.text]}</p>
          </li>
        ))}
      </ul>
      <section aria-labelledby="hub-workshops">
        <h2 id="hub-workshops">{t['hub.workshops']}</h2>
        {error ? (
          <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />
        ) : !data ? (
          <p role="status">{t.loading}</p>
        ) : workshops.length === 0 ? (
          <p>{t['hub.noWorkshops']}</p>
        ) : (
          <ul className="matchmaking__list">
            {workshops.map(({ workshop, host }) => (
              <li key={workshop.id}>
                <Link to={`/workshops/${workshop.id}`}>{localized(workshop.title, locale)}</Link>
                <p>
                  <time dateTime={workshop.startsAt}>
                    {zonedRange(locale, workshop.timeZone, workshop.startsAt, workshop.endsAt)}
                  </time>{' '}
                  ({workshop.timeZone}) · {t[`wStatus.${workshop.status}`]}
                </p>
                <p>
                  {interpolate(t.workshopWhere, {
                    host,
                    where: workshop.online ? t.online : (workshop.venue ?? '—'),
                  })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
