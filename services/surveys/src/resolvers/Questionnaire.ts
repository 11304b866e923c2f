import type {
  QuestionnaireKind,
  QuestionnaireResolvers,
  QuestionnaireVersionStatus,
} from '../__generated__/resolvers-types.js';
import { visibleTo } from '../domain/questionnaire-versions.js';
import { requestedId } from '../domain/read-response.js';
import { languagesOf } from '../questionnaires/definition.js';
import { definitionJson } from '../questionnaires/definition-json.js';
import { questionnaireMessages } from '../questionnaires/messages.js';
import { toEnum } from './enum-values.js';

export const Questionnaire: QuestionnaireResolvers = {
  __resolveReference: async (ref, ctx) =>
    visibleTo(ctx.caller, await ctx.questionnaireById.load(requestedId(ref.id, 'id'))),
  kind: (questionnaire) => toEnum<QuestionnaireKind>(questionnaire.kind),
  status: (questionnaire) => toEnum<QuestionnaireVersionStatus>(questionnaire.status),
  publishedAt: (questionnaire) => questionnaire.publishedAt?.toISOString() ?? null,
  retiredAt: (questionnaire) => questionnaire.retiredAt?.toISOString() ?? null,
  languages: (questionnaire) => languagesOf(questionnaire),
  messages: (questionnaire, { locale }) => questionnaireMessages(questionnaire, locale),
  definitionJson: (questionnaire) => definitionJson(questionnaire),
};
