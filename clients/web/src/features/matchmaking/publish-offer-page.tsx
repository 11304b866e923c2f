import { useMutation, useQuery } from '@apollo/client/react';
import type { FormEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  type CooperationOfferKind,
  MatchmakingVocabularyDocument,
  PublishOfferDocument,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { useLocale, useMessages } from '../../i18n-react';
import { Field } from '../account/account-page';
import { usePageMeta } from '../shell/page-meta';
import './matchmaking.css';
import { matchmakingMessages } from './messages';
import { EconomyOptions, offerKinds } from './offers-page';
import { ClusterOptions, ErrorNotice, problemFor, SignInNotice, usePublishedClusters } from './shared';

const formFields = ['clusterId', 'kind', 'title', 'description', 'sectors', 'targetEconomies', 'deadline'];

/** Publishing a cooperation offer for a published cluster the user manages: /matchmaking/offers/new. */
export default function PublishOfferPage() {
  const { locale } = useLocale();
  const t = useMessages(matchmakingMessages);
  usePageMeta({ title: t.publishTitle });
  const navigate = useNavigate();
  const signedIn = sessionToken() !== null;
  const mine = usePublishedClusters(!signedIn);
  const vocabulary = useQuery(MatchmakingVocabularyDocument, { variables: { locale } });
  const [publish, { loading, error }] = useMutation(PublishOfferDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const chosen = (name: string) =>
      Array.from((element.elements.namedItem(name) as HTMLSelectElement).selectedOptions, (o) => o.value);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const result = await publish({
      variables: {
        input: {
          clusterId: text('clusterId'),
          kind: text('kind') as CooperationOfferKind,
          title: { en: text('titleEn'), ru: text('titleRu') || null },
          description: { en: text('descriptionEn'), ru: text('descriptionRu') || null },
          sectors: chosen('sectors'),
          targetEconomies: chosen('targetEconomies'),
          deadline: text('deadline') || null,
        },
      },
    }).catch(() => undefined);
    const id = result?.data?.publishCooperationOffer.id;
    if (id) navigate(`/matchmaking/offers/${id}`);
  }

  let body: ReactNode;
  if (!signedIn) body = <SignInNotice text={t.signInFirst} />;
  else if (!mine) body = <p role="status">{t.loading}</p>;
  else if (mine.length === 0) body = <p className="notice">{t.noClusters}</p>;
  else
    body = (
      <form className="form" onSubmit={submit} noValidate aria-label={t.publishTitle}>
        <ErrorNotice error={error} fields={formFields} />
        <Field label={t.cluster} error={problemFor(error, 'clusterId')}>
          <select name="clusterId" defaultValue={mine[0]?.id}>
            <ClusterOptions clusters={mine} />
          </select>
        </Field>
        <Field label={t.kind} error={problemFor(error, 'kind')}>
          <select name="kind" defaultValue="OFFER">
            {offerKinds.map((k) => (
              <option key={k} value={k}>
                {t[`kind.${k}`]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t.titleEn} error={problemFor(error, 'title')}>
          <input name="titleEn" required />
        </Field>
        <Field label={t.titleRu}>
          <input name="titleRu" lang="ru" />
        </Field>
        <Field label={t.descriptionEn} error={problemFor(error, 'description')}>
          <textarea name="descriptionEn" rows={5} required />
        </Field>
        <Field label={t.descriptionRu}>
          <textarea name="descriptionRu" rows={5} lang="ru" />
        </Field>
        <Field label={t.sectors} hint={t.multiHint} error={problemFor(error, 'sectors')}>
          <select name="sectors" multiple size={6}>
            {(vocabulary.data?.specializations ?? []).map((s) => (
              <option key={s.code} value={s.code}>
                {s.parent ? `— ${s.name}` : s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t.targetEconomies} hint={t.multiHint} error={problemFor(error, 'targetEconomies')}>
          <select name="targetEconomies" multiple size={6}>
            <EconomyOptions vocabulary={vocabulary.data} />
          </select>
        </Field>
        <Field label={t.deadline} error={problemFor(error, 'deadline')}>
          <input name="deadline" type="date" />
        </Field>
        <button type="submit" disabled={loading}>
          {loading ? t.publishing : t.publish}
        </button>
      </form>
    );

  return (
    <div className="matchmaking">
      <h1>{t.publishTitle}</h1>
      <p>{t.publishIntro}</p>
      {body}
    </div>
  );
}
