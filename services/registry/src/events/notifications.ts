import { type Actor, type CloudEvent, type NotificationRequest, notificationRequested } from '@ccp/kit';

/**
 * A notification request for `ccp.notifications.v1`, put in the outbox of the document whose write causes it.
 * Each request is its own subject with sequence 1: it never enters a cluster's version stream.
 */
export const requestNotification = (request: NotificationRequest, actor?: Actor): CloudEvent =>
  notificationRequested('registry', request, actor);

type Names = Record<string, string>;

const nameIn = (names: Names, locale: 'en' | 'ru') => (locale === 'ru' ? (names.ru ?? names.en) : names.en);
const clusterLink = (clusterId: string) => `/clusters/${encodeURIComponent(clusterId)}`;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** To the coordinators of the cluster's economy: someone asks to manage it. */
export function claimRequested(cluster: { _id: string; names: Names; economyCode: string }, message: string) {
  return requestNotification({
    kind: 'cluster-claim-requested',
    economyCoordinatorsOf: cluster.economyCode,
    subject: {
      en: `A user asks to manage ${nameIn(cluster.names, 'en')}`,
      ru: `Запрос на управление кластером «${nameIn(cluster.names, 'ru')}»`,
    },
    text: {
      en: `A signed-in user asked to manage the cluster ${nameIn(cluster.names, 'en')} on the APEC Cluster Collaboration Platform. Their message:\n\n${message}\n\nApprove or reject the claim among the cluster claims of your economy:`,
      ru: `Пользователь платформы просит передать ему управление кластером «${nameIn(cluster.names, 'ru')}» на Платформе сотрудничества кластеров АТЭС. Его сообщение:\n\n${message}\n\nОдобрите или отклоните запрос в списке запросов вашей экономики:`,
    },
    link: clusterLink(cluster._id),
  });
}

/** To the requester: their claim was turned down, and why. */
export function claimRejected(
  claim: { userId: string; clusterId: string },
  names: Names,
  reason: string,
  actor?: Actor,
) {
  return requestNotification(
    {
      kind: 'cluster-claim-decided',
      userIds: [claim.userId],
      subject: {
        en: `Your request to manage ${nameIn(names, 'en')} was declined`,
        ru: `Запрос на управление кластером «${nameIn(names, 'ru')}» отклонён`,
      },
      text: {
        en: `Your request to manage the cluster ${nameIn(names, 'en')} on the APEC Cluster Collaboration Platform was declined. Reason:\n\n${reason}`,
        ru: `Ваш запрос на управление кластером «${nameIn(names, 'ru')}» на Платформе сотрудничества кластеров АТЭС отклонён. Причина:\n\n${reason}`,
      },
      link: clusterLink(claim.clusterId),
    },
    actor,
  );
}

/**
 * A user's message to a cluster's managers: accounts finds them and sets Reply-To to the sender, so the
 * sender sees no manager's address and a manager who answers chooses to reveal theirs.
 */
export function clusterMessage(
  cluster: { _id: string; names: Names },
  senderId: string,
  subject: string,
  body: string,
) {
  return requestNotification({
    kind: 'cluster-message',
    clusterManagersOf: cluster._id,
    replyToUserId: senderId,
    subject: { en: subject },
    text: {
      en: `${body}\n\n--\nA user of the APEC Cluster Collaboration Platform wrote to the managers of ${nameIn(cluster.names, 'en')}. They have not seen your address; replying to this e-mail answers them directly.`,
      ru: `${body}\n\n--\nПользователь Платформы сотрудничества кластеров АТЭС написал менеджерам кластера «${nameIn(cluster.names, 'ru')}». Ваш адрес ему не показан; ответ на это письмо придёт ему напрямую.`,
    },
    link: clusterLink(cluster._id),
  });
}

/** To a cluster's managers: the published profile was not verified for too long. */
export function staleProfileReminder(
  cluster: { _id: string; names: Names },
  lastVerifiedAt: Date | null,
  publishedAt: Date,
) {
  const since = lastVerifiedAt
    ? {
        en: `was last verified on ${day(lastVerifiedAt)}`,
        ru: `последний раз подтверждён ${day(lastVerifiedAt)}`,
      }
    : {
        en: `was published on ${day(publishedAt)} and has not been verified since`,
        ru: `опубликован ${day(publishedAt)} и с тех пор не подтверждался`,
      };
  return requestNotification({
    kind: 'cluster-stale-reminder',
    clusterManagersOf: cluster._id,
    subject: {
      en: `Is the profile of ${nameIn(cluster.names, 'en')} still current?`,
      ru: `Профиль кластера «${nameIn(cluster.names, 'ru')}» актуален?`,
    },
    text: {
      en: `The profile of ${nameIn(cluster.names, 'en')} on the APEC Cluster Collaboration Platform ${since.en}. Please review it, update what changed and confirm that it is current:`,
      ru: `Профиль кластера «${nameIn(cluster.names, 'ru')}» на Платформе сотрудничества кластеров АТЭС ${since.ru}. Пожалуйста, проверьте его, обновите изменившиеся сведения и подтвердите актуальность:`,
    },
    link: clusterLink(cluster._id),
  });
}
