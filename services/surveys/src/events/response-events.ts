import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { ResponseDocument } from '../model/response.js';
import { SUCCESS_STORY_QUESTION } from '../questionnaires/definition.js';

export const ResponseEventType = {
  submitted: 'ccp.surveys.response.submitted.v1',
} as const;

/** A follow-up's answer to `success-story` (required, always shown: a submitted follow-up has it). */
function successStoryOf(r: ResponseDocument): boolean {
  const answer = r.answers.find((a) => a.questionId === SUCCESS_STORY_QUESTION)?.value;
  if (typeof answer !== 'boolean')
    throw new Error(`follow-up ${r._id} has no ${SUCCESS_STORY_QUESTION} answer`);
  return answer;
}

/**
 * What KPIs need of a submission: which questionnaire, which cluster and economy, which campaign, and for a
 * follow-up its collaboration and whether it became a success story (KPI 5).
 */
export function responseSubmitted(r: ResponseDocument, actor: Actor): CloudEvent {
  const submittedAt = r.submittedAt ?? new Date();
  const followUp = r.questionnaireKind === 'follow-up';
  return makeEvent({
    service: 'surveys',
    type: ResponseEventType.submitted,
    subject: r._id,
    sequence: r.version,
    actor,
    economy: r.economy,
    time: submittedAt,
    data: {
      responseId: r._id,
      questionnaireKind: r.questionnaireKind,
      questionnaireId: r.questionnaireId,
      questionnaireVersion: r.questionnaireVersion,
      clusterId: r.clusterId,
      economy: r.economy,
      campaignId: r.campaignId,
      submittedAt: submittedAt.toISOString(),
      submittedBy: r.respondent.submittedBy,
      ...(followUp ? { collaborationId: r.collaborationId, successStory: successStoryOf(r) } : {}),
    },
  });
}
