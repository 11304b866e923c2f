import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { CollaborationDocument } from '../model/collaboration.js';
import type { ClusterNames } from './match-request-events.js';
import { requestNotification } from './notifications.js';

export const CollaborationEventType = {
  agreed: 'ccp.matchmaking.collaboration.agreed.v1',
} as const;

type AgreedCollaboration = Pick<
  CollaborationDocument,
  '_id' | 'clusterIds' | 'economies' | 'origin' | 'originId' | 'agreedAt' | 'version'
>;

/** Read by surveys to schedule the one-year follow-up; the envelope carries the first cluster's economy. */
export function collaborationAgreed(c: AgreedCollaboration, actor: Actor): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: CollaborationEventType.agreed,
    subject: c._id,
    actor,
    sequence: c.version,
    economy: c.economies[0],
    time: c.agreedAt,
    data: {
      collaborationId: c._id,
      clusterIds: c.clusterIds,
      economies: c.economies,
      origin: c.origin,
      originId: c.originId,
      agreedAt: c.agreedAt.toISOString(),
    },
  });
}

const ru = (names: ClusterNames) => names.ru ?? names.en;

/** To one cluster's managers: a workshop meeting ended in a collaboration with `partner`. */
export function collaborationAgreedNotice(
  c: Pick<CollaborationDocument, '_id'>,
  clusterId: string,
  self: ClusterNames,
  partner: ClusterNames,
  actor: Actor,
) {
  return requestNotification(
    {
      kind: 'collaboration-agreed',
      clusterManagersOf: clusterId,
      subject: {
        en: `${self.en} and ${partner.en} now collaborate`,
        ru: `Кластеры «${ru(self)}» и «${ru(partner)}» теперь сотрудничают`,
      },
      text: {
        en: `Your workshop meeting with ${partner.en} was recorded on the APEC Cluster Collaboration Platform as the start of a collaboration. In a year you will be asked how it went.`,
        ru: `Ваша встреча с кластером «${ru(partner)}» на семинаре отмечена на Платформе сотрудничества кластеров АТЭС как начало сотрудничества. Через год мы спросим, как оно сложилось.`,
      },
      link: `/matchmaking/collaborations/${encodeURIComponent(c._id)}`,
    },
    actor,
  );
}
