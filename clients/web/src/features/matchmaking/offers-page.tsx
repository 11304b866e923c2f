import { useQuery } from '@apollo/client/react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  type CooperationOfferFilter,
  type CooperationOfferKind,
  MatchmakingVocabularyDocument,
  type MatchmakingVocabularyQuery,
  type OfferSummaryFragment,
  OffersBoardDocument,
} from '../../__generated__/graphql';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { LoadError } from '../kpis/load-error';
import { usePageMeta } from '../shell/page-meta';
import './matchmaking.css';
import { matchmakingMessages } from './messages';
import { localized, type MatchmakingText } from './shared';

export const offerKinds: readonly CooperationOfferKind[] = ['OFFER', 'NEED', 'PROJECT'];
const PAGE_SIZE = 20;
const filterKeys = ['q', 'kind', 'economy', 'sector', 'target'] as const;

/** The board's filters as the URL holds them (shareable), as the API's CooperationOfferFilter. */
export function offerFilterOf(params: URLSearchParams): CooperationOfferFilter {
  const kind = params.get('kind');
  const economy = params.get('economy');
  const sector = params.get('sector');
  return {
    text: params.get('q') || null,
    kinds: kind && offerKinds.includes(kind as CooperationOfferKind) ? [kind as CooperationOfferKind] : null,
    economies: economy ? [economy] : null,
    sectors: sector ? [sector] : null,
    targetEconomy: params.get('target') || null,
  };
}

/** Names for codes: economies and specializations as the API names them in the reader's language. */
export function vocabularyNames(vocabulary: MatchmakingVocabularyQuery | undefined) {
  const economies = new Map((vocabulary?.economies ?? []).map((e) => [e.code, e.name]));
  const sectors = new Map((vocabulary?.specializations ?? []).map((s) => [s.code, s.name]));
  return {
    economy: (code: string) => economies.get(code) ?? code,
    sector: (code: string) => sectors.get(code) ?? code,
  };
}

/** The offers board: /matchmaking/offers?kind=&economy=&sector=&target=&q= */
export default function OffersPage() {
  const { locale, format } = useLocale();
  const t = useMessages(matchmakingMessages);
  usePageMeta({ title: t.offersTitle, description: t['hub.offersText'] });
  const [params, setParams] = useSearchParams();
  const filter = offerFilterOf(params);
  // Cursors of the pages before the current one: "previous" pops, "next" pushes the current end cursor.
  const [cursors, setCursors] = useState<Array<string | null>>([]);
  const after = cursors.at(-1) ?? null;
  const vocabulary = useQuery(MatchmakingVocabularyDocument, { variables: { locale } });
  const { data, error, refetch, loading } = useQuery(OffersBoardDocument, {
    variables: { filter, first: PAGE_SIZE, after, locale },
  });
  const names = vocabularyNames(vocabulary.data);
  const page = data?.cooperationOffers;

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of filterKeys) {
      const value = String(form.get(key) ?? '').trim();
      if (value) next.set(key, value);
    }
    setCursors([]);
    setParams(next);
  }

  return (
    <div className="matchmaking">
      <h1>{t.offersTitle}</h1>
      <p>
        <Link to="/matchmaking/offers/new">{t.publishLink}</Link>
      </p>
      <form className="matchmaking__filters" onSubmit={apply} aria-label={t.filters} key={params.toString()}>
        <div className="field">
          <label htmlFor="offers-q">{t['filter.text']}</label>
          <input id="offers-q" name="q" type="search" defaultValue={params.get('q') ?? ''} />
        </div>
        <Choice name="kind" label={t['filter.kind']} value={params.get('kind')} t={t}>
          {offerKinds.map((k) => (
            <option key={k} value={k}>
              {t[`kind.${k}`]}
            </option>
          ))}
        </Choice>
        <Choice name="economy" label={t['filter.economy']} value={params.get('economy')} t={t}>
          <EconomyOptions vocabulary={vocabulary.data} />
        </Choice>
        <Choice name="sector" label={t['filter.sector']} value={params.get('sector')} t={t}>
          {(vocabulary.data?.specializations ?? []).map((s) => (
            <option key={s.code} value={s.code}>
              {s.parent ? `— ${s.name}` : s.name}
            </option>
          ))}
        </Choice>
        <Choice name="target" label={t['filter.target']} value={params.get('target')} t={t}>
          <EconomyOptions vocabulary={vocabulary.data} />
        </Choice>
        <div className="matchmaking__actions">
          <button type="submit">{t.show}</button>
          <button
            type="button"
            onClick={() => {
              setCursors([]);
              setParams(new URLSearchParams());
            }}
          >
            {t.clear}
          </button>
        </div>
      </form>
      {error ? (
        <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />
      ) : !page ? (
        <p role="status">{t.loading}</p>
      ) : (
        <section aria-labelledby="offers-count" aria-busy={loading}>
          <h2 id="offers-count">{interpolate(t.offersCount, { count: format.number(page.totalCount) })}</h2>
          {page.nodes.length === 0 ? <p>{t.noOffers}</p> : null}
          <ul className="matchmaking__list">
            {page.nodes.map((offer) => (
              <li key={offer.id}>
                <OfferCard offer={offer} names={names} t={t} />
              </li>
            ))}
          </ul>
          <div className="matchmaking__actions">
            {cursors.length > 0 ? (
              <button type="button" onClick={() => setCursors((c) => c.slice(0, -1))}>
                {t.previous}
              </button>
            ) : null}
            {page.pageInfo.hasNextPage ? (
              <button
                type="button"
                onClick={() => setCursors((c) => [...c, page.pageInfo.endCursor ?? null])}
              >
                {t.more}
              </button>
            ) : null}
          </div>
        </section>
      )}
    </div>
  );
}

function Choice({
  name,
  label,
  value,
  t,
  children,
}: {
  name: string;
  label: string;
  value: string | null;
  t: MatchmakingText;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={`offers-${name}`}>{label}</label>
      <select id={`offers-${name}`} name={name} defaultValue={value ?? ''}>
        <option value="">{t.any}</option>
        {children}
      </select>
    </div>
  );
}

export function EconomyOptions({ vocabulary }: { vocabulary: MatchmakingVocabularyQuery | undefined }) {
  return (
    <>
      {(vocabulary?.economies ?? []).map((e) => (
        <option key={e.code} value={e.code}>
          {e.name}
        </option>
      ))}
    </>
  );
}

/** What a reader needs to decide whether to open an offer. */
export function OfferFacts({
  offer,
  names,
  t,
}: {
  offer: OfferSummaryFragment;
  names: ReturnType<typeof vocabularyNames>;
  t: MatchmakingText;
}) {
  const { format } = useLocale();
  return (
    <ul className="matchmaking__facts">
      <li>
        {interpolate(t.byCluster, {
          cluster: offer.cluster.name,
          economy: names.economy(offer.economyCode),
        })}
      </li>
      {offer.sectors.length > 0 ? (
        <li>{interpolate(t.sectorsList, { sectors: offer.sectors.map(names.sector).join(', ') })}</li>
      ) : null}
      <li>
        {interpolate(t.aimedAt, {
          economies:
            offer.targetEconomies.length > 0
              ? offer.targetEconomies.map(names.economy).join(', ')
              : t.everyEconomy,
        })}
      </li>
      {offer.deadline ? <li>{interpolate(t.answerBy, { date: format.date(offer.deadline) })}</li> : null}
      <li>{interpolate(t.interested, { count: format.number(offer.interestCount) })}</li>
    </ul>
  );
}

function OfferCard({
  offer,
  names,
  t,
}: {
  offer: OfferSummaryFragment;
  names: ReturnType<typeof vocabularyNames>;
  t: MatchmakingText;
}) {
  const { locale } = useLocale();
  return (
    <article className="matchmaking__card" aria-labelledby={`offer-${offer.id}`}>
      <p className="matchmaking__kind">{t[`kind.${offer.kind}`]}</p>
      <h3 id={`offer-${offer.id}`}>
        <Link to={`/matchmaking/offers/${offer.id}`}>{localized(offer.title, locale)}</Link>
      </h3>
      <p className="matchmaking__excerpt">{localized(offer.description, locale)}</p>
      <OfferFacts offer={offer} names={names} t={t} />
    </article>
  );
}
