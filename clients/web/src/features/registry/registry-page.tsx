import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  type ClusterSort,
  DeleteRegistrySearchDocument,
  MySavedSearchesDocument,
  RegistryExportDocument,
  RegistryPageDocument,
  RegistryVocabularyDocument,
  SaveRegistrySearchDocument,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { usePageMeta } from '../shell/page-meta';
import { messages } from './messages';
import {
  download,
  fromSaved,
  pageSize,
  type RegistryQuery,
  readQuery,
  sorts,
  toFilter,
  writeQuery,
} from './registry-state';
import './registry.css';

const sortLabel: Record<ClusterSort, keyof (typeof messages)['en']> = {
  NAME: 'sortName',
  RELEVANCE: 'sortRelevance',
  UPDATED: 'sortUpdated',
  MEMBER_COUNT: 'sortMembers',
  COMPLETENESS: 'sortCompleteness',
};

export default function RegistryPage() {
  const t = useMessages(messages);
  const { locale, format } = useLocale();
  usePageMeta({ title: t.heading, description: t.description });
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(params), [params]);
  const filter = useMemo(() => toFilter(query), [query]);
  // Cursors of the pages before the current one; a new filter or sort starts again at page 1.
  const key = params.toString();
  const [pages, setPages] = useState<{ key: string; cursors: Array<string | null> }>({ key, cursors: [null] });
  const cursors = pages.key === key ? pages.cursors : [null];
  const setCursors = (next: Array<string | null>) => setPages({ key, cursors: next });
  const after = cursors.at(-1) ?? null;

  const vocabulary = useQuery(RegistryVocabularyDocument, { variables: { locale } });
  const { data, previousData, loading, error } = useQuery(RegistryPageDocument, {
    variables: { filter, sort: query.sort, first: pageSize, after, locale },
  });
  const page = (data ?? previousData)?.clusters;

  const economyName = (code: string) =>
    vocabulary.data?.economies.find((economy) => economy.code === code)?.name ?? code;
  const specializationName = (code: string) =>
    vocabulary.data?.specializations.find((s) => s.code === code)?.name ?? code;

  function update(change: Partial<RegistryQuery>) {
    setParams(writeQuery({ ...query, ...change }));
  }
  function toggle(list: readonly string[], value: string): string[] {
    return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
  }

  return (
    <div className="registry">
      <h1>{t.heading}</h1>
      <div className="registry__layout">
        <aside className="registry__filters" aria-label={t.filters}>
          <TextFilter value={query.text} onSearch={(text) => update({ text })} />
          {page ? (
            <>
              <Facet
                legend={t.economy}
                values={page.facets.economies}
                selected={query.economies}
                label={economyName}
                onToggle={(code) => update({ economies: toggle(query.economies, code) })}
              />
              <Facet
                legend={t.specialization}
                values={page.facets.specializations}
                selected={query.specializations}
                label={specializationName}
                onToggle={(code) => update({ specializations: toggle(query.specializations, code) })}
              />
              <fieldset className="facet">
                <legend>{t.international}</legend>
                {[
                  { value: null, text: t.anyValue },
                  { value: true, text: t.internationalYes },
                  { value: false, text: t.internationalNo },
                ].map((option) => (
                  <label key={String(option.value)}>
                    <input
                      type="radio"
                      name="intl"
                      checked={query.internationalMembership === option.value}
                      onChange={() => update({ internationalMembership: option.value })}
                    />{' '}
                    {option.text}
                    {option.value !== null ? (
                      <span className="facet__count">
                        {format.number(
                          page.facets.internationalMembership.find((f) => f.value === String(option.value))
                            ?.count ?? 0,
                        )}
                      </span>
                    ) : null}
                  </label>
                ))}
              </fieldset>
            </>
          ) : null}
          <button type="button" onClick={() => setParams(new URLSearchParams())}>
            {t.clear}
          </button>
          <SavedSearches current={query} onOpen={(saved) => setParams(writeQuery(saved))} />
        </aside>
        <section className="registry__results" aria-labelledby="registry-found" aria-busy={loading}>
          <div className="registry__toolbar">
            <p id="registry-found" role="status">
              {page ? interpolate(t.found, { count: format.number(page.totalCount) }) : t.loading}
            </p>
            <label>
              {t.sort}{' '}
              <select
                value={query.sort}
                onChange={(event) => update({ sort: event.target.value as ClusterSort })}
              >
                {sorts.map((sort) => (
                  <option key={sort} value={sort}>
                    {t[sortLabel[sort]]}
                  </option>
                ))}
              </select>
            </label>
            <ExportButton query={query} />
          </div>
          {error ? (
            <div className="notice notice--error" role="alert">
              <p className="notice__headline">{t.failed}</p>
              <p className="notice__detail">{error.message}</p>
            </div>
          ) : null}
          {page && page.nodes.length === 0 ? <p className="notice">{t.none}</p> : null}
          {page && page.nodes.length > 0 ? (
            <div className="registry__table-wrap">
              <table className="registry__table">
                <thead>
                  <tr>
                    <th scope="col">{t.name}</th>
                    <th scope="col">{t.economy}</th>
                    <th scope="col">{t.region}</th>
                    <th scope="col">{t.specializations}</th>
                    <th scope="col" className="numeric">
                      {t.members}
                    </th>
                    <th scope="col" className="numeric">
                      {t.founded}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.nodes.map((cluster) => (
                    <tr key={cluster.id}>
                      <th scope="row">
                        <Link to={`/clusters/${cluster.slug}`}>{cluster.name}</Link>
                      </th>
                      <td>{economyName(cluster.economyCode)}</td>
                      <td>{cluster.region ?? ''}</td>
                      <td>{cluster.specializations.map(specializationName).join(', ')}</td>
                      <td className="numeric">
                        {cluster.memberCount == null ? '' : format.number(cluster.memberCount)}
                      </td>
                      <td className="numeric">{cluster.founded ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {page ? (
            <nav className="registry__pages" aria-label={interpolate(t.pageOf, { page: cursors.length })}>
              <button
                type="button"
                disabled={cursors.length === 1}
                onClick={() => setCursors(cursors.slice(0, -1))}
              >
                {t.previous}
              </button>
              <span>{interpolate(t.pageOf, { page: cursors.length })}</span>
              <button
                type="button"
                disabled={!page.pageInfo.hasNextPage || loading}
                onClick={() => setCursors([...cursors, page.pageInfo.endCursor ?? null])}
              >
                {t.next}
              </button>
            </nav>
          ) : null}
        </section>
      </div>
    </div>
  );
}

function TextFilter({ value, onSearch }: { value: string; onSearch(text: string): void }) {
  const t = useMessages(messages);
  const id = useId();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(String(new FormData(event.currentTarget).get('q') ?? '').trim());
  }
  return (
    <search>
      <form onSubmit={submit} className="registry__text" key={value}>
        <label htmlFor={id}>{t.text}</label>
        <input
          id={id}
          name="q"
          type="search"
          defaultValue={value}
          placeholder={t.textPlaceholder}
          maxLength={200}
        />
        <button type="submit">{t.apply}</button>
      </form>
    </search>
  );
}

function Facet({
  legend,
  values,
  selected,
  label,
  onToggle,
}: {
  legend: string;
  values: ReadonlyArray<{ value: string; count: number }>;
  selected: readonly string[];
  label(value: string): string;
  onToggle(value: string): void;
}) {
  const { format } = useLocale();
  // Selected values stay visible even when the other filters leave them no match.
  const shown = [...values];
  for (const value of selected) if (!shown.some((v) => v.value === value)) shown.push({ value, count: 0 });
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      {shown.map((facet) => (
        <label key={facet.value}>
          <input
            type="checkbox"
            checked={selected.includes(facet.value)}
            onChange={() => onToggle(facet.value)}
          />{' '}
          {label(facet.value)} <span className="facet__count">{format.number(facet.count)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function ExportButton({ query }: { query: RegistryQuery }) {
  const t = useMessages(messages);
  const client = useApolloClient();
  const [state, setState] = useState<{ busy: boolean; message?: string; failed?: boolean }>({ busy: false });
  async function exportCsv() {
    setState({ busy: true, message: t.exporting });
    try {
      const { data } = await client.query({
        query: RegistryExportDocument,
        variables: { filter: toFilter(query), sort: query.sort },
        fetchPolicy: 'network-only',
      });
      if (!data) throw new Error('no export');
      const file = data.clusterExport;
      download(file.filename, file.contentType, file.content);
      setState({ busy: false, message: interpolate(t.exported, { count: file.rowCount }) });
    } catch (error) {
      setState({ busy: false, failed: true, message: (error as Error).message });
    }
  }
  return (
    <span className="registry__export">
      <button type="button" onClick={() => void exportCsv()} disabled={state.busy}>
        {t.export}
      </button>
      {state.message ? <span role={state.failed ? 'alert' : 'status'}>{state.message}</span> : null}
    </span>
  );
}

function SavedSearches({ current, onOpen }: { current: RegistryQuery; onOpen(query: RegistryQuery): void }) {
  const t = useMessages(messages);
  const signedIn = sessionToken() !== null;
  const id = useId();
  const saved = useQuery(MySavedSearchesDocument, { skip: !signedIn });
  const refetchQueries = [{ query: MySavedSearchesDocument }];
  const [save, saving] = useMutation(SaveRegistrySearchDocument, { refetchQueries });
  const [remove] = useMutation(DeleteRegistrySearchDocument, { refetchQueries });

  if (!signedIn) {
    return (
      <section className="saved" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t.savedSearches}</h2>
        <p>{t.signInToSave}</p>
      </section>
    );
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    if (name) void save({ variables: { name, filter: toFilter(current) } }).catch(() => undefined);
  }
  return (
    <section className="saved" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t.savedSearches}</h2>
      {saved.data?.mySavedSearches.length === 0 ? <p>{t.noSaved}</p> : null}
      <ul>
        {saved.data?.mySavedSearches.map((search) => (
          <li key={search.id}>
            <button type="button" className="link" onClick={() => onOpen(fromSaved(search.filter))}>
              {search.name}
            </button>{' '}
            <button
              type="button"
              onClick={() => void remove({ variables: { id: search.id } }).catch(() => undefined)}
            >
              {t.remove}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <label htmlFor={id}>{t.saveName}</label>
        <input id={id} name="name" required maxLength={100} />
        <button type="submit" disabled={saving.loading}>
          {t.save}
        </button>
        {saving.error ? (
          <p role="alert">{saving.error.message}</p>
        ) : saving.data ? (
          <p role="status">{t.saved}</p>
        ) : null}
      </form>
    </section>
  );
}
