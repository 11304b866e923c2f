import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { ResponseDocument } from '../model/response.js';

export const ResponseEventType = {
  submitted: 'ccp.surveys.response.submitted.v1',
} as const;

/** What KPIs need of a submission: which questionnaire, which cluster and economy, which campaign. */
export function responseSubmitted(r: ResponseDocument, actor: Actor): CloudEvent {
  const submittedAt = r.submittedAt ?? new Date();
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
      submittedBy: r.submittedBy,
    },
  });
}
