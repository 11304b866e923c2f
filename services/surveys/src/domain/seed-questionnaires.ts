import type { QuestionnaireModel, QuestionnaireRecord } from '../model/questionnaire.js';
import { QUESTIONNAIRES } from '../questionnaires/index.js';

/** Writes the shipped definitions, upserting by id: running it again changes nothing. */
export async function seedQuestionnaires(
  model: QuestionnaireModel,
  definitions: readonly QuestionnaireRecord[] = QUESTIONNAIRES,
): Promise<void> {
  for (const { id, ...definition } of definitions) {
    await model.collection.updateOne({ _id: id as never }, { $set: definition }, { upsert: true });
  }
}
