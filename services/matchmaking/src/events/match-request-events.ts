import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { MatchRequestDocument } from '../model/match-request.js';
import { requestNotification } from './notifications.js';

export const MatchRequestEventType = {
  sent: 'ccp.matchmaking.request.sent.v1',
  accepted: 'ccp.matchmaking.request.accepted.v1',
  declined: 'ccp.matchmaking.request.declined.v1',
  expired: 'ccp.matchmaking.request.expired.v1',
  withdrawn: 'ccp.matchmaking.request.withdrawn.v1',
} as const;

type SentRequest = Pick<
  MatchRequestDocument,
  | '_id'
  | 'fromClusterId'
  | 'fromEconomy'
  | 'toClusterId'
  | 'toEconomy'
  | 'message'
  | 'status'
  | 'createdAt'
  | 'createdBy'
  | 'version'
>;

/** Carries the sender's economy in the envelope; the receiver's is in the data. */
export function matchRequestSent(r: SentRequest, actor: Actor): CloudEvent {
  return makeEvent({
    service: 'matchmaking',
    type: MatchRequestEventType.sent,
    subject: r._id,
    actor,
    sequence: r.version,
    economy: r.fromEconomy,
    time: r.createdAt,
    data: {
      requestId: r._id,
      fromClusterId: r.fromClusterId,
      fromEconomy: r.fromEconomy,
      toClusterId: r.toClusterId,
      toEconomy: r.toEconomy,
      message: r.message,
      status: r.status,
      sentBy: r.createdBy,
    },
  });
}

type DecidedRequest = Pick<
  MatchRequestDocument,
  '_id' | 'fromClusterId' | 'fromEconomy' | 'toClusterId' | 'toEconomy' | 'version'
> & { decidedAt: Date };

/** The data every later step shares; messages and reasons stay out (topics keep everything forever). */
function decided(type: string, r: DecidedRequest, actor: Actor, at: string, extra: Record<string, unknown> = {}) {
  return makeEvent({
    service: 'matchmaking',
    type,
    subject: r._id,
    actor,
    sequence: r.version,
    economy: r.fromEconomy,
    time: r.decidedAt,
    data: {
      requestId: r._id,
      fromClusterId: r.fromClusterId,
      toClusterId: r.toClusterId,
      fromEconomy: r.fromEconomy,
      toEconomy: r.toEconomy,
      [at]: r.decidedAt.toISOString(),
      ...extra,
    },
  });
}

export const matchRequestAccepted = (r: DecidedRequest & { collaborationId: string }, actor: Actor) =>
  decided(MatchRequestEventType.accepted, r, actor, 'acceptedAt', { collaborationId: r.collaborationId });

export const matchRequestDeclined = (r: DecidedRequest, actor: Actor) =>
  decided(MatchRequestEventType.declined, r, actor, 'declinedAt');

/** The actor is always `system`: nobody answered in time. */
export const matchRequestExpired = (r: DecidedRequest, actor: Actor) =>
  decided(MatchRequestEventType.expired, r, actor, 'expiredAt');

export const matchRequestWithdrawn = (r: DecidedRequest, actor: Actor) =>
  decided(MatchRequestEventType.withdrawn, r, actor, 'withdrawnAt');

/** A cluster's names as matchmaking's read model knows them. */
export type ClusterNames = { en: string; ru?: string | null };

const ru = (names: ClusterNames) => names.ru ?? names.en;
export const matchRequestLink = (id: string) => `/matchmaking/requests/${encodeURIComponent(id)}`;
const quoted = (text: string | null | undefined, label: { en: string; ru: string }) =>
  text ? { en: `\n\n${label.en}:\n\n${text}`, ru: `\n\n${label.ru}:\n\n${text}` } : { en: '', ru: '' };

export interface RequestParties {
  request: Pick<MatchRequestDocument, '_id' | 'fromClusterId' | 'toClusterId'>;
  from: ClusterNames;
  to: ClusterNames;
}

/** To the asked cluster's managers: someone wants to meet them. */
export function requestSentNotice({ request, from, to }: RequestParties, message: string | null, actor: Actor) {
  const said = quoted(message, { en: 'Their message', ru: 'Их сообщение' });
  return requestNotification(
    {
      kind: 'match-request',
      clusterManagersOf: request.toClusterId,
      subject: {
        en: `${from.en} asks to meet ${to.en}`,
        ru: `Кластер «${ru(from)}» предлагает встречу кластеру «${ru(to)}»`,
      },
      text: {
        en: `${from.en} sent ${to.en} a match request on the APEC Cluster Collaboration Platform.${said.en}\n\nAccept or decline it, or answer with a message:`,
        ru: `Кластер «${ru(from)}» отправил кластеру «${ru(to)}» запрос на сотрудничество на Платформе сотрудничества кластеров АТЭС.${said.ru}\n\nПримите или отклоните его либо ответьте сообщением:`,
      },
      link: matchRequestLink(request._id),
    },
    actor,
  );
}

/** To the sender's managers: the asked cluster accepted; the two now collaborate. */
export function requestAcceptedNotice({ request, from, to }: RequestParties, reply: string | null, actor: Actor) {
  const said = quoted(reply, { en: 'Their message', ru: 'Их сообщение' });
  return requestNotification(
    {
      kind: 'match-request-accepted',
      clusterManagersOf: request.fromClusterId,
      subject: {
        en: `${to.en} accepted the match request of ${from.en}`,
        ru: `Кластер «${ru(to)}» принял запрос кластера «${ru(from)}»`,
      },
      text: {
        en: `${to.en} accepted your match request on the APEC Cluster Collaboration Platform: the two clusters now collaborate.${said.en}`,
        ru: `Кластер «${ru(to)}» принял ваш запрос на Платформе сотрудничества кластеров АТЭС: кластеры теперь сотрудничают.${said.ru}`,
      },
      link: matchRequestLink(request._id),
    },
    actor,
  );
}

/** To the sender's managers: the asked cluster declined, with its reason if it gave one. */
export function requestDeclinedNotice({ request, from, to }: RequestParties, reason: string | null, actor: Actor) {
  const said = quoted(reason, { en: 'Their reason', ru: 'Причина' });
  return requestNotification(
    {
      kind: 'match-request-declined',
      clusterManagersOf: request.fromClusterId,
      subject: {
        en: `${to.en} declined the match request of ${from.en}`,
        ru: `Кластер «${ru(to)}» отклонил запрос кластера «${ru(from)}»`,
      },
      text: {
        en: `${to.en} declined your match request on the APEC Cluster Collaboration Platform.${said.en}`,
        ru: `Кластер «${ru(to)}» отклонил ваш запрос на Платформе сотрудничества кластеров АТЭС.${said.ru}`,
      },
      link: matchRequestLink(request._id),
    },
    actor,
  );
}

/** To the asked cluster's managers: the sender took its request back. */
export function requestWithdrawnNotice({ request, from, to }: RequestParties, actor: Actor) {
  return requestNotification(
    {
      kind: 'match-request-withdrawn',
      clusterManagersOf: request.toClusterId,
      subject: {
        en: `${from.en} withdrew its match request to ${to.en}`,
        ru: `Кластер «${ru(from)}» отозвал запрос кластеру «${ru(to)}»`,
      },
      text: {
        en: `${from.en} withdrew the match request it sent ${to.en} on the APEC Cluster Collaboration Platform; there is nothing left to answer.`,
        ru: `Кластер «${ru(from)}» отозвал запрос, отправленный кластеру «${ru(to)}» на Платформе сотрудничества кластеров АТЭС; отвечать на него больше не нужно.`,
      },
      link: matchRequestLink(request._id),
    },
    actor,
  );
}

/** To the sender's managers: nobody answered in time. */
export function requestExpiredNotice({ request, from, to }: RequestParties, days: number, actor: Actor) {
  return requestNotification(
    {
      kind: 'match-request-expired',
      clusterManagersOf: request.fromClusterId,
      subject: {
        en: `The match request of ${from.en} to ${to.en} expired`,
        ru: `Истёк срок запроса кластера «${ru(from)}» кластеру «${ru(to)}»`,
      },
      text: {
        en: `${to.en} did not answer your match request on the APEC Cluster Collaboration Platform within ${days} days, so it expired. You may send a new one.`,
        ru: `Кластер «${ru(to)}» не ответил на ваш запрос на Платформе сотрудничества кластеров АТЭС в течение ${days} дн., и срок запроса истёк. Вы можете отправить новый.`,
      },
      link: matchRequestLink(request._id),
    },
    actor,
  );
}

/** To the other cluster's managers: a new message in the conversation on the request. */
export function matchMessageNotice(
  parties: RequestParties,
  fromClusterId: string,
  text: string,
  actor: Actor,
) {
  const { request } = parties;
  const [writer, reader, readerId] =
    fromClusterId === request.fromClusterId
      ? [parties.from, parties.to, request.toClusterId]
      : [parties.to, parties.from, request.fromClusterId];
  return requestNotification(
    {
      kind: 'match-message',
      clusterManagersOf: readerId,
      subject: {
        en: `A message from ${writer.en} to ${reader.en}`,
        ru: `Сообщение от кластера «${ru(writer)}» кластеру «${ru(reader)}»`,
      },
      text: {
        en: `${writer.en} wrote about your match request on the APEC Cluster Collaboration Platform:\n\n${text}\n\nAnswer in the conversation on the request:`,
        ru: `Кластер «${ru(writer)}» написал о вашем запросе на Платформе сотрудничества кластеров АТЭС:\n\n${text}\n\nОтветьте в переписке по запросу:`,
      },
      link: matchRequestLink(request._id),
    },
    actor,
  );
}
