import type { QuestionnaireModel, QuestionnaireRecord } from '../model/questionnaire.js';
import { QUESTIONNAIRES } from '../questionnaires/index.js';

/** Writes the shipped definitions, upserting by id: running it again changes nothing. */
export async function seedQuestionnaires(
  model: QuestionnaireModel,
  definitions: readonly QuestionnaireRecord[] = QUESTIONNAIRES,
): Promise<void> {
  for (const { id, ...definition } of definitions) {
    const upsert = () =>
      model.collection.updateOne({ _id: id as never }, { $set: definition }, { upsert: true });
    try {
      await upsert();
    } catch (err) {
      // Two replicas starting together may both try to insert; the loser's retry updates instead.
      if ((err as { code?: number }).code !== 11000) throw err;
      await upsert();
    }
  }
}
