import { type Connection, type Model, Schema } from 'mongoose';

export const QUESTIONNAIRE_KINDS = ['internationalization', 'follow-up', 'workshop-feedback'] as const;
export type QuestionnaireKind = (typeof QUESTIONNAIRE_KINDS)[number];

export const QUESTION_TYPES = ['single-choice', 'multiple-choice', 'text', 'number', 'yes-no'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface LocalizedText {
  en: string;
  ru?: string | null;
}

export interface OptionRecord {
  value: string;
  label: LocalizedText;
  exclusive: boolean;
}

export interface QuestionRecord {
  id: string;
  type: QuestionType;
  required: boolean;
  text: LocalizedText;
  help: LocalizedText | null;
  options: OptionRecord[];
  min: number | null;
  max: number | null;
  integer: boolean;
  maxLength: number | null;
}

export interface SectionRecord {
  id: string;
  title: LocalizedText;
  questions: QuestionRecord[];
}

/** A questionnaire version as the rest of the service sees it: a plain object. */
export interface QuestionnaireRecord {
  id: string;
  kind: QuestionnaireKind;
  version: number;
  title: LocalizedText;
  description: LocalizedText | null;
  sections: SectionRecord[];
}

export interface QuestionnaireDocument extends Omit<QuestionnaireRecord, 'id'> {
  _id: string;
}

const questionnaireSchema = new Schema<QuestionnaireDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: QUESTIONNAIRE_KINDS, required: true },
    version: { type: Number, required: true },
    title: { type: Object, required: true },
    description: { type: Object, default: null },
    sections: { type: [Object], required: true },
  },
  { collection: 'questionnaires', versionKey: false, minimize: false },
);
// Two definitions may not claim the same version of a kind.
questionnaireSchema.index({ kind: 1, version: 1 }, { unique: true });

export type QuestionnaireModel = Model<QuestionnaireDocument>;

export function questionnaireModel(conn: Connection): QuestionnaireModel {
  return (
    (conn.models.Questionnaire as QuestionnaireModel | undefined) ??
    conn.model<QuestionnaireDocument>('Questionnaire', questionnaireSchema)
  );
}

export function toQuestionnaireRecord(doc: QuestionnaireDocument): QuestionnaireRecord {
  return {
    id: doc._id,
    kind: doc.kind,
    version: doc.version,
    title: doc.title,
    description: doc.description ?? null,
    sections: doc.sections,
  };
}

/** Every question of a questionnaire, by id. */
export function questionsById(questionnaire: QuestionnaireRecord): Map<string, QuestionRecord> {
  return new Map(questionnaire.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
}

/** Reads that return plain records. */
export class QuestionnaireRepository {
  constructor(readonly model: QuestionnaireModel) {}

  async byId(id: string): Promise<QuestionnaireRecord | null> {
    const doc = await this.model.findById(id).lean<QuestionnaireDocument>();
    return doc ? toQuestionnaireRecord(doc) : null;
  }

  async byIds(ids: readonly string[]): Promise<(QuestionnaireRecord | null)[]> {
    const docs = await this.model.find({ _id: { $in: [...ids] } }).lean<QuestionnaireDocument[]>();
    const byId = new Map(docs.map((d) => [d._id, toQuestionnaireRecord(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list(kind?: QuestionnaireKind): Promise<QuestionnaireRecord[]> {
    const docs = await this.model
      .find(kind ? { kind } : {})
      .sort({ kind: 1, version: 1 })
      .lean<QuestionnaireDocument[]>();
    return docs.map(toQuestionnaireRecord);
  }

  /** The newest version of a kind. */
  async current(kind: QuestionnaireKind): Promise<QuestionnaireRecord | null> {
    const [doc] = await this.model
      .find({ kind })
      .sort({ version: -1 })
      .limit(1)
      .lean<QuestionnaireDocument[]>();
    return doc ? toQuestionnaireRecord(doc) : null;
  }
}
