import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  type Bundle,
  type Formatters,
  formattersFor,
  isLocale,
  type Locale,
  type MessageBundles,
  preferredLocale,
} from './i18n';

const storageKey = 'ccp.locale';

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
  format: Formatters;
}

const LocaleContext = createContext<LocaleState | null>(null);

/** The reader's choice if they made one on this device, else the browser's preferred supported language. */
export function initialLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(storageKey);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be disabled (private mode); fall through to the browser's languages.
  }
  return preferredLocale(globalThis.navigator?.languages ?? []);
}

export function LocaleProvider({ initial, children }: { initial?: Locale; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? initialLocale());
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      globalThis.localStorage?.setItem(storageKey, next);
    } catch {
      // Not remembered across visits, still switched now.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo(() => ({ locale, setLocale, format: formattersFor(locale) }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

/** The current language, a setter (the switcher uses it) and localized number/date formatters. */
export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error('useLocale needs a <LocaleProvider> above it');
  return state;
}

/** A feature's strings in the current language: `const t = useMessages(messages); t.heading`. */
export function useMessages<K extends string>(bundles: MessageBundles<K>): Bundle<K> {
  return bundles[useLocale().locale];
}
