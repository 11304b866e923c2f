import { useQuery } from '@apollo/client/react';
import { type FormEvent, useId } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  HomePageDocument,
  type HomePageQuery,
  type HomePublicationFragment,
} from '../../__generated__/graphql';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { usePageMeta } from '../shell/page-meta';
import { messages } from './messages';
import './home.css';

type Kpi = HomePageQuery['kpis'][number];

/** The latest year's APEC-wide figure of each KPI, in the Blueprint's order. */
export function latestKpis(figures: readonly Kpi[]): Kpi[] {
  const order = [
    'ECONOMIES_REGISTERED',
    'CLUSTERS_RESPONDED',
    'PARTICIPANTS_CHECKED_IN',
    'MEETINGS_HELD',
    'SUCCESS_STORIES',
  ];
  const latest = new Map<string, Kpi>();
  for (const figure of figures) {
    const seen = latest.get(figure.kpi);
    if (!seen || figure.year > seen.year) latest.set(figure.kpi, figure);
  }
  return order.flatMap((kpi) => latest.get(kpi) ?? []);
}

export default function HomePage() {
  const t = useMessages(messages);
  const { format } = useLocale();
  const navigate = useNavigate();
  const searchId = useId();
  usePageMeta({ description: t.initiative });
  const { data, loading, error } = useQuery(HomePageDocument);

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    navigate(text ? `/registry?${new URLSearchParams({ q: text })}` : '/registry');
  }

  return (
    <div className="home">
      <section className="home__intro" aria-labelledby="home-heading">
        <h1 id="home-heading">{t.heading}</h1>
        <p>{t.initiative}</p>
        <search>
          <form className="home__search" onSubmit={search}>
            <label htmlFor={searchId}>{t.searchLabel}</label>
            <div className="home__search-row">
              <input id={searchId} name="q" type="search" placeholder={t.searchPlaceholder} />
              <button type="submit">{t.search}</button>
            </div>
          </form>
        </search>
        <p>
          <Link to="/map">{t.openMap}</Link>
        </p>
      </section>
      {error ? (
        <p className="notice notice--error" role="alert">
          {t.failed}
        </p>
      ) : null}
      {loading && !data ? (
        <p className="notice" role="status">
          {t.loading}
        </p>
      ) : null}
      {data ? (
        <>
          <section aria-labelledby="home-kpis" className="home__kpis">
            <h2 id="home-kpis">{t.kpis}</h2>
            {latestKpis(data.kpis).length === 0 ? <p>{t.noKpis}</p> : null}
            <ul>
              {latestKpis(data.kpis).map((figure) => (
                <li key={figure.kpi} className="kpi">
                  <span className="kpi__value">{format.number(figure.value)}</span>
                  <span className="kpi__label">{t[figure.kpi]}</span>
                  <span className="kpi__meta">
                    {interpolate(t.kpiYear, { year: figure.year })}
                    {figure.target != null
                      ? ` · ${interpolate(t.kpiTarget, { target: format.number(figure.target) })}`
                      : ''}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          <div className="home__publications">
            <Publications heading={t.news} items={data.news.nodes} />
            <Publications heading={t.research} items={data.research.nodes} />
            <Publications heading={t.policyReviews} items={data.policyReviews.nodes} />
          </div>
        </>
      ) : null}
    </div>
  );
}

function Publications({ heading, items }: { heading: string; items: readonly HomePublicationFragment[] }) {
  const t = useMessages(messages);
  const { format } = useLocale();
  const id = useId();
  return (
    <section aria-labelledby={id} className="home__list">
      <h2 id={id}>{heading}</h2>
      {items.length === 0 ? <p>{t.nothingPublished}</p> : null}
      <ul>
        {items.map((item) => (
          <li key={item.id} lang={item.language}>
            <h3>{item.title}</h3>
            {item.publishedAt ? (
              <time dateTime={item.publishedAt}>{format.date(item.publishedAt)}</time>
            ) : null}
            {item.summary ? <p>{item.summary}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
