import { isDuplicateKey, type Logger } from '@ccp/kit';
import {
  type QuestionnaireDocument,
  type QuestionnaireModel,
  type QuestionnaireRecord,
  toQuestionnaireRecord,
} from '../model/questionnaire.js';
import { QUESTIONNAIRES } from '../questionnaires/index.js';

/** JSON with object keys sorted: two definitions are the same whatever order their fields were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const contentOf = (q: Pick<QuestionnaireRecord, 'kind' | 'version' | 'title' | 'description' | 'sections'>) =>
  canonical({
    kind: q.kind,
    version: q.version,
    title: q.title,
    description: q.description,
    sections: q.sections,
  });

/**
 * Stores the shipped versions that are missing, as published. A stored version is never rewritten (published
 * versions are immutable, and the secretariat may have retired one): a shipped definition that differs from
 * what is stored is reported and left alone — change a questionnaire by shipping a new version. Returns the
 * ids of the versions that differ.
 */
export async function seedQuestionnaires(
  model: QuestionnaireModel,
  definitions: readonly QuestionnaireRecord[] = QUESTIONNAIRES,
  logger?: Logger,
): Promise<string[]> {
  const stored = await model
    .find({ _id: { $in: definitions.map((d) => d.id) } })
    .lean<QuestionnaireDocument[]>();
  const byId = new Map(stored.map((d) => [d._id, toQuestionnaireRecord(d)]));
  const drifted: string[] = [];
  for (const definition of definitions) {
    const existing = byId.get(definition.id);
    if (existing) {
      if (contentOf(existing) !== contentOf(definition)) drifted.push(definition.id);
      continue;
    }
    const now = new Date();
    const { id, ...content } = definition;
    const doc: QuestionnaireDocument = {
      _id: id,
      ...content,
      status: 'published',
      revision: 1,
      publishedAt: now,
      retiredAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await model.collection.insertOne(doc as never);
    } catch (err) {
      // Two replicas starting together both insert: one copy is stored, which is all seeding wants.
      if (!isDuplicateKey(err)) throw err;
    }
  }
  if (drifted.length) {
    logger?.warn(
      { questionnaires: drifted },
      'shipped questionnaire definitions differ from the stored (immutable) versions; ship changes as new versions',
    );
  }
  return drifted;
}
