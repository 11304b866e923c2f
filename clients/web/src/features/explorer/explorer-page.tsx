import { lazy, Suspense, useId, useState } from 'react';
import { useMessages } from '../../i18n-react';
import { usePageMeta } from '../shell/page-meta';
import { exampleQueries } from './examples';
import './explorer.css';
import { messages } from './messages';

// GraphiQL (with its Monaco editor) is large: it loads only once the page has rendered its heading.
const Workbench = lazy(() => import('./workbench'));

/** The analyst explorer: /explorer. */
export default function ExplorerPage() {
  const t = useMessages(messages);
  usePageMeta({ title: t.heading, description: t.intro });
  const [example, setExample] = useState(0);
  const pickerId = useId();
  return (
    <section className="explorer" aria-labelledby="explorer-heading">
      <h1 id="explorer-heading">{t.heading}</h1>
      <p className="muted">{t.intro}</p>
      <p className="explorer__examples">
        <label htmlFor={pickerId}>{t.example}</label>
        <select id={pickerId} value={example} onChange={(event) => setExample(Number(event.target.value))}>
          {exampleQueries.map((query, index) => (
            <option key={query.title} value={index}>
              {t[query.title as keyof typeof t] ?? query.title}
            </option>
          ))}
        </select>
      </p>
      <Suspense
        fallback={
          <p className="notice" role="status">
            {t.loading}
          </p>
        }
      >
        <Workbench key={example} example={example} />
      </Suspense>
    </section>
  );
}
