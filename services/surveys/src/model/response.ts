import { type CloudEvent, outboxSchemaFields } from '@ccp/kit';
import { type Connection, type Model, Schema } from 'mongoose';
import type { QuestionnaireKind, QuestionType } from './questionnaire.js';

export const RESPONSE_STATUSES = ['draft', 'submitted'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/** A decoded answer: text, a number, yes/no, one option value or several. */
export type AnswerValue = string | number | boolean | string[];

export interface AnswerRecord {
  questionId: string;
  /** Kept with the value so it can be encoded back without the questionnaire at hand. */
  type: QuestionType;
  value: AnswerValue;
}

/** A cluster's response as the rest of the service sees it: a plain object, never a mongoose document. */
export interface ResponseRecord {
  id: string;
  questionnaireId: string;
  clusterId: string;
  /** The cluster's economy when the response was last written: whose coordinator may read it. */
  economy: string;
  status: ResponseStatus;
  answers: AnswerRecord[];
  campaignId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

export interface ResponseDocument {
  _id: string;
  questionnaireId: string;
  questionnaireKind: QuestionnaireKind;
  questionnaireVersion: number;
  clusterId: string;
  /** The cluster's economy as last seen: the submitted event carries it. */
  economy: string;
  status: ResponseStatus;
  answers: AnswerRecord[];
  campaignId: string | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  submittedAt: Date | null;
  submittedBy: string | null;
  version: number;
  outbox: CloudEvent[];
}

/** One response per cluster per questionnaire: the id says which. */
export const responseId = (questionnaireId: string, clusterId: string) => `${questionnaireId}:${clusterId}`;

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
    campaignId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    submittedAt: { type: Date, default: null },
    submittedBy: { type: String, default: null },
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
    clusterId: doc.clusterId,
    economy: doc.economy,
    status: doc.status,
    answers: doc.answers ?? [],
    campaignId: doc.campaignId ?? null,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    submittedAt: doc.submittedAt ?? null,
  };
}

/** Reads that return plain records. */
export class ResponseRepository {
  constructor(readonly model: ResponseModel) {}

  async byIds(ids: readonly string[]): Promise<(ResponseRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<ResponseDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toResponseRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
