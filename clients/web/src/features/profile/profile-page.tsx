import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  ClusterProfileDocument,
  type ClusterProfileQuery,
  ProfileViewerDocument,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate, type Locale } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { mayEdit } from '../profile-edit/may-edit';
import { MessageCluster } from '../profile-edit/message-cluster';
import { usePageMeta } from '../shell/page-meta';
import { messages } from './messages';
import { SuggestedPartners } from './suggested-partners';
import './profile.css';

type Cluster = NonNullable<ClusterProfileQuery['cluster']>;

/** A LocalizedText in the reader's language, English when it has no translation. */
function localized(text: { en: string; ru?: string | null }, locale: Locale): string {
  return (locale === 'ru' ? text.ru : undefined) || text.en;
}

function regionName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export default function ProfilePage() {
  const { slug = '' } = useParams();
  const { locale } = useLocale();
  const t = useMessages(messages);
  const { data, loading, error } = useQuery(ClusterProfileDocument, { variables: { slug, locale } });
  const cluster = data?.cluster;
  usePageMeta({
    title: cluster?.name ?? (data ? t.notFound : undefined),
    description: cluster?.mission?.text ? cluster.mission.text.slice(0, 200) : undefined,
  });

  if (error)
    return (
      <div className="notice notice--error" role="alert">
        <p className="notice__headline">{t.failed}</p>
        <p className="notice__detail">{error.message}</p>
      </div>
    );
  if (loading && !data)
    return (
      <p className="notice" role="status">
        {t.loading}
      </p>
    );
  if (!cluster)
    return (
      <div className="notice" role="alert">
        <p className="notice__headline">{t.notFound}</p>
        <Link to="/registry">{t.backToRegistry}</Link>
      </div>
    );
  const specializations = new Map(data.specializations.map((s) => [s.code, s.name]));
  return <Profile cluster={cluster} specializationName={(code) => specializations.get(code) ?? code} />;
}

/** Whether the signed-in reader acts for the cluster (its managers, its economy's coordinators, the secretariat). */
function useActsFor(cluster: Pick<Cluster, 'id' | 'economyCode'>): boolean {
  const signedIn = sessionToken() !== null;
  const { data } = useQuery(ProfileViewerDocument, { skip: !signedIn });
  return signedIn && mayEdit(data?.me?.grants ?? [], cluster);
}

/** A link to the edit mode for those who may edit the profile (its managers, coordinators, the secretariat). */
function EditLink({ cluster }: { cluster: Pick<Cluster, 'id' | 'slug' | 'economyCode'> }) {
  const t = useMessages(messages);
  if (!useActsFor(cluster)) return null;
  return (
    <p className="profile__edit">
      <Link to={`/clusters/${cluster.slug}/edit`}>{t.edit}</Link>
    </p>
  );
}

function Section({ id, heading, children }: { id: string; heading: string; children: ReactNode }) {
  return (
    <section className="profile__section" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {children}
    </section>
  );
}

function Field({ label, value }: { label: string; value: ReactNode }) {
  const t = useMessages(messages);
  return (
    <>
      <dt>{label}</dt>
      <dd>{value === null || value === undefined || value === '' ? t.nothing : value}</dd>
    </>
  );
}

export function Profile({
  cluster,
  specializationName,
}: {
  cluster: Cluster;
  specializationName(code: string): string;
}) {
  const t = useMessages(messages);
  const { locale, format } = useLocale();
  return (
    <article className="profile">
      <header className="profile__header">
        {cluster.logoUrl ? <img src={cluster.logoUrl} alt="" width={72} height={72} /> : null}
        <div>
          <h1>{cluster.name}</h1>
          <p className="profile__meta">
            <Link to={`/economies/${cluster.economy.code}`}>{cluster.economy.name}</Link>
            {cluster.region ? ` · ${cluster.region}` : ''} ·{' '}
            {interpolate(t.updated, { date: format.date(cluster.updatedAt) })}
          </p>
          <EditLink cluster={cluster} />
        </div>
      </header>

      <Section id="about" heading={t.about}>
        <dl className="profile__fields">
          <Field label={t.mission} value={cluster.mission?.text} />
          <Field
            label={t.specializations}
            value={cluster.specializations.map(specializationName).join(', ')}
          />
          <Field label={t.products} value={cluster.productsAndServices?.text} />
          <Field label={t.founded} value={cluster.founded} />
          <Field
            label={t.memberCount}
            value={cluster.memberCount == null ? null : format.number(cluster.memberCount)}
          />
          <Field
            label={t.employees}
            value={cluster.employees == null ? null : format.number(cluster.employees)}
          />
          <Field
            label={t.website}
            value={
              cluster.website ? (
                <a href={cluster.website} rel="noopener noreferrer">
                  {cluster.website}
                </a>
              ) : null
            }
          />
        </dl>
      </Section>

      <Section id="management" heading={t.management}>
        <dl className="profile__fields">
          <Field label={t.management} value={cluster.management?.name} />
          <Field label={t.structure} value={cluster.management?.structure?.text} />
          <Field label={t.services} value={cluster.management?.services?.text} />
        </dl>
      </Section>

      <Section id="members" heading={t.members}>
        {cluster.keyMembers.length === 0 ? <p>{t.nothing}</p> : null}
        <ul className="profile__list">
          {cluster.keyMembers.map((member) => (
            <li key={`${member.name}|${member.type}`}>
              <strong>{member.name}</strong> — {t[member.type]}
              {member.role ? `, ${member.role}` : ''}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="international" heading={t.international}>
        <dl className="profile__fields">
          <Field
            label={t.memberships}
            value={
              cluster.internationalMemberships.length ? (
                <ul className="profile__list">
                  {cluster.internationalMemberships.map((membership) => (
                    <li key={membership.name}>
                      {membership.url ? (
                        <a href={membership.url} rel="noopener noreferrer">
                          {membership.name}
                        </a>
                      ) : (
                        membership.name
                      )}
                    </li>
                  ))}
                </ul>
              ) : null
            }
          />
          <Field
            label={t.destinations}
            value={cluster.partnershipDestinations.map((code) => regionName(code, locale)).join(', ')}
          />
        </dl>
        <h3>{t.offers}</h3>
        {cluster.cooperationOffers.length === 0 ? <p>{t.nothing}</p> : null}
        <ul className="profile__cards">
          {cluster.cooperationOffers.map((offer) => (
            <li key={offer.id}>
              <span className="badge">{t[offer.kind]}</span>{' '}
              <strong>
                <Link to={`/matchmaking/offers/${offer.id}`}>{localized(offer.title, locale)}</Link>
              </strong>
              <p>{localized(offer.description, locale)}</p>
              {offer.deadline ? (
                <small>{interpolate(t.deadline, { date: format.date(offer.deadline) })}</small>
              ) : null}
            </li>
          ))}
        </ul>
        <h3>{t.successStories}</h3>
        {cluster.successStories.length === 0 ? <p>{t.nothing}</p> : null}
        <ul className="profile__cards">
          {cluster.successStories.map((story) => (
            <li key={`${story.title.text}|${story.year}`}>
              <strong>{story.title.text}</strong>
              {story.year ? ` (${story.year})` : ''}
              {story.international ? <span className="badge">{t.international_story}</span> : null}
              {story.summary?.text ? <p>{story.summary.text}</p> : null}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="contacts" heading={t.contacts}>
        {cluster.contacts.length === 0 ? <p>{t.nothing}</p> : null}
        <ul className="profile__cards">
          {cluster.contacts.map((contact) => (
            <li key={contact.name}>
              <strong>{contact.name}</strong>
              {contact.position ? `, ${contact.position}` : ''}
              {contact.email ? (
                <div>
                  <a href={`mailto:${contact.email}`}>{contact.email}</a>
                </div>
              ) : null}
              {contact.phone ? (
                <div>
                  <a href={`tel:${contact.phone}`}>{contact.phone}</a>
                </div>
              ) : null}
              {!contact.email && !contact.phone ? (
                <div className="profile__muted">{t.hiddenContact}</div>
              ) : null}
            </li>
          ))}
        </ul>
        <MessageCluster clusterId={cluster.id} level={3} />
      </Section>
      <PartnersForManagers cluster={cluster} />
    </article>
  );
}

function PartnersForManagers({ cluster }: { cluster: Pick<Cluster, 'id' | 'economyCode'> }) {
  return useActsFor(cluster) ? <SuggestedPartners clusterId={cluster.id} /> : null;
}
