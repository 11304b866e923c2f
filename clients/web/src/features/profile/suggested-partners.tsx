import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { ProfilePartnersDocument } from '../../__generated__/graphql';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { messages } from './messages';

/**
 * The three best partners suggested for the cluster, shown on its profile to those who act for it (its
 * managers, its economy's coordinators, the secretariat — the caller decides to render it), each with its score;
 * the seven criteria in words and a request to send are on /matchmaking/suggestions.
 */
export function SuggestedPartners({ clusterId }: { clusterId: string }) {
  const t = useMessages(messages);
  const { locale, format } = useLocale();
  const { data, error } = useQuery(ProfilePartnersDocument, { variables: { id: clusterId, locale } });
  const suggestions = data?.cluster?.suggestedPartners ?? [];
  return (
    <section className="profile__section" aria-labelledby="suggested-partners">
      <h2 id="suggested-partners">{t.suggestedPartners}</h2>
      {error ? (
        <p role="alert">{t.suggestionsFailed}</p>
      ) : !data ? (
        <p role="status">{t.loadingSuggestions}</p>
      ) : suggestions.length === 0 ? (
        <p>{t.noSuggestions}</p>
      ) : (
        <ol className="profile__cards">
          {suggestions.map((s) => (
            <li key={s.cluster.id}>
              <Link to={`/clusters/${s.cluster.slug}`}>{s.cluster.name}</Link> · {s.cluster.economy.name} ·{' '}
              {interpolate(t.suggestionScore, {
                score: format.number(s.score, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
              })}
            </li>
          ))}
        </ol>
      )}
      <p>
        <Link to="/matchmaking/suggestions">{t.allSuggestions}</Link>
      </p>
    </section>
  );
}
