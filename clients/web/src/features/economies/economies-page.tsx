import { useQuery } from '@apollo/client/react';
import { EconomiesOverviewDocument } from '../../__generated__/graphql';
import { useLocale, useMessages } from '../../i18n-react';
import { usePageMeta } from '../shell/page-meta';
import { type EconomyOverview, loadFailureHeadline, summarizeEconomies } from './economies-overview';
import { messages } from './messages';

export default function EconomiesPage() {
  const { locale } = useLocale();
  const t = useMessages(messages);
  usePageMeta({ title: t.economiesHeading, description: t.economiesIntro });
  const { data, loading, error, refetch } = useQuery(EconomiesOverviewDocument, { variables: { locale } });

  return (
    <section className="economies" aria-labelledby="economies-heading" aria-busy={loading}>
      <h1 id="economies-heading">{t.economiesHeading}</h1>
      <p className="economies__intro">{t.economiesIntro}</p>
      {error ? (
        <div className="notice notice--error" role="alert">
          <p className="notice__headline">{loadFailureHeadline(error, t)}</p>
          <p className="notice__detail">{error.message}</p>
          <button type="button" onClick={() => void refetch().catch(() => undefined)}>
            {t.retry}
          </button>
        </div>
      ) : data ? (
        <EconomiesTable economies={data.economies} />
      ) : loading ? (
        <p className="notice" role="status">
          {t.loadingEconomies}
        </p>
      ) : null}
    </section>
  );
}

export function EconomiesTable({ economies }: { economies: readonly EconomyOverview[] }) {
  const { locale, format } = useLocale();
  const t = useMessages(messages);
  const summary = summarizeEconomies(economies, locale);

  return (
    <table className="economies__table">
      <thead>
        <tr>
          <th scope="col">{t.code}</th>
          <th scope="col">{t.economy}</th>
          <th scope="col" className="numeric">
            {t.publishedClusters}
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.economies.map((economy) => (
          <tr key={economy.code}>
            <td>
              <code>{economy.code}</code>
            </td>
            <th scope="row" lang={locale}>
              {economy.name}
            </th>
            <td className="numeric">{format.number(economy.clusterCount)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {t.totalPublishedClusters}
          </th>
          <td className="numeric" data-testid="total-clusters">
            {format.number(summary.totalClusters)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
