import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  AccountCreateApiKeyDocument,
  AccountDeleteDocument,
  AccountExportDocument,
  AccountMeDocument,
  type AccountMeQuery,
  AccountRegisterDocument,
  AccountRevokeApiKeyDocument,
  AccountSetNotificationDocument,
  type ApiKeyRole,
} from '../../__generated__/graphql';
import { sessionToken, storeSessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { fieldProblems, problemOf } from '../profile-edit/field-errors';
import { LoadFailed, Loading } from '../profile-edit/notices';
import { Field } from '../shell/field';
import { usePageMeta } from '../shell/page-meta';
import { messages, notificationKinds } from './messages';
import { AuthError, logIn, logOut } from './session';
import { Webhooks } from './webhooks';
import './account.css';

type T = (typeof messages)['en'];
type Me = NonNullable<AccountMeQuery['me']>;

export default function AccountPage() {
  const t = useMessages(messages);
  const { locale } = useLocale();
  usePageMeta({ title: t.title });
  const client = useApolloClient();
  const signedIn = sessionToken() !== null;
  const { data, loading, error } = useQuery(AccountMeDocument, { variables: { locale }, skip: !signedIn });
  const [, rerender] = useState(0);

  async function signOut() {
    await logOut();
    await client.clearStore();
    rerender((n) => n + 1);
  }

  if (!signedIn || (data && !data.me)) return <SignIn t={t} onSignedIn={() => rerender((n) => n + 1)} />;
  if (error) return <LoadFailed headline={t.failed} error={error} />;
  if (loading || !data?.me) return <Loading text={t.loading} />;
  return <Account me={data.me} t={t} onSignOut={signOut} />;
}

function SignIn({ t, onSignedIn }: { t: T; onSignedIn: () => void }) {
  const client = useApolloClient();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [registered, setRegistered] = useState(false);
  const [register, registration] = useMutation(AccountRegisterDocument);
  const { locale } = useLocale();
  const ids = useId();

  async function submitLogin(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await logIn(String(form.get('email')), String(form.get('password')));
      await client.resetStore();
      onSignedIn();
    } catch (err) {
      if (err instanceof AuthError && err.failure.status === 429)
        setError(interpolate(t.lockedOut, { seconds: err.failure.retryAfterSeconds ?? 60 }));
      else if (err instanceof AuthError && err.failure.status === 401) setError(t.badCredentials);
      else setError(t.unavailable);
    } finally {
      setBusy(false);
    }
  }

  async function submitRegistration(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const organization = String(form.get('organization') ?? '').trim();
    const result = await register({
      variables: {
        input: {
          email: String(form.get('email')),
          name: String(form.get('name')),
          password: String(form.get('password')),
          organization: organization || null,
          locale,
        },
      },
    }).catch(() => undefined);
    if (result?.data) setRegistered(true);
  }

  const problems = fieldProblems(registration.error);
  const problem = (field: string) => problemOf(problems, field)?.reason;
  return (
    <div className="account">
      <h1>{t.title}</h1>
      <div className="account__columns">
        <form className="account__card" onSubmit={submitLogin} aria-labelledby={`${ids}-login`}>
          <h2 id={`${ids}-login`}>{t.logInHeading}</h2>
          <label>
            {t.email}
            <input name="email" type="email" autoComplete="username" required />
          </label>
          <label>
            {t.password}
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? t.loggingIn : t.logIn}
          </button>
        </form>
        <form className="account__card" onSubmit={submitRegistration} aria-labelledby={`${ids}-register`}>
          <h2 id={`${ids}-register`}>{t.registerHeading}</h2>
          <Field label={t.name} error={problem('name')}>
            <input name="name" autoComplete="name" required />
          </Field>
          <Field label={t.email} error={problem('email')}>
            <input name="email" type="email" autoComplete="email" required />
          </Field>
          <Field label={t.password} hint={t.passwordHint} error={problem('password')}>
            <input name="password" type="password" autoComplete="new-password" minLength={12} required />
          </Field>
          <Field label={t.organization} error={problem('organization')}>
            <input name="organization" autoComplete="organization" />
          </Field>
          {problems
            .filter((p) => !['name', 'email', 'password', 'organization'].some((f) => p.field.startsWith(f)))
            .map((p) => (
              <p key={p.reason} className="field-error" role="alert">
                {p.reason}
              </p>
            ))}
          {registered && <p role="status">{t.registered}</p>}
          <button type="submit" disabled={registration.loading}>
            {t.register}
          </button>
        </form>
      </div>
    </div>
  );
}

function Account({ me, t, onSignOut }: { me: Me; t: T; onSignOut: () => void }) {
  const { format } = useLocale();
  const coordinator = me.grants.some((g) => g.role === 'ECONOMY_COORDINATOR' || g.role === 'SECRETARIAT');
  return (
    <div className="account">
      <div className="account__top">
        <h1>{t.title}</h1>
        <button type="button" onClick={onSignOut}>
          {t.logOut}
        </button>
      </div>
      <section className="account__card" aria-labelledby="account-profile">
        <h2 id="account-profile">{t.profile}</h2>
        <dl className="account__facts">
          <dt>{t.name}</dt>
          <dd>{me.name}</dd>
          <dt>{t.email}</dt>
          <dd>
            {me.email} — {me.emailVerified ? t.verified : t.notVerified}
          </dd>
          {me.organization && (
            <>
              <dt>{t.organization}</dt>
              <dd>{me.organization}</dd>
            </>
          )}
          <dt>{t.roles}</dt>
          <dd>
            {me.grants.length === 0
              ? t.noRoles
              : me.grants
                  .map((g) =>
                    interpolate(t[g.role], {
                      scope:
                        g.economyCode ??
                        me.managedClusters.find((c) => c.id === g.clusterId)?.name ??
                        g.clusterId ??
                        '',
                    }),
                  )
                  .join('; ')}
          </dd>
        </dl>
        {me.managedClusters.length > 0 && (
          <>
            <h3>{t.managedClusters}</h3>
            <ul>
              {me.managedClusters.map((c) => (
                <li key={c.id}>
                  <Link to={`/clusters/${c.slug}/edit`}>{interpolate(t.editProfile, { name: c.name })}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
        {coordinator && <Link to="/coordination">{t.coordinationQueue}</Link>}
      </section>
      <Notifications me={me} t={t} />
      <ApiKeys me={me} t={t} format={format} />
      <Webhooks t={t} />
      <DataAndDeletion t={t} onDeleted={onSignOut} />
    </div>
  );
}

function Notifications({ me, t }: { me: Me; t: T }) {
  const [setPreference] = useMutation(AccountSetNotificationDocument, {
    refetchQueries: [AccountMeDocument],
  });
  const off = new Set(me.notificationPreferences.filter((p) => !p.enabled).map((p) => p.kind));
  return (
    <section className="account__card" aria-labelledby="account-notifications">
      <h2 id="account-notifications">{t.notifications}</h2>
      <fieldset className="account__checks">
        <legend className="visually-hidden">{t.notifications}</legend>
        {notificationKinds.map((kind) => (
          <label key={kind}>
            <input
              type="checkbox"
              checked={!off.has(kind)}
              onChange={(e) => setPreference({ variables: { kind, enabled: e.currentTarget.checked } })}
            />
            {t[kind]}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

function ApiKeys({ me, t, format }: { me: Me; t: T; format: ReturnType<typeof useLocale>['format'] }) {
  const [created, setCreated] = useState<string>();
  const [create, creation] = useMutation(AccountCreateApiKeyDocument, {
    refetchQueries: [AccountMeDocument],
  });
  const [revoke] = useMutation(AccountRevokeApiKeyDocument);
  const problems = fieldProblems(creation.error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await create({
      variables: { input: { name: String(form.get('name')), role: form.get('role') as ApiKeyRole } },
    }).catch(() => undefined);
    if (result?.data) {
      setCreated(result.data.createApiKey.key);
      formElement.reset();
    }
  }

  return (
    <section className="account__card" aria-labelledby="account-keys">
      <h2 id="account-keys">{t.apiKeys}</h2>
      <p>{t.apiKeysIntro}</p>
      <form onSubmit={submit} className="account__inline">
        <Field
          label={t.keyName}
          error={problemOf(problems, 'name')?.reason ?? problemOf(problems, '')?.reason}
        >
          <input name="name" required maxLength={100} />
        </Field>
        <div className="field">
          <label htmlFor="account-key-role">{t.keyRole}</label>
          <select id="account-key-role" name="role" defaultValue={'ANALYST'}>
            <option value={'ANALYST'}>{t.ANALYST}</option>
            <option value={'INTEGRATOR'}>{t.INTEGRATOR}</option>
          </select>
        </div>
        <button type="submit" disabled={creation.loading}>
          {t.createKey}
        </button>
      </form>
      {created && (
        <div role="status" className="account__secret">
          <p>{t.newKey}</p>
          <code>{created}</code>
        </div>
      )}
      {me.apiKeys.length === 0 ? (
        <p>{t.noKeys}</p>
      ) : (
        <ul className="account__keys">
          {me.apiKeys.map((k) => (
            <li key={k.id}>
              <strong>{k.name}</strong> · {t[k.role]} ·{' '}
              {interpolate(t.created, { date: format.date(k.createdAt) })}
              {k.lastUsedAt && `, ${interpolate(t.lastUsed, { date: format.dateTime(k.lastUsedAt) })}`}
              {k.revokedAt ? (
                <span> · {interpolate(t.revoked, { date: format.date(k.revokedAt) })}</span>
              ) : (
                <button type="button" onClick={() => revoke({ variables: { id: k.id } })}>
                  {interpolate(t.revoke, { name: k.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DataAndDeletion({ t, onDeleted }: { t: T; onDeleted: () => void }) {
  const client = useApolloClient();
  const [remove, removal] = useMutation(AccountDeleteDocument);
  const problems = fieldProblems(removal.error);

  async function download() {
    const { data } = await client.query({ query: AccountExportDocument, fetchPolicy: 'network-only' });
    if (!data) return;
    const url = URL.createObjectURL(new Blob([data.exportMyData], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'my-ccp-data.json';
    a.click();
    URL.revokeObjectURL(url);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await remove({ variables: { password: String(form.get('password')) } }).catch(
      () => undefined,
    );
    if (result?.data?.deleteMyAccount) {
      storeSessionToken(null);
      onDeleted();
    }
  }

  return (
    <section className="account__card" aria-labelledby="account-data">
      <h2 id="account-data">{t.data}</h2>
      <button type="button" onClick={download}>
        {t.exportData}
      </button>
      <h3>{t.deleteHeading}</h3>
      <p>{t.deleteWarning}</p>
      <form onSubmit={submit} className="account__inline">
        <Field label={t.confirmPassword} error={problems[0]?.reason}>
          <input name="password" type="password" autoComplete="current-password" required />
        </Field>
        <button type="submit" className="button--danger" disabled={removal.loading}>
          {t.deleteAccount}
        </button>
      </form>
    </section>
  );
}

// Other pages import the field from here too.
export { Field };
