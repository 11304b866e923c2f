import { randomUUID } from 'node:crypto';
import { type EventValidator, LOCAL_ERASURE_KEY, type Logger, OutboxRelay } from '@ccp/kit';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { defaultMailboxDir } from '../config.js';
import { type ApiKeyModel, ApiKeyRepository, apiKeyModel } from '../model/api-key.js';
import { type AuditEntryModel, auditEntryModel } from '../model/audit-entry.js';
import { type ClusterFactModel, ClusterFactRepository, clusterFactModel } from '../model/cluster-fact.js';
import { type EmailTokenModel, emailTokenModel } from '../model/email-token.js';
import { type InvitationModel, invitationModel } from '../model/invitation.js';
import { type LoginAttemptModel, loginAttemptModel } from '../model/login-attempt.js';
import { type NotificationDeliveryModel, notificationDeliveryModel } from '../model/notification-delivery.js';
import { type RefreshFamilyModel, refreshFamilyModel } from '../model/refresh-family.js';
import { signingKeyModel } from '../model/signing-key.js';
import { type UserModel, UserRepository, userModel } from '../model/user.js';
import { createMailer, type Mailer } from '../notifications/mailer.js';
import { Notifier } from '../notifications/notifier.js';
import { loadTokenSigner, type TokenSigner } from './access-tokens.js';
import { hashPassword } from './password.js';

/** What the accounts use cases need; built once by the server (and by the command line). */
export interface AccountsDeps {
  users: UserModel;
  repository: UserRepository;
  relay: OutboxRelay;
  validator: EventValidator;
  logger: Logger;
  families: RefreshFamilyModel;
  loginAttempts: LoginAttemptModel;
  apiKeys: ApiKeyModel;
  apiKeyRepository: ApiKeyRepository;
  emailTokens: EmailTokenModel;
  invitations: InvitationModel;
  invitationRelay: OutboxRelay;
  clusterFacts: ClusterFactModel;
  clusterFactRepository: ClusterFactRepository;
  audit: AuditEntryModel;
  deliveries: NotificationDeliveryModel;
  signer: TokenSigner;
  mailer: Mailer;
  notifier: Notifier;
  /** Key of the email digest in `ccp.accounts.user.erased.v1` (kit's emailDigest). */
  erasureKey: string;
  /** A hash of no one's password: unknown e-mails cost a login as much time as known ones. */
  dummyPasswordHash(): Promise<string>;
}

export interface AccountsOptions {
  mongo: Connection;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
  /** PKCS8 PEM; without it the key pair kept in the database signs. */
  accessTokenPrivateKeyPem?: string;
  smtpUrl?: string;
  mailFrom?: string;
  mailboxDir?: string;
  publicUrl?: string;
  erasureKey?: string;
}

export async function createAccountsDeps({
  mongo,
  producer,
  validator,
  logger,
  sweepIntervalMs,
  accessTokenPrivateKeyPem,
  smtpUrl,
  mailFrom = 'APEC Cluster Collaboration Platform <no-reply@apec-ccp.example.org>',
  mailboxDir = defaultMailboxDir(),
  publicUrl = 'http://127.0.0.1:5173',
  erasureKey = LOCAL_ERASURE_KEY,
}: AccountsOptions): Promise<AccountsDeps> {
  const users = userModel(mongo);
  const families = refreshFamilyModel(mongo);
  const loginAttempts = loginAttemptModel(mongo);
  const apiKeys = apiKeyModel(mongo);
  const emailTokens = emailTokenModel(mongo);
  const invitations = invitationModel(mongo);
  const clusterFacts = clusterFactModel(mongo);
  const audit = auditEntryModel(mongo);
  const deliveries = notificationDeliveryModel(mongo);
  const signingKeys = signingKeyModel(mongo);
  // Unique indexes (e-mail above all) must exist before the first write relies on them.
  await Promise.all(
    [
      users,
      families,
      loginAttempts,
      apiKeys,
      emailTokens,
      invitations,
      clusterFacts,
      audit,
      deliveries,
      signingKeys,
    ].map((m) => (m as { init(): Promise<unknown> }).init()),
  );
  const signer = await loadTokenSigner(signingKeys, accessTokenPrivateKeyPem);
  const repository = new UserRepository(users);
  const mailer = createMailer({ smtpUrl, from: mailFrom, mailboxDir, logger });
  let dummy: Promise<string> | undefined;
  return {
    users,
    repository,
    relay: new OutboxRelay({ model: users, producer, logger, sweepIntervalMs }),
    validator,
    logger,
    families,
    loginAttempts,
    apiKeys,
    apiKeyRepository: new ApiKeyRepository(apiKeys),
    emailTokens,
    invitations,
    invitationRelay: new OutboxRelay({ model: invitations, producer, logger, sweepIntervalMs }),
    clusterFacts,
    clusterFactRepository: new ClusterFactRepository(clusterFacts),
    audit,
    deliveries,
    signer,
    mailer,
    notifier: new Notifier({ users: repository, deliveries, mailer, signer, publicUrl, logger }),
    erasureKey,
    dummyPasswordHash: () => {
      dummy ??= hashPassword(randomUUID());
      return dummy;
    },
  };
}
