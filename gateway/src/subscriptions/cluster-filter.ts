import {
  type Caller,
  type CloudEvent,
  clusterPrivilege,
  type FieldProblem,
  isEconomyCode,
  isSpecializationCode,
  specializationScope,
  validationError,
} from '@ccp/kit';

export const CLUSTER_CHANGE_TYPES = ['REGISTERED', 'UPDATED', 'SUBMITTED', 'PUBLISHED', 'RETURNED', 'ARCHIVED', 'CLAIMED'] as const;
export type ClusterChangeType = (typeof CLUSTER_CHANGE_TYPES)[number];

export interface ClusterChangeFilter {
  economies?: string[] | null;
  specializations?: string[] | null;
  clusterIds?: string[] | null;
  types?: ClusterChangeType[] | null;
}

export interface ClusterEventData {
  clusterId: string;
  economy: string;
  status: string;
  specializations?: string[];
}

/** Refuses unknown economy or specialization codes, naming each field at fault (`filter.economies[1]`). */
export function checkClusterChangeFilter(filter: ClusterChangeFilter | null | undefined): void {
  const problems: FieldProblem[] = [];
  (filter?.economies ?? []).forEach((code, i) => {
    if (!isEconomyCode(code)) problems.push({ field: `filter.economies[${i}]`, reason: `${code} is not an APEC economy code` });
  });
  (filter?.specializations ?? []).forEach((code, i) => {
    if (!isSpecializationCode(code)) problems.push({ field: `filter.specializations[${i}]`, reason: `${code} is not a specialization code` });
  });
  if (problems.length) throw validationError(problems);
}

/** `ccp.registry.cluster.published.v1` → PUBLISHED. */
export const changeTypeOf = (eventType: string) => (eventType.split('.')[3] ?? '').toUpperCase() as ClusterChangeType;

/**
 * Visitors and API clients follow the public record: changes after which the cluster is published, and the
 * archiving that takes one off it; those with a privilege on the cluster also follow its drafts.
 */
export function mayFollow(caller: Caller, data: ClusterEventData): boolean {
  return (
    data.status === 'published' ||
    data.status === 'archived' ||
    clusterPrivilege(caller, { id: data.clusterId, economy: data.economy }) !== null
  );
}

/** A filter list narrows only when it names something. */
export const narrows = <T>(list: readonly T[] | null | undefined): list is readonly T[] => Boolean(list?.length);

export function matchesClusterChange(filter: ClusterChangeFilter | null | undefined, event: CloudEvent<ClusterEventData>): boolean {
  const { data } = event;
  if (narrows(filter?.economies) && !filter.economies.includes(data.economy)) return false;
  if (narrows(filter?.clusterIds) && !filter.clusterIds.includes(data.clusterId)) return false;
  if (narrows(filter?.types) && !filter.types.includes(changeTypeOf(event.type))) return false;
  if (narrows(filter?.specializations)) {
    const scope = specializationScope(data.specializations ?? []);
    if (!filter.specializations.some((code) => scope.has(code))) return false;
  }
  return true;
}
