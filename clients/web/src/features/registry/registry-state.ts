import type { ClusterFilter, ClusterSort } from '../../__generated__/graphql';

export const pageSize = 25;
export const sorts: readonly ClusterSort[] = ['NAME', 'RELEVANCE', 'UPDATED', 'MEMBER_COUNT', 'COMPLETENESS'];

/** The registry's filter and sort as they appear in the address (?q=&economy=CN&economy=JP&spec=ICT&intl=1&sort=). */
export interface RegistryQuery {
  text: string;
  economies: string[];
  specializations: string[];
  internationalMembership: boolean | null;
  sort: ClusterSort;
}

export function readQuery(params: URLSearchParams): RegistryQuery {
  const sort = params.get('sort') as ClusterSort | null;
  const intl = params.get('intl');
  const text = params.get('q')?.trim() ?? '';
  return {
    text,
    economies: params.getAll('economy'),
    specializations: params.getAll('spec'),
    internationalMembership: intl === '1' ? true : intl === '0' ? false : null,
    sort: sort && sorts.includes(sort) ? sort : text ? 'RELEVANCE' : 'NAME',
  };
}

export function writeQuery(query: RegistryQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.text) params.set('q', query.text);
  for (const economy of query.economies) params.append('economy', economy);
  for (const code of query.specializations) params.append('spec', code);
  if (query.internationalMembership !== null) params.set('intl', query.internationalMembership ? '1' : '0');
  if (query.sort !== (query.text ? 'RELEVANCE' : 'NAME')) params.set('sort', query.sort);
  return params;
}

export function toFilter(query: RegistryQuery): ClusterFilter {
  const filter: ClusterFilter = {};
  if (query.text) filter.text = query.text;
  if (query.economies.length > 0) filter.economies = query.economies;
  if (query.specializations.length > 0) filter.specializations = query.specializations;
  if (query.internationalMembership !== null) filter.internationalMembership = query.internationalMembership;
  return filter;
}

/** A saved search's filter back in the address's terms. */
export function fromSaved(filter: {
  text?: string | null;
  economies: readonly string[];
  specializations: readonly string[];
  internationalMembership?: boolean | null;
}): RegistryQuery {
  const text = filter.text ?? '';
  return {
    text,
    economies: [...filter.economies],
    specializations: [...filter.specializations],
    internationalMembership: filter.internationalMembership ?? null,
    sort: text ? 'RELEVANCE' : 'NAME',
  };
}

/** Starts a browser download of text content (the CSV export). */
export function download(filename: string, contentType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
