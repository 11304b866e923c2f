import { useQuery } from '@apollo/client/react';
import { type Locale, messagesFor } from '../../i18n';
import { type EconomyOverview, loadFailureHeadline, summarizeEconomies } from './economies-overview';
import { EconomiesOverviewDocument } from './economies-overview-query';

export function EconomiesPage({ locale }: { locale: Locale }) {
  const messages = messagesFor(locale);
  const { data, loading, error, refetch } = useQuery(EconomiesOverviewDocument, { variables: { locale } });

  return (
    <section className="economies" aria-labelledby="economies-heading" aria-busy={loading}>
      <h2 id="economies-heading">{messages.economiesHeading}</h2>
      <p className="economies__intro">{messages.economiesIntro}</p>
      {error ? (
        <div className="notice notice--error" role="alert">
          <p className="notice__headline">{loadFailureHeadline(error, messages)}</p>
          <p className="notice__detail">{error.message}</p>
          <button type="button" onClick={() => void refetch().catch(() => undefined)}>
            {messages.retry}
          </button>
        </div>
      ) : data ? (
        <EconomiesTable economies={data.economies} locale={locale} />
      ) : loading ? (
        <p className="notice" role="status">
          {messages.loadingEconomies}
        </p>
      ) : null}
    </section>
  );
}

export function EconomiesTable({
  economies,
  locale,
}: {
  economies: readonly EconomyOverview[];
  locale: Locale;
}) {
  const messages = messagesFor(locale);
  const summary = summarizeEconomies(economies, locale);
  const count = new Intl.NumberFormat(locale);

  return (
    <table className="economies__table">
      <thead>
        <tr>
          <th scope="col">{messages.code}</th>
          <th scope="col">{messages.economy}</th>
          <th scope="col" className="numeric">
            {messages.publishedClusters}
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
            <td className="numeric">{count.format(economy.clusterCount)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {messages.totalPublishedClusters}
          </th>
          <td className="numeric" data-testid="total-clusters">
            {count.format(summary.totalClusters)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
