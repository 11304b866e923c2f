import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { MyClustersDocument } from '../../__generated__/graphql';
import type { Locale } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { fieldProblems } from '../profile-edit/field-errors';
import { matchmakingMessages } from './messages';

export type MatchmakingText = (typeof matchmakingMessages)['en'];

/** A LocalizedText in the reader's language, falling back to English. */
export function localized(text: { en: string; ru?: string | null }, locale: Locale): string {
  return (locale === 'ru' && text.ru) || text.en;
}

/** The reader's own time zone (the browser's), for "in your time zone". */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "12–14 May 2030, 09:00–17:00" in one time zone. */
export function zonedRange(locale: Locale, timeZone: string, startsAt: string, endsAt: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).formatRange(
    new Date(startsAt),
    new Date(endsAt),
  );
}

const knownCodes = [
  'BAD_USER_INPUT',
  'CONFLICT',
  'INVALID_STATE',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'NOT_FOUND',
];

/** The stable extensions.code of a failed operation (the first error's). */
export function errorCode(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  return error.errors[0]?.extensions?.code as string | undefined;
}

/**
 * A failed mutation, told by its typed code in the reader's language with the API's own words after it; the
 * problems that name a field of the form are left to that field (`fields`).
 */
export function ErrorNotice({ error, fields = [] }: { error: unknown; fields?: readonly string[] }) {
  const t = useMessages(matchmakingMessages);
  if (!error) return null;
  const code = errorCode(error);
  const headline = t[`error.${knownCodes.includes(code ?? '') ? code : 'other'}` as keyof MatchmakingText];
  const details = fieldProblems(error).filter((p) => !fields.includes(fieldOf(p.field)));
  return (
    <div className="notice notice--error" role="alert" data-code={code}>
      <p className="notice__headline">{headline}</p>
      {details.map((p) => (
        <p key={`${p.field}-${p.reason}`} className="notice__detail">
          {p.reason}
        </p>
      ))}
    </div>
  );
}

/** The form field a problem names: `input.title.en` → `title`. */
export function fieldOf(path: string): string {
  return path.replace(/^input\./, '').split(/[.[]/)[0] ?? '';
}

/** The reason a typed error gives for one field of the form, if any. */
export function problemFor(error: unknown, field: string): string | undefined {
  return fieldProblems(error).find((p) => fieldOf(p.field) === field)?.reason;
}

export function SignInNotice({ text }: { text: string }) {
  const t = useMessages(matchmakingMessages);
  return (
    <div className="notice" role="status">
      <p>{text}</p>
      <Link to="/account">{t.signIn}</Link>
    </div>
  );
}

/** The published clusters the signed-in user manages (what they may act for); null while loading. */
export function usePublishedClusters(skip = false): Array<{ id: string; name: string }> | null {
  const { locale } = useLocale();
  const { data } = useQuery(MyClustersDocument, { variables: { locale }, skip });
  if (!data) return null;
  return (data.me?.managedClusters ?? []).filter((c) => c.status === 'PUBLISHED');
}

export function ClusterOptions({ clusters }: { clusters: ReadonlyArray<{ id: string; name: string }> }) {
  return (
    <>
      {clusters.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </>
  );
}
