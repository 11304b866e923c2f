import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import taxonomy from '../../../../../schemas/reference/specializations.json';
import type { Locale } from '../../i18n';
import { BarChart, ColumnChart } from '../kpis/charts';
import '../kpis/charts.css';
import './economy.css';
import { Link, useParams } from 'react-router-dom';
import { EconomyPageDocument, type EconomyPageQuery } from '../../__generated__/graphql';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { usePageMeta } from '../shell/page-meta';
import { ScrollRegion } from '../shell/scroll-region';
import { LoadError } from '../kpis/load-error';
import { messages } from './messages';

export type EconomyPageData = NonNullable<EconomyPageQuery['economy']>;
type EconomyMessages = (typeof messages)['en'];

/** How many years of history the page charts, ending with the current one. */
export const HISTORY_YEARS = 6;

const specializationNames = new Map(
  (
    taxonomy as { specializations: Array<{ code: string; name: { en: string; ru?: string } }> }
  ).specializations.map((s) => [s.code, s.name]),
);

export function specializationName(code: string, locale: Locale): string {
  const name = specializationNames.get(code);
  return name ? (name[locale] ?? name.en) : code;
}

export function economyPageVariables(code: string, locale: Locale, now = new Date()) {
  const to = now.getUTCFullYear();
  return { code: code.toUpperCase(), locale, from: to - HISTORY_YEARS + 1, to };
}

/** The economy page: /economies/<code>. */
export default function EconomyRoute() {
  return <EconomyPage code={useParams().code ?? ''} />;
}

export function EconomyPage({ code }: { code: string }) {
  const { locale } = useLocale();
  const m = useMessages(messages);
  const { data, loading, error, refetch } = useQuery(EconomyPageDocument, {
    variables: economyPageVariables(code, locale),
  });
  const economy = data?.economy;
  usePageMeta({
    title: economy?.name,
    description: economy
      ? `${economy.name}: ${m.statistics}, ${m.supportMeasures}, ${m.clusters}`
      : undefined,
  });

  if (error) {
    return <LoadError headline={m.failed} error={error} retry={m.retry} onRetry={refetch} />;
  }
  if (!data) {
    return loading ? (
      <p className="notice" role="status">
        {m.loading}
      </p>
    ) : null;
  }
  if (!economy) {
    return (
      <p className="notice" role="alert">
        {interpolate(m.notFound, { code: code.toUpperCase() })}
      </p>
    );
  }
  return <EconomyView economy={economy} />;
}

export function EconomyView({ economy }: { economy: EconomyPageData }) {
  const { locale, format } = useLocale();
  const m = useMessages(messages);
  const number = { format: (value: number) => format.number(value) };
  const formatDate = (iso: string) => format.date(iso, { dateStyle: 'long', timeZone: 'UTC' });

  return (
    <article className="economy" aria-labelledby="economy-heading">
      <header className="page-header">
        <h1 id="economy-heading">{economy.name}</h1>
        <dl className="facts">
          <div>
            <dt>{m.timeZone}</dt>
            <dd>{economy.timeZone}</dd>
          </div>
          <div>
            <dt>{m.registeredAt}</dt>
            <dd>{economy.registeredAt ? formatDate(economy.registeredAt) : m.notRegistered}</dd>
          </div>
        </dl>
      </header>

      <Statistics economy={economy} m={m} formatDate={formatDate} />

      <ListSection
        id="economy-measures"
        title={m.supportMeasures}
        empty={m.noSupportMeasures}
        items={economy.supportMeasures}
        render={(measure) => (
          <li key={measure.id} className="card">
            <h3>{measure.link ? <a href={measure.link}>{measure.name.text}</a> : measure.name.text}</h3>
            <p className="muted">
              {m[`measureType.${measure.type}`]} · {m.agency}: {measure.agency}
              {measure.years
                ? ` · ${m.years}: ${
                    measure.years.to == null
                      ? interpolate(m.ongoing, { from: measure.years.from })
                      : `${measure.years.from}–${measure.years.to}`
                  }`
                : ''}
            </p>
            {measure.description ? <p>{measure.description}</p> : null}
          </li>
        )}
      />

      <ListSection
        id="economy-institutions"
        title={m.institutions}
        empty={m.noInstitutions}
        items={economy.institutions}
        render={(institution) => (
          <li key={institution.id} className="card">
            <h3>
              {institution.link ? (
                <a href={institution.link}>{institution.name.text}</a>
              ) : (
                institution.name.text
              )}
            </h3>
            {institution.role ? <p className="muted">{institution.role}</p> : null}
          </li>
        )}
      />

      <ListSection
        id="economy-officials"
        title={m.officials}
        empty={m.noOfficials}
        items={economy.officials}
        render={(official) => (
          <li key={official.id} className="card">
            <h3>{official.name}</h3>
            <p className="muted">
              {official.position}
              {official.institution ? `, ${official.institution}` : ''}
            </p>
            <p className="contacts">
              {official.email ? <a href={`mailto:${official.email}`}>{official.email}</a> : null}
              {official.phone ? (
                <a href={`tel:${official.phone.replace(/[^+\d]/g, '')}`}>{official.phone}</a>
              ) : null}
              {official.link ? <a href={official.link}>{m.website}</a> : null}
            </p>
          </li>
        )}
      />

      <ListSection
        id="economy-clusters"
        title={`${m.clusters} (${number.format(economy.clusterCount)})`}
        empty={m.noClusters}
        items={economy.clusters}
        className="link-list"
        render={(cluster) => (
          <li key={cluster.id}>
            <Link to={`/clusters/${cluster.slug}`}>{cluster.name}</Link>
            <span className="muted">
              {[cluster.region, ...cluster.specializations.map((s) => specializationName(s, locale))]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </li>
        )}
      />

      <ListSection
        id="economy-workshops"
        title={m.workshops}
        empty={m.noWorkshops}
        items={economy.workshops}
        className="link-list"
        render={(workshop) => (
          <li key={workshop.id}>
            <Link to={`/workshops/${workshop.id}`}>
              {(locale === 'ru' && workshop.title.ru) || workshop.title.en}
            </Link>
            <span className="muted">
              <WorkshopWhen workshop={workshop} locale={locale} />
              {' · '}
              {workshop.online ? m.online : (workshop.venue ?? '')}
              {' · '}
              {m[`workshopStatus.${workshop.status}`]}
              {workshop.status === 'REGISTRATION_OPEN'
                ? ` · ${interpolate(m.seatsLeft, { n: number.format(workshop.seatsLeft) })}`
                : ''}
            </span>
          </li>
        )}
      />

      <ListSection
        id="economy-publications"
        title={m.publications}
        empty={m.noPublications}
        items={economy.publications}
        render={(publication) => (
          <li key={publication.id} className="card" lang={publication.language}>
            <p className="muted" lang={locale}>
              {m[`publicationKind.${publication.kind}`]}
              {publication.publishedAt ? (
                <>
                  {' · '}
                  <time dateTime={publication.publishedAt}>{formatDate(publication.publishedAt)}</time>
                </>
              ) : null}
            </p>
            <h3>{publication.title}</h3>
            {publication.summary ? <p>{publication.summary}</p> : null}
          </li>
        )}
      />

      {economy.pageUpdatedAt ? (
        <p className="muted">{interpolate(m.pageUpdated, { date: formatDate(economy.pageUpdatedAt) })}</p>
      ) : null}
    </article>
  );
}

/** A section of the page listing entries, or a note when there are none. */
function ListSection<T>({
  id,
  title,
  empty,
  items,
  className = 'cards',
  render,
}: {
  id: string;
  title: string;
  empty: string;
  items: readonly T[];
  className?: string;
  render: (item: T) => ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className={className}>{items.map(render)}</ul>
      )}
    </section>
  );
}

/** A workshop's dates in its own time zone (where it happens), e.g. "12–14 May 2026". */
function WorkshopWhen({
  workshop,
  locale,
}: {
  workshop: { startsAt: string; endsAt: string; timeZone: string };
  locale: Locale;
}) {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: workshop.timeZone });
  return (
    <time dateTime={workshop.startsAt}>
      {format.formatRange(new Date(workshop.startsAt), new Date(workshop.endsAt))}
    </time>
  );
}

function Statistics({
  economy,
  m,
  formatDate,
}: {
  economy: EconomyPageData;
  m: EconomyMessages;
  formatDate: (iso: string) => string;
}) {
  const { locale, format: formatters } = useLocale();
  const s = economy.statistics;
  const number = { format: (value: number) => formatters.number(value) };
  const percent = { format: (fraction: number) => formatters.percent(fraction) };
  const figures: Array<[string, number]> = [
    [m.publishedClusters, s.publishedClusters],
    [m.members, s.members],
    [m.clustersWithInternationalMemberships, s.clustersWithInternationalMemberships],
    [m.internationalMemberships, s.internationalMemberships],
    [m.openOffers, s.openCooperationOffers],
    [m.successStories, s.successStories],
    [m.internationalSuccessStories, s.internationalSuccessStories],
  ];
  const format = (value: number) => number.format(value);

  return (
    <section aria-labelledby="economy-statistics">
      <h2 id="economy-statistics">{m.statistics}</h2>
      {s.asOf ? <p className="muted">{interpolate(m.asOf, { date: formatDate(s.asOf) })}</p> : null}
      <dl className="figures">
        {figures.map(([label, value]) => (
          <div key={label} className="figure">
            <dt>{label}</dt>
            <dd>{number.format(value)}</dd>
          </div>
        ))}
      </dl>
      <div className="charts">
        <ColumnChart
          title={m.byYear}
          data={economy.statisticsByYear.map((y) => ({ label: String(y.year), value: y.publishedClusters }))}
          format={format}
          empty={m.noData}
        />
        <BarChart
          title={m.bySpecialization}
          data={s.bySpecialization.map((x) => ({
            label: specializationName(x.code, locale),
            value: x.clusters,
          }))}
          format={format}
          empty={m.noData}
        />
        <BarChart
          title={m.byMemberType}
          data={s.byMemberType.map((x) => ({ label: m[`memberType.${x.memberType}`], value: x.members }))}
          format={format}
          empty={m.noData}
        />
      </div>
      <h3>{m.responseRates}</h3>
      {s.responseRates.length === 0 ? (
        <p className="muted">{m.noData}</p>
      ) : (
        <ScrollRegion label={m.responseRates}>
          <table>
            <thead>
              <tr>
                <th scope="col">{m.kind}</th>
                <th scope="col">{m.campaignOpened}</th>
                <th scope="col" className="numeric">
                  {m.responded}
                </th>
                <th scope="col" className="numeric">
                  {m.audience}
                </th>
                <th scope="col" className="numeric">
                  {m.rate}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.responseRates.map((r) => (
                <tr key={r.campaignId}>
                  <th scope="row">{m[`questionnaireKind.${r.questionnaireKind}`]}</th>
                  <td>{formatDate(r.opensAt)}</td>
                  <td className="numeric">{number.format(r.responded)}</td>
                  <td className="numeric">{number.format(r.audience)}</td>
                  <td className="numeric">{r.rate == null ? '—' : percent.format(r.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
