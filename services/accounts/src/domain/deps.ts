import { type EventValidator, type Logger, OutboxRelay } from '@ccp/kit';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type UserModel, UserRepository, userModel } from '../model/user.js';

/** What the accounts use cases need; built once by the server (and by the command line). */
export interface AccountsDeps {
  users: UserModel;
  repository: UserRepository;
  relay: OutboxRelay;
  validator: EventValidator;
}

export async function createAccountsDeps({
  mongo,
  producer,
  validator,
  logger,
  sweepIntervalMs,
}: {
  mongo: Connection;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
}): Promise<AccountsDeps> {
  const users = userModel(mongo);
  // The unique e-mail index must exist before the first registration relies on it.
  await users.init();
  const relay = new OutboxRelay({ model: users, producer, logger, sweepIntervalMs });
  return { users, repository: new UserRepository(users), relay, validator };
}
