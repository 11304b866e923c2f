import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@ccp/kit';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Becomes the List-Unsubscribe header (RFC 2369) as well as the link in the text. */
  unsubscribeUrl?: string;
  /** Where answers go instead of the (no-reply) sender: a platform user who wrote and chose to be answered. */
  replyTo?: { name: string; address: string };
}

export interface SentMail {
  messageId: string;
  /** The .eml file, when the dev mailbox took the message. */
  file?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl?: string;
  from: string;
  mailboxDir: string;
  logger: Logger;
}

/** SMTP when SMTP_URL is set; otherwise each message becomes an .eml file in the dev mailbox folder. */
export function createMailer({ smtpUrl, from, mailboxDir, logger }: MailerOptions): Mailer {
  const message = (mail: OutgoingMail) => ({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.unsubscribeUrl ? { list: { unsubscribe: mail.unsubscribeUrl } } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
  });
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
    return {
      async send(mail) {
        const info = await transport.sendMail(message(mail));
        logger.info({ messageId: info.messageId, subject: mail.subject }, 'e-mail sent by SMTP');
        return { messageId: info.messageId };
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail(message(mail));
      await mkdir(mailboxDir, { recursive: true });
      const file = join(
        mailboxDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`,
      );
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      logger.info(
        { messageId: info.messageId, subject: mail.subject, file },
        'e-mail written to the dev mailbox',
      );
      return { messageId: info.messageId, file };
    },
    close: () => transport.close(),
  };
}
