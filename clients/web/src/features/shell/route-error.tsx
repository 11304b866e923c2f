import { isRouteErrorResponse, Link, useRouteError } from 'react-router-dom';
import { useMessages } from '../../i18n-react';
import { messages } from './messages';
import { usePageMeta } from './page-meta';

/** Shown inside the shell for an unknown address or a page that failed to load or render. */
export function RouteError() {
  const error = useRouteError();
  const t = useMessages(messages);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  usePageMeta({ title: notFound ? t.notFound : t.pageFailed });
  return (
    <section className="notice notice--error" role="alert">
      <p className="notice__headline">{notFound ? t.notFound : t.pageFailed}</p>
      {!notFound && error instanceof Error ? <p className="notice__detail">{error.message}</p> : null}
      <Link to="/">{t.backHome}</Link>
    </section>
  );
}
