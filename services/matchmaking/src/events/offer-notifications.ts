import type { Actor, CloudEvent } from '@ccp/kit';
import type { LocalizedText, OfferCloseReason } from '../model/cooperation-offer.js';
import { notifyUsers, requestNotification } from './notifications.js';

interface Texts {
  en: string;
  ru: string;
}

interface OfferHeading {
  _id: string;
  title: LocalizedText;
}

const titleIn = (o: OfferHeading, locale: 'en' | 'ru') =>
  locale === 'ru' ? (o.title.ru ?? o.title.en) : o.title.en;
export const offerLink = (offerId: string) => `/offers/${encodeURIComponent(offerId)}`;

/**
 * To the offering cluster's managers: someone answered. Accounts finds the managers and sets Reply-To to the
 * sender, so neither side sees the other's address until a manager chooses to answer.
 */
export function interestExpressed(
  offer: OfferHeading,
  sender: { userId: string; clusterName: string | null },
  message: string,
  actor: Actor,
  clusterId: string,
): CloudEvent {
  const onBehalf = {
    en: sender.clusterName ? ` on behalf of ${sender.clusterName}` : '',
    ru: sender.clusterName ? ` от имени кластера «${sender.clusterName}»` : '',
  };
  return requestNotification(
    {
      kind: 'cooperation-offer-interest',
      clusterManagersOf: clusterId,
      replyToUserId: sender.userId,
      subject: {
        en: `Interest in your cooperation offer "${titleIn(offer, 'en')}"`,
        ru: `Отклик на предложение о сотрудничестве «${titleIn(offer, 'ru')}»`,
      },
      text: {
        en: `A user of the APEC Cluster Collaboration Platform${onBehalf.en} is interested in your cooperation offer "${titleIn(offer, 'en')}". Their message:\n\n${message}\n\n--\nThey have not seen your address; replying to this e-mail answers them directly. All answers are listed with the offer:`,
        ru: `Пользователь Платформы сотрудничества кластеров АТЭС${onBehalf.ru} откликнулся на ваше предложение о сотрудничестве «${titleIn(offer, 'ru')}». Его сообщение:\n\n${message}\n\n--\nВаш адрес ему не показан; ответ на это письмо придёт ему напрямую. Все отклики собраны на странице предложения:`,
      },
      link: offerLink(offer._id),
    },
    actor,
  );
}

/** To the offer's followers (but the one who changed it): what changed. */
export function offerUpdatedForFollowers(
  offer: OfferHeading,
  changedFields: string[],
  userIds: readonly string[],
  actor: Actor,
): CloudEvent[] {
  const fields = changedFields.join(', ');
  return notifyUsers(
    userIds,
    {
      kind: 'cooperation-offer-updated',
      subject: {
        en: `A cooperation offer you follow changed: "${titleIn(offer, 'en')}"`,
        ru: `Изменилось предложение о сотрудничестве, за которым вы следите: «${titleIn(offer, 'ru')}»`,
      },
      text: {
        en: `The cooperation offer "${titleIn(offer, 'en')}" you follow on the APEC Cluster Collaboration Platform was updated (${fields}). See the offer as it is now:`,
        ru: `Предложение о сотрудничестве «${titleIn(offer, 'ru')}», за которым вы следите на Платформе сотрудничества кластеров АТЭС, изменено (${fields}). Посмотрите актуальную версию:`,
      },
      link: offerLink(offer._id),
    },
    actor,
  );
}

const REASONS: Record<OfferCloseReason, Texts> = {
  fulfilled: { en: 'a partner was found', ru: 'партнёр найден' },
  withdrawn: { en: 'its cluster withdrew it', ru: 'кластер отозвал его' },
  expired: { en: 'its deadline passed', ru: 'истёк срок' },
};

/** To the offer's followers (but the one who closed it): it closed, and why. */
export function offerClosedForFollowers(
  offer: OfferHeading,
  reason: OfferCloseReason,
  userIds: readonly string[],
  actor: Actor,
): CloudEvent[] {
  return notifyUsers(
    userIds,
    {
      kind: 'cooperation-offer-closed',
      subject: {
        en: `A cooperation offer you follow is closed: "${titleIn(offer, 'en')}"`,
        ru: `Предложение о сотрудничестве закрыто: «${titleIn(offer, 'ru')}»`,
      },
      text: {
        en: `The cooperation offer "${titleIn(offer, 'en')}" you follow on the APEC Cluster Collaboration Platform is closed: ${REASONS[reason].en}. It no longer takes answers.`,
        ru: `Предложение о сотрудничестве «${titleIn(offer, 'ru')}», за которым вы следите на Платформе сотрудничества кластеров АТЭС, закрыто: ${REASONS[reason].ru}. Отклики больше не принимаются.`,
      },
      link: offerLink(offer._id),
    },
    actor,
  );
}

/** To the offering cluster's managers: the deadline passed and the offer closed by itself. */
export function offerExpiredForOwners(
  offer: OfferHeading & { clusterId: string; deadline: string | null },
  actor: Actor,
) {
  return requestNotification(
    {
      kind: 'cooperation-offer-expired',
      clusterManagersOf: offer.clusterId,
      subject: {
        en: `Your cooperation offer "${titleIn(offer, 'en')}" has expired`,
        ru: `Срок предложения о сотрудничестве «${titleIn(offer, 'ru')}» истёк`,
      },
      text: {
        en: `The deadline (${offer.deadline}) of your cooperation offer "${titleIn(offer, 'en')}" on the APEC Cluster Collaboration Platform has passed, so it is closed and no longer takes answers. The answers it received stay listed with it:`,
        ru: `Срок (${offer.deadline}) вашего предложения о сотрудничестве «${titleIn(offer, 'ru')}» на Платформе сотрудничества кластеров АТЭС истёк: оно закрыто и больше не принимает откликов. Полученные отклики сохранены на его странице:`,
      },
      link: offerLink(offer._id),
    },
    actor,
  );
}
