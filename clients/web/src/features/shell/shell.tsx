import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigation } from 'react-router-dom';
import { localeNames, locales } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { routes } from '../../routes';
import { messages } from './messages';
import './shell.css';

export function LocaleSwitcher() {
  const { locale, setLocale } = useLocale();
  const t = useMessages(messages);
  return (
    <fieldset className="language-toggle">
      <legend>{t.language}</legend>
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
  );
}

/** Moves focus to the main landmark after an in-app navigation, so keyboard and screen-reader users land on the new page. */
function useFocusMainOnNavigation() {
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of address by design
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  return main;
}

export function Shell() {
  const { locale } = useLocale();
  const t = useMessages(messages);
  const navigation = useNavigation();
  const main = useFocusMainOnNavigation();

  return (
    <div className="app" lang={locale}>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="app__header">
        <NavLink to="/" className="app__brand">
          <span className="app__title">{t.title}</span>
        </NavLink>
        <nav aria-label={t.navigation} className="app__nav">
          <ul>
            {routes
              .filter((route) => route.nav)
              .map((route) => (
                <li key={route.path}>
                  <NavLink to={`/${route.path}`} end={route.path === ''}>
                    {route.nav?.[locale]}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
        <LocaleSwitcher />
      </header>
      {navigation.state === 'loading' ? (
        <p className="app__progress" role="status">
          {t.loadingPage}
        </p>
      ) : null}
      <main id="main" className="app__main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
