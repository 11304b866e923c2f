import { lazy, Suspense } from 'react';
import { useMessages } from '../../i18n-react';
import { usePageMeta } from '../shell/page-meta';
import './explorer.css';
import { messages } from './messages';

// GraphiQL (with its Monaco editor) is large: it loads only once the page has rendered its heading.
const Workbench = lazy(() => import('./workbench'));

/** The analyst explorer: /explorer. */
export default function ExplorerPage() {
  const t = useMessages(messages);
  usePageMeta({ title: t.heading, description: t.intro });
  return (
    <section className="explorer" aria-labelledby="explorer-heading">
      <h1 id="explorer-heading">{t.heading}</h1>
      <p className="muted">{t.intro}</p>
      <Suspense
        fallback={
          <p className="notice" role="status">
            {t.loading}
          </p>
        }
      >
        <Workbench />
      </Suspense>
    </section>
  );
}
