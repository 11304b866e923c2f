import {
  type Caller,
  type CloudEvent,
  type FieldProblem,
  isEconomyCode,
  isSpecializationCode,
  specializationScope,
  validationError,
} from '@ccp/kit';
import {
  type ClusterChangeFilter,
  type ClusterEventData,
  changeTypeOf,
  checkClusterChangeFilter,
  matchesClusterChange,
  mayFollow,
  narrows,
} from './cluster-filter.js';

/** What the buffer keeps of one event: the envelope's facts and the data the filters and payloads read. */
export interface StreamItem {
  id: string;
  type: string;
  time: string;
  sequence: number;
  data: Record<string, unknown>;
}

/** A payload field resolved through the federated graph: `ClusterChange.cluster` by `cluster(id:)`. */
export interface FederatedField {
  /** The payload type and its field, e.g. ClusterChange.cluster. */
  parentType: string;
  field: string;
  /** The Query field that reads it, its argument and that argument's type. */
  query: string;
  argument: string;
  argumentType: string;
  /** The argument's value for an event; null: the field is null without asking. */
  idOf(item: StreamItem): string | null;
}

export interface StreamDefinition {
  /** The Subscription field. */
  field: string;
  /** The topic without KAFKA_TOPIC_PREFIX. */
  topic: string;
  /** The event types of the topic this stream carries. */
  carries(type: string): boolean;
  checkFilter(filter: unknown): void;
  accepts(filter: unknown, caller: Caller, item: StreamItem): boolean;
  /** The payload's own fields (all but the cursor and the federated field). */
  payload(item: StreamItem): Record<string, unknown>;
  federated: FederatedField;
}

const upper = (value: unknown) => String(value ?? '').toUpperCase();

function checkCodes(
  problems: FieldProblem[],
  field: string,
  codes: readonly string[] | null | undefined,
  valid: (code: string) => boolean,
  what: string,
) {
  (codes ?? []).forEach((code, i) => {
    if (!valid(code)) problems.push({ field: `filter.${field}[${i}]`, reason: `${code} is not ${what}` });
  });
}

const clusterChanged: StreamDefinition = {
  field: 'clusterChanged',
  topic: 'ccp.registry.cluster.v1',
  carries: (type) => type.startsWith('ccp.registry.cluster.'),
  checkFilter: (filter) => checkClusterChangeFilter(filter as ClusterChangeFilter | null),
  accepts: (filter, caller, item) => {
    const event = item as unknown as CloudEvent<ClusterEventData>;
    return mayFollow(caller, event.data) && matchesClusterChange(filter as ClusterChangeFilter | null, event);
  },
  payload: ({ id, type, time, sequence, data }) => ({
    eventId: id,
    type: changeTypeOf(type),
    clusterId: data.clusterId,
    sequence,
    time,
    economyCode: data.economy,
    status: upper(data.status),
    changedFields: data.changedFields ?? null,
  }),
  federated: {
    parentType: 'ClusterChange',
    field: 'cluster',
    query: 'cluster',
    argument: 'id',
    argumentType: 'ID!',
    idOf: (item) => String(item.data.clusterId),
  },
};

interface OfferFilter {
  kinds?: string[] | null;
  economies?: string[] | null;
  sectors?: string[] | null;
  targetEconomies?: string[] | null;
}

const cooperationOfferPublished: StreamDefinition = {
  field: 'cooperationOfferPublished',
  topic: 'ccp.matchmaking.offer.v1',
  carries: (type) => type === 'ccp.matchmaking.offer.published.v1',
  checkFilter: (raw) => {
    const filter = raw as OfferFilter | null;
    const problems: FieldProblem[] = [];
    checkCodes(problems, 'economies', filter?.economies, isEconomyCode, 'an APEC economy code');
    checkCodes(problems, 'targetEconomies', filter?.targetEconomies, isEconomyCode, 'an APEC economy code');
    checkCodes(problems, 'sectors', filter?.sectors, isSpecializationCode, 'a specialization code');
    if (problems.length) throw validationError(problems);
  },
  accepts: (raw, _caller, { data }) => {
    const filter = raw as OfferFilter | null;
    if (narrows(filter?.kinds) && !filter.kinds.includes(upper(data.kind))) return false;
    if (narrows(filter?.economies) && !filter.economies.includes(String(data.economy))) return false;
    const targets = (data.targetEconomies as string[] | undefined) ?? [];
    if (narrows(filter?.targetEconomies) && !filter.targetEconomies.some((code) => targets.includes(code))) return false;
    if (narrows(filter?.sectors)) {
      const scope = specializationScope((data.sectors as string[] | undefined) ?? []);
      if (!filter.sectors.some((code) => scope.has(code))) return false;
    }
    return true;
  },
  payload: ({ id, time, data }) => ({
    eventId: id,
    offerId: data.offerId,
    clusterId: data.clusterId,
    economyCode: data.economy,
    kind: upper(data.kind),
    time,
  }),
  federated: {
    parentType: 'CooperationOfferPublication',
    field: 'offer',
    query: 'cooperationOffer',
    argument: 'id',
    argumentType: 'ID!',
    idOf: (item) => String(item.data.offerId),
  },
};

/** `APEC` names the APEC-wide totals, whose events carry a null economy. */
export const APEC = 'APEC';

interface KpiFilter {
  kpis?: string[] | null;
  years?: number[] | null;
  economies?: string[] | null;
}

const kpiUpdated: StreamDefinition = {
  field: 'kpiUpdated',
  topic: 'ccp.economies.kpi.v1',
  carries: (type) => type === 'ccp.economies.kpi.updated.v1',
  checkFilter: (raw) => {
    const problems: FieldProblem[] = [];
    const valid = (code: string) => code === APEC || isEconomyCode(code);
    checkCodes(problems, 'economies', (raw as KpiFilter | null)?.economies, valid, 'an APEC economy code or APEC');
    if (problems.length) throw validationError(problems);
  },
  accepts: (raw, _caller, { data }) => {
    const filter = raw as KpiFilter | null;
    if (narrows(filter?.kpis) && !filter.kpis.includes(String(data.kpi))) return false;
    if (narrows(filter?.years) && !filter.years.includes(Number(data.year))) return false;
    if (narrows(filter?.economies) && !filter.economies.includes((data.economy as string | null) ?? APEC)) return false;
    return true;
  },
  payload: ({ id, time, data }) => ({
    eventId: id,
    kpi: data.kpi,
    year: data.year,
    value: data.value,
    previousValue: data.previousValue,
    time,
  }),
  federated: {
    parentType: 'KpiUpdate',
    field: 'economy',
    query: 'economy',
    argument: 'code',
    argumentType: 'ID!',
    idOf: (item) => (item.data.economy as string | null) ?? null,
  },
};

export const STREAMS: readonly StreamDefinition[] = [clusterChanged, cooperationOfferPublished, kpiUpdated];

/** The data fields the filters and payloads read; the rest (profiles, texts) is not kept in memory. */
const KEPT = [
  'clusterId',
  'economy',
  'status',
  'specializations',
  'changedFields',
  'offerId',
  'kind',
  'sectors',
  'targetEconomies',
  'kpi',
  'year',
  'value',
  'previousValue',
];

/** The buffer's copy of one Kafka message, or null for a message the stream does not carry. */
export function streamItem(stream: StreamDefinition, value: Buffer | null): StreamItem | null {
  if (!value) return null;
  let event: CloudEvent;
  try {
    event = JSON.parse(value.toString('utf8')) as CloudEvent;
  } catch {
    return null;
  }
  if (typeof event?.type !== 'string' || !stream.carries(event.type) || typeof event.data !== 'object' || !event.data) {
    return null;
  }
  const data: Record<string, unknown> = {};
  for (const key of KEPT) if (key in event.data) data[key] = event.data[key];
  return { id: event.id, type: event.type, time: event.time, sequence: event.sequence, data };
}
