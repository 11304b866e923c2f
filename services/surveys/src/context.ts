import type { Caller } from '@ccp/kit';
import DataLoader from 'dataloader';
import type { SurveysDeps } from './domain/deps.js';
import { respondedCounts } from './domain/read-campaigns.js';
import type { QuestionnaireKind, QuestionnaireRecord } from './model/questionnaire.js';
import type { ResponseRecord } from './model/response.js';

export interface Context {
  caller: Caller;
  deps: SurveysDeps;
  questionnaireById: DataLoader<string, QuestionnaireRecord | null>;
  /** The newest version of each kind, read once per request however many clusters ask. */
  currentQuestionnaire: DataLoader<QuestionnaireKind, QuestionnaireRecord | null>;
  responseById: DataLoader<string, ResponseRecord | null>;
  /** Where each cluster stands with the internationalization questionnaire, one read per request. */
  internationalizationProgress: DataLoader<string, 'submitted' | 'draft' | null>;
  /** Clusters that responded, per campaign id. */
  campaignRespondedCount: DataLoader<string, number>;
}

export function createContext(deps: SurveysDeps, caller: Caller): Context {
  return {
    caller,
    deps,
    questionnaireById: new DataLoader((ids) => deps.questionnaires.byIds(ids)),
    currentQuestionnaire: new DataLoader((kinds) =>
      Promise.all(kinds.map((k) => deps.questionnaires.current(k))),
    ),
    responseById: new DataLoader((ids) => deps.responseRepository.byIds(ids)),
    internationalizationProgress: new DataLoader((ids) =>
      deps.responseRepository.progressOf('internationalization', ids),
    ),
    campaignRespondedCount: new DataLoader((ids) => respondedCounts(deps, ids)),
  };
}
