import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  type ContactVisibility,
  type EditableClusterFragment,
  ProfileClaimDocument,
  ProfileEditDocument,
  ProfileEditPrivilegedDocument,
  ProfileSubmitDocument,
  ProfileUpdateDocument,
  type UpdateClusterInput,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { Field } from '../account/account-page';
import { usePageMeta } from '../shell/page-meta';
import { fieldProblems, problemOf } from './field-errors';
import { mayEdit } from './may-edit';
import { MessageCluster } from './message-cluster';
import { messages } from './messages';
import { Loading } from './notices';
import '../account/account.css';

type T = (typeof messages)['en'];

export default function ProfileEditPage() {
  const { slug = '' } = useParams();
  const t = useMessages(messages);
  const signedIn = sessionToken() !== null;
  const { data, loading } = useQuery(ProfileEditDocument, { variables: { slug }, skip: !signedIn });
  const cluster = data?.cluster;
  usePageMeta({ title: cluster ? interpolate(t.title, { name: cluster.names.en }) : undefined });

  if (!signedIn)
    return (
      <div className="notice" role="alert">
        <p>{t.signIn}</p>
        <Link to="/account">{t.signIn}</Link>
      </div>
    );
  if (loading && !data) return <Loading text={t.loading} />;
  if (!cluster)
    return (
      <p className="notice" role="alert">
        {t.notFound}
      </p>
    );
  const editable = mayEdit(data?.me?.grants ?? [], cluster);
  return (
    <div className="account">
      <h1>{interpolate(t.title, { name: cluster.names.en })}</h1>
      <p>
        {interpolate(t.status, { status: t[cluster.status] })} ·{' '}
        <Link to={`/clusters/${cluster.slug}`}>{t.viewProfile}</Link>
      </p>
      {editable ? (
        <>
          <ReturnNotice slug={slug} t={t} />
          <EditForm cluster={cluster} t={t} />
          <Logo clusterId={cluster.id} t={t} />
          <History slug={slug} t={t} />
        </>
      ) : (
        <>
          <p>{t.noPrivilege}</p>
          {cluster.claimable && <Claim clusterId={cluster.id} t={t} />}
        </>
      )}
      <MessageCluster clusterId={cluster.id} />
    </div>
  );
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const intOrNull = (value: string) => (value === '' ? null : Number(value));
const optional = (value: string) => (value === '' ? null : value);
/** A multilingual text, or null (cleared) when it has no translation left. */
const multi = (en: string | null | undefined, ru: string | null | undefined) =>
  en || ru ? { en: en || null, ru: ru || null } : null;

/** The form's values as an UpdateClusterInput (the five sections). */
export function toInput(form: FormData, cluster: EditableClusterFragment): UpdateClusterInput {
  const story = text(form, 'storyTitle');
  const contact = text(form, 'contactName');
  const managementName = text(form, 'managementName');
  return {
    name: { en: text(form, 'nameEn'), ru: optional(text(form, 'nameRu')) },
    region: optional(text(form, 'region')),
    mission: multi(text(form, 'missionEn'), text(form, 'missionRu')),
    productsAndServices: multi(text(form, 'productsEn'), cluster.productsAndServices?.ru),
    founded: intOrNull(text(form, 'founded')),
    website: optional(text(form, 'website')),
    memberCount: intOrNull(text(form, 'memberCount')),
    employees: intOrNull(text(form, 'employees')),
    management: managementName
      ? {
          name: managementName,
          structure: multi(text(form, 'structureEn'), cluster.management?.structure?.ru),
          services: multi(text(form, 'servicesEn'), cluster.management?.services?.ru),
        }
      : null,
    partnershipDestinations: text(form, 'destinations')
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
    internationalMemberships: text(form, 'memberships')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((name) => ({
        name,
        url: cluster.internationalMemberships.find((m) => m.name === name)?.url ?? null,
      })),
    successStories: story
      ? [
          {
            title: { en: story, ru: cluster.successStories[0]?.title.ru ?? null },
            summary: multi(text(form, 'storySummary'), cluster.successStories[0]?.summary?.ru),
            year: intOrNull(text(form, 'storyYear')),
            partnerEconomies: cluster.successStories[0]?.partnerEconomies ?? [],
            international: form.get('storyInternational') === 'on',
          },
          ...cluster.successStories.slice(1).map((s) => ({
            title: { en: s.title.en, ru: s.title.ru },
            summary: s.summary ? { en: s.summary.en, ru: s.summary.ru } : null,
            year: s.year,
            partnerEconomies: s.partnerEconomies,
            international: s.international,
          })),
        ]
      : [],
    contacts: contact
      ? [
          {
            name: contact,
            email: optional(text(form, 'contactEmail')),
            position: cluster.contacts[0]?.position ?? null,
            phone: cluster.contacts[0]?.phone ?? null,
            languages: cluster.contacts[0]?.languages ?? [],
            visibility: (form.get('contactVisibility') as ContactVisibility) ?? 'REGISTERED',
          },
          ...cluster.contacts.slice(1).map((c) => ({
            name: c.name,
            email: c.email,
            position: c.position,
            phone: c.phone,
            languages: c.languages,
            visibility: c.visibility,
          })),
        ]
      : [],
  };
}

function EditForm({ cluster, t }: { cluster: EditableClusterFragment; t: T }) {
  const [update, updating] = useMutation(ProfileUpdateDocument);
  const [submit, submitting] = useMutation(ProfileSubmitDocument, {
    refetchQueries: [ProfileEditPrivilegedDocument],
  });
  const [notice, setNotice] = useState<string>();
  const problems = [...fieldProblems(updating.error), ...fieldProblems(submitting.error)];
  const err = (field: string) => problemOf(problems, field)?.reason;
  const known = [
    'name',
    'region',
    'mission',
    'productsAndServices',
    'founded',
    'website',
    'memberCount',
    'employees',
    'management',
    'partnershipDestinations',
    'internationalMemberships',
    'successStories',
    'contacts',
  ];
  const general = problems.filter((p) => !known.some((k) => p.field.startsWith(k)));

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(undefined);
    const input = toInput(new FormData(event.currentTarget), cluster);
    const r = await update({ variables: { id: cluster.id, expectedVersion: cluster.version, input } }).catch(
      () => undefined,
    );
    if (r?.data) setNotice(interpolate(t.saved, { version: r.data.updateCluster.version }));
  }
  async function send() {
    setNotice(undefined);
    const r = await submit({ variables: { id: cluster.id, expectedVersion: cluster.version } }).catch(
      () => undefined,
    );
    if (r?.data) setNotice(t.submitted);
  }
  const story = cluster.successStories[0];
  const contact = cluster.contacts[0];
  return (
    <form onSubmit={save} className="account" noValidate>
      <fieldset className="account__card">
        <legend>{t.about}</legend>
        <Field label={t.nameEn} error={err('name.en') ?? err('name')}>
          <input name="nameEn" defaultValue={cluster.names.en} required />
        </Field>
        <Field label={t.nameRu} error={err('name.ru')}>
          <input name="nameRu" lang="ru" defaultValue={cluster.names.ru ?? ''} />
        </Field>
        <Field label={t.region} error={err('region')}>
          <input name="region" defaultValue={cluster.region ?? ''} />
        </Field>
        <Field label={t.missionEn} error={err('mission')}>
          <textarea name="missionEn" rows={4} defaultValue={cluster.mission?.en ?? ''} />
        </Field>
        <Field label={t.missionRu} error={err('mission.ru')}>
          <textarea name="missionRu" lang="ru" rows={4} defaultValue={cluster.mission?.ru ?? ''} />
        </Field>
        <Field label={t.productsEn} error={err('productsAndServices')}>
          <textarea name="productsEn" rows={3} defaultValue={cluster.productsAndServices?.en ?? ''} />
        </Field>
        <Field label={t.founded} error={err('founded')}>
          <input name="founded" inputMode="numeric" defaultValue={cluster.founded ?? ''} />
        </Field>
        <Field label={t.website} error={err('website')}>
          <input name="website" type="url" defaultValue={cluster.website ?? ''} />
        </Field>
        <Field label={t.memberCount} error={err('memberCount')}>
          <input name="memberCount" inputMode="numeric" defaultValue={cluster.memberCount ?? ''} />
        </Field>
        <Field label={t.employees} error={err('employees')}>
          <input name="employees" inputMode="numeric" defaultValue={cluster.employees ?? ''} />
        </Field>
      </fieldset>
      <fieldset className="account__card">
        <legend>{t.management}</legend>
        <Field label={t.managementName} error={err('management.name') ?? err('management')}>
          <input name="managementName" defaultValue={cluster.management?.name ?? ''} />
        </Field>
        <Field label={t.structureEn} error={err('management.structure')}>
          <textarea name="structureEn" rows={3} defaultValue={cluster.management?.structure?.en ?? ''} />
        </Field>
        <Field label={t.servicesEn} error={err('management.services')}>
          <textarea name="servicesEn" rows={3} defaultValue={cluster.management?.services?.en ?? ''} />
        </Field>
      </fieldset>
      <fieldset className="account__card">
        <legend>{t.international}</legend>
        <Field label={t.destinations} error={err('partnershipDestinations')}>
          <input name="destinations" defaultValue={cluster.partnershipDestinations.join(', ')} />
        </Field>
        <Field label={t.memberships} error={err('internationalMemberships')}>
          <textarea
            name="memberships"
            rows={3}
            defaultValue={cluster.internationalMemberships.map((m) => m.name).join('\n')}
          />
        </Field>
      </fieldset>
      <fieldset className="account__card">
        <legend>{t.successStories}</legend>
        <Field label={t.storyTitle} error={err('successStories')}>
          <input name="storyTitle" defaultValue={story?.title.en ?? ''} />
        </Field>
        <Field label={t.storySummary}>
          <textarea name="storySummary" rows={3} defaultValue={story?.summary?.en ?? ''} />
        </Field>
        <Field label={t.storyYear}>
          <input name="storyYear" inputMode="numeric" defaultValue={story?.year ?? ''} />
        </Field>
        <label>
          <input type="checkbox" name="storyInternational" defaultChecked={story?.international ?? false} />{' '}
          {t.storyInternational}
        </label>
      </fieldset>
      <fieldset className="account__card">
        <legend>{t.contacts}</legend>
        <Field label={t.contactName} error={err('contacts')}>
          <input name="contactName" defaultValue={contact?.name ?? ''} />
        </Field>
        <Field label={t.contactEmail} error={err('contacts.0.email')}>
          <input name="contactEmail" type="email" defaultValue={contact?.email ?? ''} />
        </Field>
        <Field label={t.contactVisibility}>
          <select name="contactVisibility" defaultValue={contact?.visibility ?? 'REGISTERED'}>
            {(['PUBLIC', 'REGISTERED', 'HIDDEN'] as const).map((v) => (
              <option key={v} value={v}>
                {t[v]}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      {general.map((p) => (
        <p key={`${p.code}${p.field}${p.reason}`} className="field-error" role="alert">
          {p.reason}
        </p>
      ))}
      {notice && <p role="status">{notice}</p>}
      <div className="account__inline">
        <button type="submit" disabled={updating.loading}>
          {t.save}
        </button>
        {(cluster.status === 'DRAFT' || cluster.status === 'RETURNED') && (
          <button type="button" onClick={send} disabled={submitting.loading}>
            {t.submit}
          </button>
        )}
      </div>
    </form>
  );
}

function ReturnNotice({ slug, t }: { slug: string; t: T }) {
  const { format } = useLocale();
  const { data } = useQuery(ProfileEditPrivilegedDocument, { variables: { slug } });
  const ret = data?.cluster?.lastReturn;
  if (!ret) return null;
  return (
    <div className="notice" role="note">
      <p>{interpolate(t.returned, { date: format.date(ret.returnedAt) })}</p>
      <blockquote>{ret.comments}</blockquote>
    </div>
  );
}

function History({ slug, t }: { slug: string; t: T }) {
  const { format } = useLocale();
  const { data } = useQuery(ProfileEditPrivilegedDocument, { variables: { slug } });
  const history = data?.cluster?.history ?? [];
  return (
    <section className="account__card" aria-labelledby="edit-history">
      <h2 id="edit-history">{t.history}</h2>
      <ol>
        {history.map((h) => (
          <li key={`${h.at}${h.action}`}>
            {interpolate(t.historyEntry, {
              date: format.dateTime(h.at),
              action: h.action,
              role: h.actorRole,
            })}
            {h.changedFields.length > 0 && ` (${h.changedFields.join(', ')})`}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Logo({ clusterId, t }: { clusterId: string; t: T }) {
  const [status, setStatus] = useState<string>();
  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('logo');
    if (!(file instanceof File) || file.size === 0) return;
    const res = await fetch(`/clusters/${encodeURIComponent(clusterId)}/logo`, {
      method: 'PUT',
      headers: { 'content-type': file.type, authorization: `Bearer ${sessionToken()}` },
      body: file,
    });
    if (res.ok) setStatus(t.logoUploaded);
    else {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      setStatus(interpolate(t.logoFailed, { reason: body.error?.message ?? res.statusText }));
    }
  }
  return (
    <form className="account__card" onSubmit={upload}>
      <Field label={t.logo}>
        <input name="logo" type="file" accept="image/png,image/jpeg,image/webp" />
      </Field>
      <button type="submit">{t.uploadLogo}</button>
      {status && <p role="status">{status}</p>}
    </form>
  );
}

function Claim({ clusterId, t }: { clusterId: string; t: T }) {
  const [claim, claiming] = useMutation(ProfileClaimDocument);
  const problems = fieldProblems(claiming.error);
  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await claim({
      variables: { clusterId, message: text(new FormData(event.currentTarget), 'message') },
    }).catch(() => undefined);
  }
  return (
    <form className="account__card" onSubmit={send}>
      <h2>{t.claim}</h2>
      <Field label={t.claimMessage} error={problems[0]?.reason}>
        <textarea name="message" rows={3} required />
      </Field>
      <button type="submit" disabled={claiming.loading}>
        {t.claim}
      </button>
      {claiming.data && <p role="status">{t.claimSent}</p>}
    </form>
  );
}
