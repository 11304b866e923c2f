import type { QuestionnaireRecord } from '../model/questionnaire.js';
import { internationalizationV1 } from './internationalization.v1.js';

/** Every questionnaire version the service ships; seeded at start. A new version is a new file here. */
export const QUESTIONNAIRES: readonly QuestionnaireRecord[] = [internationalizationV1];
