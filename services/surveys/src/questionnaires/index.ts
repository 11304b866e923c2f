import type { QuestionnaireRecord } from '../model/questionnaire.js';
import { incompatibilities } from './compatibility.js';
import { followUpV1 } from './follow-up.v1.js';
import { internationalizationV1 } from './internationalization.v1.js';
import { internationalizationV2 } from './internationalization.v2.js';
import { workshopFeedbackV1 } from './workshop-feedback.v1.js';

/** Every questionnaire version the service ships; seeded at start. A new version is a new file here. */
export const QUESTIONNAIRES: readonly QuestionnaireRecord[] = [
  internationalizationV1,
  internationalizationV2,
  followUpV1,
  workshopFeedbackV1,
];

// A shipped version that reuses a question id with another meaning stops the service at start.
for (const next of QUESTIONNAIRES) {
  const earlier = QUESTIONNAIRES.filter((q) => q.kind === next.kind && q.version < next.version);
  const issues = incompatibilities(next, earlier);
  if (issues.length) {
    throw new Error(`${next.id}: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}
