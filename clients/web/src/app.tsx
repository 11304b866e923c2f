import { useEffect, useState } from 'react';
import { EconomiesPage } from './features/economies/economies-page';
import { type Locale, localeNames, locales, messagesFor } from './i18n';

export function App({ initialLocale = 'en' }: { initialLocale?: Locale }) {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const messages = messagesFor(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = messages.title;
  }, [locale, messages.title]);

  return (
    <div className="app" lang={locale}>
      <header className="app__header">
        <h1>{messages.title}</h1>
        <fieldset className="language-toggle">
          <legend>{messages.language}</legend>
          {locales.map((option) => (
            <button
              key={option}
              type="button"
              lang={option}
              aria-pressed={option === locale}
              onClick={() => setLocale(option)}
            >
              {localeNames[option]}
            </button>
          ))}
        </fieldset>
      </header>
      <main className="app__main">
        <EconomiesPage locale={locale} />
      </main>
    </div>
  );
}
