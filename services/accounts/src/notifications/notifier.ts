import { createHash } from 'node:crypto';
import type { Logger } from '@ccp/kit';
import type { TokenSigner } from '../domain/access-tokens.js';
import type { NotificationDeliveryModel } from '../model/notification-delivery.js';
import type { UserDocument, UserRepository } from '../model/user.js';
import type { Mailer } from './mailer.js';

export interface LocalizedText {
  en: string;
  ru?: string;
}

/** What a notification says; `kind` is what users switch on and off. */
export interface NotificationContent {
  kind: string;
  subject: LocalizedText;
  text: LocalizedText;
  /** An absolute http(s) URL or a path on the web client. */
  link?: string;
}

export interface NotificationRequest extends NotificationContent {
  userIds?: string[];
  /** Only for an address without an account (an invitation to register). */
  email?: string;
  /** A cluster id: its managers (cluster-manager grants), resolved here so requesters never see who they are. */
  clusterManagersOf?: string;
  /** An economy code: its coordinators (economy-coordinator grants). */
  economyCoordinatorsOf?: string;
  /** A user whose address becomes the Reply-To (the sender of a message to a cluster). */
  replyToUserId?: string;
}

type ReplyTo = { name: string; address: string };

/** Security mail is always sent: switching it off would lock a user out of their own account. */
export const MANDATORY_KINDS: ReadonlySet<string> = new Set(['email-verification', 'password-reset']);

export const NOTIFICATION_KIND = /^[a-z][a-z0-9-]{0,63}$/;

export type DeliveryOutcome = 'sent' | 'disabled' | 'no-address' | 'failed' | 'duplicate';

const FOOTER = {
  en: (url: string) =>
    `You receive this e-mail because of your account on the APEC Cluster Collaboration Platform.\nTo stop e-mails of this kind: ${url}`,
  ru: (url: string) =>
    `Вы получили это письмо, потому что зарегистрированы на Платформе сотрудничества кластеров АТЭС.\nОтписаться от таких писем: ${url}`,
};

const pick = (text: LocalizedText, locale: string) =>
  locale.toLowerCase().startsWith('ru') && text.ru ? text.ru : text.en;

export interface NotifierOptions {
  users: UserRepository;
  deliveries: NotificationDeliveryModel;
  mailer: Mailer;
  signer: TokenSigner;
  publicUrl: string;
  logger: Logger;
}

/**
 * Resolves recipients (address, locale, preference for the kind), adds the unsubscribe link and sends.
 * Accounts alone does this: other services name user ids, never addresses.
 */
export class Notifier {
  constructor(private readonly opts: NotifierOptions) {}

  absoluteLink(link: string | undefined): string | undefined {
    if (!link) return undefined;
    if (/^https?:\/\//i.test(link)) return link;
    if (link.startsWith('/') && !link.startsWith('//')) return `${this.opts.publicUrl}${link}`;
    return undefined;
  }

  unsubscribeUrl = async (userId: string, kind: string) =>
    `${this.opts.publicUrl}/unsubscribe?token=${await this.opts.signer.unsubscribeToken(userId, kind)}`;

  /**
   * Sends one request. With a `requestId` (the event id) each recipient is sent to at most once, so a
   * redelivered request sends nothing again. A failed send is logged and recorded, never retried forever.
   */
  async deliver(request: NotificationRequest, requestId?: string): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    const replyTo = await this.replyTo(request.replyToUserId);
    for (const userId of await this.recipients(request)) {
      outcomes.push(
        await this.once(requestId && `${requestId}:user:${userId}`, request.kind, userId, () =>
          this.toUser(request, userId, replyTo),
        ),
      );
    }
    if (request.email) {
      const email = request.email.trim().toLowerCase();
      const key = requestId && `${requestId}:email:${createHash('sha256').update(email).digest('hex')}`;
      outcomes.push(await this.once(key, request.kind, null, () => this.send(request, email, 'en')));
    }
    return outcomes;
  }

  /** The named users and the holders of the named grants, each once. */
  private async recipients(request: NotificationRequest): Promise<Set<string>> {
    const { users } = this.opts;
    return new Set([
      ...(request.userIds ?? []),
      ...(request.clusterManagersOf
        ? await users.idsWithGrant('cluster-manager', { clusterId: request.clusterManagersOf })
        : []),
      ...(request.economyCoordinatorsOf
        ? await users.idsWithGrant('economy-coordinator', { economy: request.economyCoordinatorsOf })
        : []),
    ]);
  }

  private async replyTo(userId: string | undefined): Promise<ReplyTo | undefined> {
    const user = userId ? await this.opts.users.documentById(userId) : null;
    return user?.email ? { name: user.name, address: user.email } : undefined;
  }

  private async once(
    key: string | undefined,
    kind: string,
    userId: string | null,
    deliver: () => Promise<Exclude<DeliveryOutcome, 'duplicate'>>,
  ): Promise<DeliveryOutcome> {
    const { deliveries } = this.opts;
    if (key && (await deliveries.exists({ _id: key }))) return 'duplicate';
    const outcome = await deliver();
    if (key) {
      await deliveries.updateOne(
        { _id: key },
        { $set: { kind, userId, outcome, at: new Date() } },
        { upsert: true },
      );
    }
    return outcome;
  }

  private async toUser(
    request: NotificationContent,
    userId: string,
    replyTo?: ReplyTo,
  ): Promise<Exclude<DeliveryOutcome, 'duplicate'>> {
    const user: UserDocument | null = await this.opts.users.documentById(userId);
    if (!user?.email) return 'no-address';
    const mandatory = MANDATORY_KINDS.has(request.kind);
    if (!mandatory && user.notificationPreferences?.[request.kind] === false) return 'disabled';
    const unsubscribe = mandatory ? undefined : await this.unsubscribeUrl(user._id, request.kind);
    return this.send(request, user.email, user.locale, unsubscribe, replyTo);
  }

  private async send(
    request: NotificationContent,
    to: string,
    locale: string,
    unsubscribeUrl?: string,
    replyTo?: ReplyTo,
  ): Promise<'sent' | 'failed'> {
    const link = this.absoluteLink(request.link);
    const footerLocale = locale.toLowerCase().startsWith('ru') ? 'ru' : 'en';
    const text = [
      pick(request.text, locale),
      ...(link ? [link] : []),
      ...(unsubscribeUrl ? [`--\n${FOOTER[footerLocale](unsubscribeUrl)}`] : []),
    ].join('\n\n');
    try {
      await this.opts.mailer.send({
        to,
        subject: pick(request.subject, locale),
        text,
        unsubscribeUrl,
        replyTo,
      });
      return 'sent';
    } catch (err) {
      this.opts.logger.error({ err, kind: request.kind }, 'e-mail could not be sent');
      return 'failed';
    }
  }
}
