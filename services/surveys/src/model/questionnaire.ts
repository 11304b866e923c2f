import { type Connection, type Model, Schema } from 'mongoose';

export const QUESTIONNAIRE_KINDS = ['internationalization', 'follow-up', 'workshop-feedback'] as const;
export type QuestionnaireKind = (typeof QUESTIONNAIRE_KINDS)[number];

export const QUESTION_TYPES = [
  'single-choice',
  'multiple-choice',
  'text',
  'number',
  'scale',
  'matrix',
  'economy',
  'yes-no',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** draft: the secretariat is writing it; published: answerable and immutable; retired: kept for its responses. */
export const QUESTIONNAIRE_STATUSES = ['draft', 'published', 'retired'] as const;
export type QuestionnaireVersionStatus = (typeof QUESTIONNAIRE_STATUSES)[number];

/** `apec`: the 21 APEC economies; `any`: any ISO 3166-1 alpha-2 country or territory. */
export const ECONOMY_SCOPES = ['apec', 'any'] as const;
export type EconomyScope = (typeof ECONOMY_SCOPES)[number];

export const TEXT_FORMATS = ['plain', 'email'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

export const CONDITION_OPERATORS = [
  'equals',
  'in',
  'includes',
  'includes-any',
  'gt',
  'gte',
  'lt',
  'lte',
  'answered',
  'all',
  'any',
  'not',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** A text by BCP-47 tag: English and Russian always, any other language besides. */
export interface LocalizedText {
  en: string;
  ru?: string | null;
  [locale: string]: string | null | undefined;
}

export interface OptionRecord {
  value: string;
  label: LocalizedText;
  exclusive: boolean;
}

export interface ScaleLabelRecord {
  value: number;
  label: LocalizedText;
}

/** The value a condition compares with, decoded as an answer of the question it tests. */
export type ConditionValue = string | number | boolean | string[] | number[];

/**
 * When a question or section is shown (docs: the condition language). A leaf tests the answer to an earlier
 * question (`questionId`, a matrix `row`); `all`, `any` and `not` combine `conditions`.
 */
export interface ConditionRecord {
  op: ConditionOperator;
  questionId?: string | null;
  row?: string | null;
  value?: ConditionValue | null;
  conditions?: ConditionRecord[];
}

export interface QuestionRecord {
  id: string;
  type: QuestionType;
  required: boolean;
  /** Its answer names the respondent (name, e-mail, position): kept apart from the anonymous answers. */
  personal: boolean;
  text: LocalizedText;
  help: LocalizedText | null;
  /** Choices, and the columns of a matrix. */
  options: OptionRecord[];
  /** The rows of a matrix, each answered with one column. */
  rows: OptionRecord[];
  /** Bounds of a number or a scale. */
  min: number | null;
  max: number | null;
  integer: boolean;
  maxLength: number | null;
  format: TextFormat | null;
  /** How many options (or economies) a multiple answer may hold. */
  minSelections: number | null;
  maxSelections: number | null;
  scaleLabels: ScaleLabelRecord[];
  economyScope: EconomyScope | null;
  /** An economy pick of several economies. */
  multiple: boolean;
  showIf: ConditionRecord | null;
}

export interface SectionRecord {
  id: string;
  title: LocalizedText;
  description: LocalizedText | null;
  showIf: ConditionRecord | null;
  questions: QuestionRecord[];
}

/** A questionnaire version as the rest of the service sees it: a plain object. */
export interface QuestionnaireRecord {
  id: string;
  kind: QuestionnaireKind;
  version: number;
  status: QuestionnaireVersionStatus;
  title: LocalizedText;
  description: LocalizedText | null;
  sections: SectionRecord[];
  /** +1 per edit of a draft; a published version never changes again. */
  revision: number;
  publishedAt: Date | null;
  retiredAt: Date | null;
}

/** The definition proper: what a version says, without its lifecycle. */
export type QuestionnaireContent = Pick<
  QuestionnaireRecord,
  'kind' | 'version' | 'title' | 'description' | 'sections'
>;

export interface QuestionnaireDocument extends Omit<QuestionnaireRecord, 'id'> {
  _id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A version's id: `<kind>-v<version>`, e.g. `internationalization-v2`. */
export const questionnaireId = (kind: QuestionnaireKind, version: number) => `${kind}-v${version}`;

const questionnaireSchema = new Schema<QuestionnaireDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: QUESTIONNAIRE_KINDS, required: true },
    version: { type: Number, required: true },
    status: { type: String, enum: QUESTIONNAIRE_STATUSES, required: true, default: 'published' },
    title: { type: Object, required: true },
    description: { type: Object, default: null },
    sections: { type: [Object], required: true },
    revision: { type: Number, required: true, default: 1 },
    publishedAt: { type: Date, default: null },
    retiredAt: { type: Date, default: null },
    createdAt: { type: Date },
    updatedAt: { type: Date },
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

/** Versions stored before issue 7 lack the newer fields: they read as their defaults. */
function toQuestionRecord(
  q: Partial<QuestionRecord> & Pick<QuestionRecord, 'id' | 'type' | 'text'>,
): QuestionRecord {
  return {
    id: q.id,
    type: q.type,
    required: q.required ?? false,
    personal: q.personal ?? false,
    text: q.text,
    help: q.help ?? null,
    options: q.options ?? [],
    rows: q.rows ?? [],
    min: q.min ?? null,
    max: q.max ?? null,
    integer: q.integer ?? false,
    maxLength: q.maxLength ?? null,
    format: q.format ?? (q.type === 'text' ? 'plain' : null),
    minSelections: q.minSelections ?? null,
    maxSelections: q.maxSelections ?? null,
    scaleLabels: q.scaleLabels ?? [],
    economyScope: q.economyScope ?? null,
    multiple: q.multiple ?? false,
    showIf: q.showIf ?? null,
  };
}

export function toQuestionnaireRecord(doc: QuestionnaireDocument): QuestionnaireRecord {
  return {
    id: doc._id,
    kind: doc.kind,
    version: doc.version,
    status: doc.status ?? 'published',
    title: doc.title,
    description: doc.description ?? null,
    sections: doc.sections.map((s) => ({
      id: s.id,
      title: s.title,
      description: s.description ?? null,
      showIf: s.showIf ?? null,
      questions: s.questions.map(toQuestionRecord),
    })),
    revision: doc.revision ?? 1,
    publishedAt: doc.publishedAt ?? null,
    retiredAt: doc.retiredAt ?? null,
  };
}

/** Every question of a questionnaire, by id, in the questionnaire's order. */
export function questionsById(
  questionnaire: Pick<QuestionnaireRecord, 'sections'>,
): Map<string, QuestionRecord> {
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

  /** Every version (of one kind when given), by kind and version; drafts only when asked for. */
  async list(kind?: QuestionnaireKind, { drafts = false } = {}): Promise<QuestionnaireRecord[]> {
    const docs = await this.model
      .find(kind ? { kind } : {})
      .sort({ kind: 1, version: 1 })
      .lean<QuestionnaireDocument[]>();
    return docs.map(toQuestionnaireRecord).filter((q) => drafts || q.status !== 'draft');
  }

  /** The newest published version of a kind: what new campaigns and standing responses use. */
  async current(kind: QuestionnaireKind): Promise<QuestionnaireRecord | null> {
    const versions = await this.list(kind);
    return versions.filter((q) => q.status === 'published').at(-1) ?? null;
  }
}
