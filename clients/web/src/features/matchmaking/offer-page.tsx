import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  ExpressInterestDocument,
  FollowOfferDocument,
  MatchmakingVocabularyDocument,
  OfferDetailDocument,
  type OfferDetailQuery,
  UnfollowOfferDocument,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { Field } from '../account/account-page';
import { LoadError } from '../kpis/load-error';
import { usePageMeta } from '../shell/page-meta';
import './matchmaking.css';
import { matchmakingMessages } from './messages';
import { OfferFacts, vocabularyNames } from './offers-page';
import {
  ClusterOptions,
  ErrorNotice,
  localized,
  type MatchmakingText,
  problemFor,
  SignInNotice,
  usePublishedClusters,
} from './shared';

type Offer = NonNullable<OfferDetailQuery['cooperationOffer']>;

/** A cooperation offer: /matchmaking/offers/<id>, with "express interest" for signed-in users. */
export default function OfferPage() {
  const { id = '' } = useParams();
  const { locale } = useLocale();
  const t = useMessages(matchmakingMessages);
  const { data, error, refetch } = useQuery(OfferDetailDocument, { variables: { id, locale } });
  const vocabulary = useQuery(MatchmakingVocabularyDocument, { variables: { locale } });
  const offer = data?.cooperationOffer;
  usePageMeta({
    title: offer ? localized(offer.title, locale) : undefined,
    description: offer ? localized(offer.description, locale) : undefined,
  });

  if (error) return <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  if (!data) return <p role="status">{t.loading}</p>;
  if (!offer)
    return (
      <p className="notice" role="alert">
        {interpolate(t.offerNotFound, { id })}
      </p>
    );
  const names = vocabularyNames(vocabulary.data);
  return (
    <article className="matchmaking" aria-labelledby="offer-heading">
      <p>
        <Link to="/matchmaking/offers">{t.allOffers}</Link>
      </p>
      <p className="matchmaking__kind">
        {t[`kind.${offer.kind}`]} · {t[`offerStatus.${offer.status}`]}
      </p>
      <h1 id="offer-heading">{localized(offer.title, locale)}</h1>
      <p className="matchmaking__text">{localized(offer.description, locale)}</p>
      <OfferFacts offer={offer} names={names} t={t} />
      <p>
        <Link to={`/clusters/${offer.cluster.slug}`}>{offer.cluster.name}</Link>
      </p>
      <Follow offer={offer} t={t} />
      {offer.soughtPartner ? (
        <section aria-labelledby="offer-sought">
          <h2 id="offer-sought">{t.soughtPartner}</h2>
          {offer.soughtPartner.description ? (
            <p>{localized(offer.soughtPartner.description, locale)}</p>
          ) : null}
          {offer.soughtPartner.specializations.length > 0 ? (
            <p>
              {interpolate(t.sectorsList, {
                sectors: offer.soughtPartner.specializations.map(names.sector).join(', '),
              })}
            </p>
          ) : null}
        </section>
      ) : null}
      {offer.interests ? <Interests interests={offer.interests} t={t} /> : <Interest offer={offer} t={t} />}
    </article>
  );
}

function Interest({ offer, t }: { offer: Offer; t: MatchmakingText }) {
  const { format } = useLocale();
  const mine = offer.myInterest;
  let body: ReactNode;
  if (mine) {
    body = (
      <p role="status">
        {mine.fromCluster
          ? interpolate(t.interestSentFor, {
              cluster: mine.fromCluster.name,
              date: format.dateTime(mine.createdAt),
            })
          : interpolate(t.interestSent, { date: format.dateTime(mine.createdAt) })}
      </p>
    );
  } else if (offer.status !== 'OPEN') body = <p>{t.offerClosed}</p>;
  else if (!sessionToken()) body = <SignInNotice text={t.signInInterest} />;
  else body = <InterestForm offerId={offer.id} t={t} />;
  return (
    <section aria-labelledby="offer-interest" className="matchmaking__card">
      <h2 id="offer-interest">{t.interestHeading}</h2>
      {body}
    </section>
  );
}

function InterestForm({ offerId, t }: { offerId: string; t: MatchmakingText }) {
  const { locale } = useLocale();
  const [express, { loading, error }] = useMutation(ExpressInterestDocument, {
    refetchQueries: [OfferDetailDocument],
    awaitRefetchQueries: true,
  });
  const [message, setMessage] = useState('');
  const [fromClusterId, setFromClusterId] = useState('');
  const mine = usePublishedClusters() ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    await express({
      variables: { input: { offerId, message, fromClusterId: fromClusterId || null }, locale },
    }).catch(() => undefined);
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t.interestHeading}>
      <ErrorNotice error={error} fields={['message', 'fromClusterId']} />
      <Field label={t.interestFor} error={problemFor(error, 'fromClusterId')}>
        <select value={fromClusterId} onChange={(e) => setFromClusterId(e.target.value)}>
          <option value="">{t.forMyself}</option>
          <ClusterOptions clusters={mine} />
        </select>
      </Field>
      <Field label={t.interestMessage} error={problemFor(error, 'message')}>
        <textarea rows={4} value={message} onChange={(e) => setMessage(e.target.value)} />
      </Field>
      <button type="submit" disabled={loading}>
        {loading ? t.sending : t.send}
      </button>
    </form>
  );
}

/** What its cluster's managers (and the coordinators, the secretariat) see: who answered, with what. */
function Interests({ interests, t }: { interests: NonNullable<Offer['interests']>; t: MatchmakingText }) {
  const { format } = useLocale();
  return (
    <section aria-labelledby="offer-interests" className="matchmaking__card">
      <h2 id="offer-interests">
        {interpolate(t.interestsHeading, { count: format.number(interests.length) })}
      </h2>
      {interests.length === 0 ? <p>{t.noInterests}</p> : null}
      <ul className="matchmaking__list">
        {interests.map((i) => (
          <li key={i.id}>
            <p>
              {i.fromCluster ? (
                <Link to={`/clusters/${i.fromCluster.slug}`}>{i.fromCluster.name}</Link>
              ) : (
                t.aUser
              )}
              {' · '}
              <time dateTime={i.createdAt}>{format.dateTime(i.createdAt)}</time>
            </p>
            <p>{i.message}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Following an open offer: its changes and its closing are notified (signed-in users). */
function Follow({ offer, t }: { offer: Offer; t: MatchmakingText }) {
  const { format } = useLocale();
  const [follow, following] = useMutation(FollowOfferDocument);
  const [unfollow, unfollowing] = useMutation(UnfollowOfferDocument);
  const count = interpolate(t.followers, { count: format.number(offer.followerCount) });
  if (!sessionToken() || (offer.status !== 'OPEN' && !offer.followedByMe)) return <p>{count}</p>;
  const change = offer.followedByMe ? unfollow : follow;
  return (
    <div className="matchmaking__actions">
      <span>{count}</span>
      <button
        type="button"
        aria-pressed={offer.followedByMe}
        disabled={following.loading || unfollowing.loading}
        onClick={() => void change({ variables: { id: offer.id } }).catch(() => undefined)}
      >
        {t.follow}
      </button>
      <ErrorNotice error={following.error ?? unfollowing.error} />
    </div>
  );
}
