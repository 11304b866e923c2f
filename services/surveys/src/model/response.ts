import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';
import type { QuestionnaireKind, QuestionType } from './questionnaire.js';

export const RESPONSE_STATUSES = ['draft', 'submitted'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/**
 * A decoded answer: text, a number (numbers and scales), yes/no, one option value or economy code, several,
 * or a matrix's chosen column by row.
 */
export type AnswerValue = string | number | boolean | string[] | { [row: string]: string };

export interface AnswerRecord {
  questionId: string;
  /** Kept with the value so it can be encoded back without the questionnaire at hand. */
  type: QuestionType;
  value: AnswerValue;
}

/**
 * Who the response is by: the users who wrote and submitted it, and the answers to the questionnaire's
 * personal questions (the respondent's name, e-mail, position). Kept apart so that erasing a person touches
 * only this, and the answers stay as anonymous data.
 */
export interface RespondentRecord {
  createdBy: string;
  updatedBy: string;
  submittedBy: string | null;
  answers: AnswerRecord[];
}

/** A cluster's response as the rest of the service sees it: a plain object, never a mongoose document. */
export interface ResponseRecord {
  id: string;
  questionnaireId: string;
  questionnaireKind: QuestionnaireKind;
  questionnaireVersion: number;
  clusterId: string;
  /** The cluster's economy when the response was last written: whose coordinator may read it. */
  economy: string;
  status: ResponseStatus;
  /** The answers to every question that is not personal, in the questionnaire's order. */
  answers: AnswerRecord[];
  respondent: RespondentRecord;
  /** The campaign it answers; null for a standing response to an internationalization questionnaire. */
  campaignId: string | null;
  /** A follow-up's collaboration (from its campaign). */
  collaborationId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

export interface ResponseDocument extends Omit<ResponseRecord, 'id'> {
  _id: string;
  outbox: CloudEvent[];
}

/**
 * One response per cluster per campaign (or, outside campaigns, per questionnaire version): the id says which,
 * so the unique `_id` decides between two concurrent first saves or submissions.
 */
export const responseId = (campaignOrQuestionnaireId: string, clusterId: string) =>
  `${campaignOrQuestionnaireId}:${clusterId}`;

const responseSchema = new Schema<ResponseDocument>(
  {
    _id: { type: String, required: true },
    questionnaireId: { type: String, required: true, index: true },
    questionnaireKind: { type: String, required: true },
    questionnaireVersion: { type: Number, required: true },
    clusterId: { type: String, required: true, index: true },
    economy: { type: String, required: true },
    status: { type: String, enum: RESPONSE_STATUSES, required: true },
    answers: { type: [Object], default: [] },
    respondent: { type: Object, required: true },
    campaignId: { type: String, default: null },
    collaborationId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    submittedAt: { type: Date, default: null },
    ...outboxSchemaFields,
  },
  { collection: 'responses', versionKey: false, minimize: false },
);

export type ResponseModel = Model<ResponseDocument>;

export function responseModel(conn: Connection): ResponseModel {
  return (
    (conn.models.Response as ResponseModel | undefined) ??
    conn.model<ResponseDocument>('Response', responseSchema)
  );
}

export function toResponseRecord(doc: ResponseDocument): ResponseRecord {
  return {
    id: doc._id,
    questionnaireId: doc.questionnaireId,
    questionnaireKind: doc.questionnaireKind,
    questionnaireVersion: doc.questionnaireVersion,
    clusterId: doc.clusterId,
    economy: doc.economy,
    status: doc.status,
    answers: doc.answers ?? [],
    respondent: {
      createdBy: doc.respondent?.createdBy ?? '',
      updatedBy: doc.respondent?.updatedBy ?? '',
      submittedBy: doc.respondent?.submittedBy ?? null,
      answers: doc.respondent?.answers ?? [],
    },
    campaignId: doc.campaignId ?? null,
    collaborationId: doc.collaborationId ?? null,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    submittedAt: doc.submittedAt ?? null,
  };
}

/**
 * How far a cluster got with a kind of questionnaire across its versions and campaigns (`_id` =
 * `<kind>:<clusterId>`; rank 1: a draft, 2: submitted), so a cluster's status is one `{_id}` read instead of a
 * scan of every response. Written right after the response with `$max`: it only ever rises.
 */
export interface QuestionnaireProgressDocument {
  _id: string;
  rank: number;
}

const progressSchema = new Schema<QuestionnaireProgressDocument>(
  { _id: { type: String, required: true }, rank: { type: Number, required: true } },
  { collection: 'questionnaire_progress', versionKey: false },
);

const PROGRESS_RANK = { draft: 1, submitted: 2 } as const;

function progressModel(conn: Connection): Model<QuestionnaireProgressDocument> {
  return (
    (conn.models.QuestionnaireProgress as Model<QuestionnaireProgressDocument> | undefined) ??
    conn.model<QuestionnaireProgressDocument>('QuestionnaireProgress', progressSchema)
  );
}

/** Reads that return plain records. */
export class ResponseRepository {
  private readonly progress: Model<QuestionnaireProgressDocument>;

  constructor(readonly model: ResponseModel) {
    this.progress = progressModel(model.db);
  }

  async byIds(ids: readonly string[]): Promise<(ResponseRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }, { outbox: 0 }).lean<ResponseDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toResponseRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Where each cluster stands with a kind of questionnaire: submitted if any response is, draft if one exists. */
  async progressOf(
    kind: QuestionnaireKind,
    clusterIds: readonly string[],
  ): Promise<(ResponseStatus | null)[]> {
    const docs = await this.progress
      .find({ _id: { $in: clusterIds.map((id) => `${kind}:${id}`) } })
      .lean<QuestionnaireProgressDocument[]>();
    const rank = new Map(docs.map((d) => [d._id, d.rank]));
    return clusterIds.map((id) => {
      const r = rank.get(`${kind}:${id}`) ?? 0;
      return r >= PROGRESS_RANK.submitted ? 'submitted' : r >= PROGRESS_RANK.draft ? 'draft' : null;
    });
  }

  /**
   * Raises a cluster's progress after its response was written. A crash just before leaves the status one step
   * behind until the cluster's next save or submission (KPIs count the events, not this).
   */
  async recordProgress(kind: QuestionnaireKind, clusterId: string, status: ResponseStatus): Promise<void> {
    const raise = () =>
      this.progress.updateOne(
        { _id: `${kind}:${clusterId}` },
        { $max: { rank: PROGRESS_RANK[status] } },
        { upsert: true },
      );
    // Two first writes for one cluster may both try to insert: the loser's retry updates.
    await raise().catch((err: { code?: number }) => (err?.code === 11000 ? raise() : Promise.reject(err)));
  }
}
