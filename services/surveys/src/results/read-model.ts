import {
  type CloudEvent,
  type Logger,
  specializationScope,
  TOPICS,
  TopicFollower,
  type TopicPosition,
  topicEnds,
} from '@ccp/kit';
import type { Kafka } from 'kafkajs';
import type { ClusterFactsDocument, ClusterFactsModel } from '../model/cluster-facts.js';
import type { ResponseDocument, ResponseModel } from '../model/response.js';

export const RESPONSE_SUBMITTED = 'ccp.surveys.response.submitted.v1';

/** One stored answer (or one row of a matrix answer): a number, yes/no, an option value, several, or text. */
export type Cell = number | boolean | string | readonly string[];

/** What results keep of a submitted response: where it comes from, and its answers by column. */
export type SubmittedResponse = Pick<
  ResponseDocument,
  | '_id'
  | 'questionnaireId'
  | 'questionnaireKind'
  | 'questionnaireVersion'
  | 'clusterId'
  | 'economy'
  | 'campaignId'
  | 'submittedAt'
  | 'answers'
>;

/** The fields read at start: never the respondents' personal ones. */
const PROJECTION = {
  _id: 1,
  questionnaireId: 1,
  questionnaireKind: 1,
  questionnaireVersion: 1,
  clusterId: 1,
  economy: 1,
  campaignId: 1,
  submittedAt: 1,
  answers: 1,
} as const;

/** The submitted responses to every version of one questionnaire kind, stored by column. */
export class ResponseTable {
  readonly ids: string[] = [];
  readonly clusterIds: string[] = [];
  readonly economies: string[] = [];
  readonly campaignIds: (string | null)[] = [];
  readonly questionnaireIds: string[] = [];
  readonly versions: number[] = [];
  readonly submittedAt: Date[] = [];
  /** By question id, or `<question>.<row>` for a row of a matrix; a hole is "no answer". */
  readonly columns = new Map<string, Cell[]>();

  get size() {
    return this.ids.length;
  }

  /** Raised by every response added: what was derived from the table before is stale. */
  changes = 0;
  private readonly derived = new Map<string, { at: number; value: unknown }>();

  column(key: string): readonly (Cell | undefined)[] {
    return this.columns.get(key) ?? [];
  }

  /** Something computed from the whole table (not a selection), kept until the next response is added. */
  memo<T>(key: string, compute: () => T): T {
    const hit = this.derived.get(key);
    if (hit && hit.at === this.changes) return hit.value as T;
    const value = compute();
    this.derived.set(key, { at: this.changes, value });
    return value;
  }
}

/** What a filter asks of the cluster behind a response: its specializations and the types of its members. */
interface ClusterFacet {
  sequence: number;
  /** Its codes and their parents: a filter by a parent code selects the children's clusters. */
  scope: ReadonlySet<string>;
  memberTypes: ReadonlySet<string>;
}

/** Which responses a result is computed over; every criterion narrows, values within one are alternatives. */
export interface ResultsSelection {
  questionnaireIds: ReadonlySet<string>;
  campaignIds?: readonly string[];
  economies?: readonly string[];
  specializations?: readonly string[];
  memberTypes?: readonly string[];
}

export interface ResultsFeedTopics {
  response: string;
  cluster: string;
}

/**
 * Surveys' results read model: every submitted response, by column, in memory, plus what filters need of each
 * cluster, so distributions, cross-tabulations and rates over 10,000 responses are counted in milliseconds
 * (FerretDB's SQLite backend scans the collection for every query but a lone `{_id}`, docs/decisions.md §17).
 *
 * Loaded at start (one scan of the submitted responses and one of the cluster facts), after noting where to
 * follow from: the response topic's ends (a response is stored before its event leaves), the cluster topic
 * from the facts consumer's committed offsets (what is before them is in the facts collection). Then a
 * consumer group of the process's own follows both topics: a submitted event adds its response (read by
 * `_id`) once, a cluster event newer than the facet known replaces it. A submitted response is final, so a
 * redelivered or replayed event changes nothing.
 */
export class ResultsReadModel {
  private readonly tables = new Map<string, ResponseTable>();
  private readonly rowOf = new Map<string, { table: ResponseTable; row: number }>();
  private readonly clusters = new Map<string, ClusterFacet>();
  private readonly strings = new Map<string, string>();
  private follower: TopicFollower | undefined;
  private positions: TopicPosition[] = [];
  readonly topics: ResultsFeedTopics;
  /** Raised by every change: results computed at one generation stay true until the next. */
  generation = 0;

  constructor(
    private readonly responses: ResponseModel,
    private readonly clusterFacts: ClusterFactsModel,
    private readonly logger?: Logger,
    topics?: Partial<ResultsFeedTopics>,
  ) {
    this.topics = { response: TOPICS.response, cluster: TOPICS.cluster, ...topics };
  }

  /** How many submitted responses are held. */
  get size() {
    return this.rowOf.size;
  }

  table(kind: string): ResponseTable | undefined {
    return this.tables.get(kind);
  }

  has(responseId: string): boolean {
    return this.rowOf.has(responseId);
  }

  /**
   * Notes where to follow from (with `kafka`), then reads the cluster facts and the submitted responses. The
   * facts group's committed offsets mark what the facts collection holds; a partition without one is read
   * from its start.
   */
  async load(kafka?: Kafka, factsGroupId?: string): Promise<void> {
    if (kafka) this.positions = await this.notePositions(kafka, factsGroupId);
    const facts = await this.clusterFacts.find({}).lean<ClusterFactsDocument[]>();
    for (const f of facts) this.putFacet(f._id, f.applied?.sequence ?? 0, f.specializations, f.memberTypes);
    const docs = await this.responses.find({ status: 'submitted' }, PROJECTION).lean<SubmittedResponse[]>();
    for (const doc of docs) this.put(doc);
    this.logger?.info({ responses: this.size, clusters: this.clusters.size }, 'results read model loaded');
  }

  private async notePositions(kafka: Kafka, factsGroupId?: string): Promise<TopicPosition[]> {
    const { response, cluster } = this.topics;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = factsGroupId
        ? await admin.fetchOffsets({ groupId: factsGroupId, topics: [cluster] })
        : [];
      const committedAt = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, p.offset] as const),
      );
      const clusters = (await admin.fetchTopicOffsets(cluster)).map((p) => {
        const at = committedAt.get(p.partition);
        return { topic: cluster, partition: p.partition, offset: at && Number(at) >= 0 ? at : p.low };
      });
      return [...clusters, ...(await topicEnds(kafka, [response]))];
    } finally {
      await admin.disconnect();
    }
  }

  /** Follows both topics from the noted positions with `groupId`, the process's own group. */
  async follow(kafka: Kafka, groupId: string): Promise<void> {
    this.follower = new TopicFollower({
      kafka,
      groupId,
      topics: [this.topics.response, this.topics.cluster],
      apply: (event) => this.applyEvent(event),
      logger: this.logger,
      skipped: 'results read model: event skipped',
      deleteGroupOnStop: true,
    });
    await this.follower.start(this.positions);
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = undefined;
  }

  /** One event of either topic; false when it changed nothing. */
  async applyEvent(event: CloudEvent): Promise<boolean> {
    if (event?.type === RESPONSE_SUBMITTED) {
      if (typeof event.subject !== 'string' || this.rowOf.has(event.subject)) return false;
      const doc = await this.responses
        .findById(event.subject, PROJECTION)
        .lean<SubmittedResponse & { status?: string }>();
      return doc ? this.put(doc) : false;
    }
    if (typeof event?.type === 'string' && event.type.startsWith('ccp.registry.cluster.')) {
      const data = (event.data ?? {}) as {
        specializations?: unknown;
        profile?: { keyMembers?: { type?: unknown }[] } | null;
      };
      const known = this.clusters.get(event.subject);
      if (known && known.sequence >= event.sequence) return false;
      const memberTypes = Array.isArray(data.profile?.keyMembers)
        ? data.profile.keyMembers.map((m) => m?.type).filter((t): t is string => typeof t === 'string')
        : undefined;
      this.putFacet(
        event.subject,
        event.sequence,
        Array.isArray(data.specializations) ? (data.specializations as string[]) : undefined,
        memberTypes,
        known,
      );
      return true;
    }
    return false;
  }

  private putFacet(
    clusterId: string,
    sequence: number,
    specializations: readonly string[] | undefined,
    memberTypes: readonly string[] | undefined,
    known = this.clusters.get(clusterId),
  ): void {
    this.clusters.set(clusterId, {
      sequence,
      // An event without a section keeps what an earlier one said.
      scope: specializations ? specializationScope(specializations) : (known?.scope ?? new Set()),
      memberTypes: memberTypes ? new Set(memberTypes) : (known?.memberTypes ?? new Set()),
    });
    this.generation += 1;
  }

  /** Adds a submitted response once; a response already held (or not submitted) changes nothing. */
  put(doc: SubmittedResponse & { status?: string }): boolean {
    if (this.rowOf.has(doc._id) || (doc.status !== undefined && doc.status !== 'submitted')) return false;
    let table = this.tables.get(doc.questionnaireKind);
    if (!table) {
      table = new ResponseTable();
      this.tables.set(doc.questionnaireKind, table);
    }
    const row = table.size;
    table.ids.push(doc._id);
    table.clusterIds.push(doc.clusterId);
    table.economies.push(this.intern(doc.economy));
    table.campaignIds.push(doc.campaignId ? this.intern(doc.campaignId) : null);
    table.questionnaireIds.push(this.intern(doc.questionnaireId));
    table.versions.push(doc.questionnaireVersion);
    table.submittedAt.push(new Date(doc.submittedAt ?? 0));
    for (const answer of doc.answers ?? []) {
      for (const [key, cell] of this.cellsOf(answer.questionId, answer.value as unknown)) {
        let column = table.columns.get(key);
        if (!column) {
          column = [];
          table.columns.set(key, column);
        }
        column[row] = cell;
      }
    }
    this.rowOf.set(doc._id, { table, row });
    table.changes += 1;
    this.generation += 1;
    return true;
  }

  /** An answer's cells: one, or one per row of a matrix (an object of row → answer). */
  private cellsOf(questionId: string, value: unknown): [string, Cell][] {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value as Record<string, unknown>).flatMap(([row, v]) => {
        const cell = this.cell(v);
        return cell === undefined ? [] : [[`${questionId}.${row}`, cell] as [string, Cell]];
      });
    }
    const cell = this.cell(value);
    return cell === undefined ? [] : [[questionId, cell]];
  }

  private cell(value: unknown): Cell | undefined {
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    // Option values repeat across thousands of responses: one copy each.
    if (typeof value === 'string') return value.length <= 100 ? this.intern(value) : value;
    if (Array.isArray(value)) return Object.freeze(value.map((v) => this.intern(String(v))));
    return undefined;
  }

  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /** The rows of `table` the selection takes, in the order they were submitted. */
  select(table: ResponseTable, selection: ResultsSelection): number[] {
    const { questionnaireIds } = selection;
    const campaigns = selection.campaignIds?.length ? new Set(selection.campaignIds) : null;
    const economies = selection.economies?.length ? new Set(selection.economies) : null;
    const specializations = selection.specializations?.length ? selection.specializations : null;
    const memberTypes = selection.memberTypes?.length ? selection.memberTypes : null;
    const rows: number[] = [];
    for (let r = 0; r < table.size; r += 1) {
      if (!questionnaireIds.has(table.questionnaireIds[r]!)) continue;
      if (campaigns && !campaigns.has(table.campaignIds[r] ?? '')) continue;
      if (economies && !economies.has(table.economies[r]!)) continue;
      if (specializations || memberTypes) {
        const facet = this.clusters.get(table.clusterIds[r]!);
        if (!facet) continue;
        if (specializations && !specializations.some((s) => facet.scope.has(s))) continue;
        if (memberTypes && !memberTypes.some((t) => facet.memberTypes.has(t))) continue;
      }
      rows.push(r);
    }
    return rows;
  }
}
