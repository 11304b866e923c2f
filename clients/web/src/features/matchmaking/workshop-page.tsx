import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useId, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  CancelWorkshopRegistrationDocument,
  type Gender,
  type ParticipantSector,
  RegisterForWorkshopDocument,
  WorkshopPageDocument,
  type WorkshopPageQuery,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { LoadError } from '../kpis/load-error';
import { usePageMeta } from '../shell/page-meta';
import './matchmaking.css';
import { consentTextVersion, messages } from './messages';
import { localTimeZone } from './shared';

type Workshop = NonNullable<WorkshopPageQuery['workshop']>;
type Messages = (typeof messages)['en'];
const genders: readonly Gender[] = ['FEMALE', 'MALE', 'OTHER', 'PREFER_NOT_TO_SAY'];
const sectors: readonly ParticipantSector[] = ['PUBLIC', 'PRIVATE', 'ACADEMIA', 'OTHER'];

/** The field errors a typed BAD_USER_INPUT carries (`extensions.problems`), by the form's field names. */
export function fieldProblems(error: unknown): Record<string, string> {
  if (!CombinedGraphQLErrors.is(error)) return {};
  const problems: Record<string, string> = {};
  for (const e of error.errors) {
    const list = (e.extensions?.problems as Array<{ field: string; reason: string }> | undefined) ?? [];
    if (list.length === 0 && typeof e.extensions?.field === 'string')
      list.push({ field: e.extensions.field, reason: e.message });
    for (const p of list) problems[p.field.replace(/^input\./, '')] ??= p.reason;
  }
  return problems;
}

/** A workshop: /workshops/<id>. */
export default function WorkshopRoute() {
  return <WorkshopPage id={useParams().id ?? ''} />;
}

export function WorkshopPage({ id }: { id: string }) {
  const { locale } = useLocale();
  const t = useMessages(messages);
  const { data, loading, error, refetch } = useQuery(WorkshopPageDocument, { variables: { id, locale } });
  const workshop = data?.workshop;
  const title = workshop ? (locale === 'ru' && workshop.title.ru) || workshop.title.en : undefined;
  usePageMeta({ title });

  if (error) return <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  if (!data) {
    return loading ? (
      <p className="notice" role="status">
        {t.loading}
      </p>
    ) : null;
  }
  if (!workshop || !title) {
    return (
      <p className="notice" role="alert">
        {interpolate(t.notFound, { id })}
      </p>
    );
  }
  return (
    <article className="workshop" aria-labelledby="workshop-heading">
      <h1 id="workshop-heading">{title}</h1>
      <WorkshopFacts workshop={workshop} t={t} />
      {workshop.agenda.length > 0 ? <Agenda workshop={workshop} t={t} /> : null}
      <Registration workshop={workshop} economies={data.economies} t={t} onChange={() => refetch()} />
    </article>
  );
}

function WorkshopFacts({ workshop, t }: { workshop: Workshop; t: Messages }) {
  const { locale, format } = useLocale();
  const zone = localTimeZone();
  const there = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: workshop.timeZone,
  });
  const here = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const start = new Date(workshop.startsAt);
  const end = new Date(workshop.endsAt);
  return (
    <dl className="facts">
      <div>
        <dt>{t.host}</dt>
        <dd>
          <Link to={`/economies/${workshop.hostEconomy.code}`}>{workshop.hostEconomy.name}</Link>
        </dd>
      </div>
      <div>
        <dt>
          {t.when} ({workshop.timeZone})
        </dt>
        <dd>
          <time dateTime={workshop.startsAt}>{there.formatRange(start, end)}</time>
        </dd>
      </div>
      {zone !== workshop.timeZone ? (
        <div>
          <dt>{interpolate(t.whenLocal, { zone })}</dt>
          <dd>{here.formatRange(start, end)}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t.where}</dt>
        <dd>{workshop.online ? t.online : (workshop.venue ?? '—')}</dd>
      </div>
      <div>
        <dt>{t[`status.${workshop.status}`]}</dt>
        <dd>
          {interpolate(t.seats, {
            left: format.number(workshop.seatsLeft),
            capacity: format.number(workshop.capacity),
          })}
        </dd>
      </div>
    </dl>
  );
}

function Agenda({ workshop, t }: { workshop: Workshop; t: Messages }) {
  const { locale } = useLocale();
  const time = new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: workshop.timeZone,
  });
  return (
    <section aria-labelledby="workshop-agenda">
      <h2 id="workshop-agenda">{t.agenda}</h2>
      <ol className="agenda">
        {workshop.agenda.map((item) => (
          <li key={`${item.startsAt}-${item.title.en}`}>
            <time dateTime={item.startsAt}>{time.format(new Date(item.startsAt))}</time>{' '}
            {(locale === 'ru' && item.title.ru) || item.title.en}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Registration({
  workshop,
  economies,
  t,
  onChange,
}: {
  workshop: Workshop;
  economies: WorkshopPageQuery['economies'];
  t: Messages;
  onChange: () => Promise<unknown>;
}) {
  const { format } = useLocale();
  const [cancel, cancelling] = useMutation(CancelWorkshopRegistrationDocument);
  const mine = workshop.myRegistration;

  if (mine && mine.status !== 'CANCELLED') {
    return (
      <section aria-labelledby="workshop-registration" className="card">
        <h2 id="workshop-registration">{t.registerHeading}</h2>
        <p role="status">{interpolate(t.registered, { date: format.dateTime(mine.registeredAt) })}</p>
        <button
          type="button"
          disabled={cancelling.loading}
          onClick={() =>
            void cancel({ variables: { participantId: mine.id } })
              .then(onChange)
              .catch(() => undefined)
          }
        >
          {t.cancel}
        </button>
      </section>
    );
  }
  return (
    <section aria-labelledby="workshop-registration" className="card">
      <h2 id="workshop-registration">{t.registerHeading}</h2>
      {mine?.status === 'CANCELLED' ? <p>{t.cancelled}</p> : null}
      {workshop.status !== 'REGISTRATION_OPEN' ? (
        <p>{t.notOpen}</p>
      ) : !sessionToken() ? (
        <p>
          {t.signInToRegister} <Link to="/account">{t.signIn}</Link>
        </p>
      ) : (
        <RegistrationForm workshopId={workshop.id} economies={economies} t={t} onDone={onChange} />
      )}
    </section>
  );
}

function RegistrationForm({
  workshopId,
  economies,
  t,
  onDone,
}: {
  workshopId: string;
  economies: WorkshopPageQuery['economies'];
  t: Messages;
  onDone: () => Promise<unknown>;
}) {
  const id = useId();
  const [register, { loading, error }] = useMutation(RegisterForWorkshopDocument);
  const [values, setValues] = useState({
    name: '',
    organization: '',
    email: '',
    economy: '',
    gender: '' as Gender | '',
    sector: '' as ParticipantSector | '',
    listed: false,
    consent: false,
  });
  const [missing, setMissing] = useState<Record<string, string>>({});
  // Gender and sector are enums: without a choice the request could not even be sent, so they are checked here.
  const problems = { ...missing, ...fieldProblems(error) };
  const set = (field: keyof typeof values) => (event: { target: HTMLInputElement | HTMLSelectElement }) =>
    setValues((v) => ({
      ...v,
      [field]:
        event.target instanceof HTMLInputElement && event.target.type === 'checkbox'
          ? event.target.checked
          : event.target.value,
    }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const unset = Object.fromEntries(
      (['gender', 'sector'] as const).filter((f) => !values[f]).map((f) => [f, t.required]),
    );
    setMissing(unset);
    if (Object.keys(unset).length > 0) return;
    try {
      await register({
        variables: {
          input: {
            workshopId,
            name: values.name,
            organization: values.organization,
            email: values.email,
            economy: values.economy || null,
            gender: values.gender as Gender,
            sector: values.sector as ParticipantSector,
            listed: values.listed,
            consent: values.consent,
            consentTextVersion,
            timeZone: localTimeZone(),
          },
        },
      });
      await onDone();
    } catch {
      // Shown next to the fields (typed errors) or above the form.
    }
  }

  const described = (field: string) =>
    problems[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {};
  const problem = (field: string) =>
    problems[field] ? (
      <span id={`${id}-${field}-error`} className="field__error">
        {problems[field]}
      </span>
    ) : null;
  const general = error && Object.keys(problems).length === 0 ? error.message : null;

  return (
    <form className="form" onSubmit={submit} noValidate>
      {general ? (
        <p role="alert" className="notice notice--error">
          {general}
        </p>
      ) : Object.keys(problems).length > 0 ? (
        <p role="alert" className="notice notice--error">
          {t.fixErrors}
        </p>
      ) : null}
      {(['name', 'organization', 'email'] as const).map((field) => (
        <div className="field" key={field}>
          <label htmlFor={`${id}-${field}`}>{t[field]}</label>
          <input
            id={`${id}-${field}`}
            type={field === 'email' ? 'email' : 'text'}
            autoComplete={field === 'email' ? 'email' : field === 'name' ? 'name' : 'organization'}
            required
            value={values[field]}
            onChange={set(field)}
            {...described(field)}
          />
          {problem(field)}
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${id}-economy`}>{t.economy}</label>
        <select
          id={`${id}-economy`}
          value={values.economy}
          onChange={set('economy')}
          {...described('economy')}
        >
          <option value="">{t.noEconomy}</option>
          {economies.map((e) => (
            <option key={e.code} value={e.code}>
              {e.name}
            </option>
          ))}
        </select>
        {problem('economy')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-gender`}>{t.gender}</label>
        <select
          id={`${id}-gender`}
          required
          value={values.gender}
          onChange={set('gender')}
          {...described('gender')}
        >
          <option value="" disabled />
          {genders.map((g) => (
            <option key={g} value={g}>
              {t[`gender.${g}`]}
            </option>
          ))}
        </select>
        {problem('gender')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-sector`}>{t.sector}</label>
        <select
          id={`${id}-sector`}
          required
          value={values.sector}
          onChange={set('sector')}
          {...described('sector')}
        >
          <option value="" disabled />
          {sectors.map((s) => (
            <option key={s} value={s}>
              {t[`sector.${s}`]}
            </option>
          ))}
        </select>
        {problem('sector')}
      </div>
      <div className="field field--check">
        <input id={`${id}-listed`} type="checkbox" checked={values.listed} onChange={set('listed')} />
        <label htmlFor={`${id}-listed`}>{t.listed}</label>
      </div>
      <div className="field field--check">
        <input
          id={`${id}-consent`}
          type="checkbox"
          required
          checked={values.consent}
          onChange={set('consent')}
          {...described('consent')}
        />
        <label htmlFor={`${id}-consent`}>{t.consent}</label>
        {problem('consent')}
      </div>
      <button type="submit" disabled={loading}>
        {loading ? t.registering : t.register}
      </button>
    </form>
  );
}
