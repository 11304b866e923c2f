import type { EventValidator, HandleResult, Logger, OutboxRelay } from '@ccp/kit';
import { economyRegistered } from '../events/economy-events.js';
import type { EconomyDocument, EconomyModel } from '../model/economy.js';

export interface RegistrationDeps {
  economies: EconomyModel;
  validator: EventValidator;
  relay: OutboxRelay;
  logger: Logger;
}

export interface CoordinatorAppointment {
  economy: string;
  userId: string;
  grantedAt: Date;
}

/**
 * An economy registers on the platform when its first coordinator is appointed: `registeredAt`, the first
 * coordinator and `ccp.economies.economy.registered.v1` are one update, guarded by the economy being still
 * unregistered and by the version read. Later appointments, redeliveries and replays change nothing, so the
 * registration event exists exactly once per economy.
 */
export async function registerEconomy(deps: RegistrationDeps, appointment: CoordinatorAppointment): Promise<HandleResult> {
  const { economies, validator, relay, logger } = deps;
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await economies.findById(appointment.economy).lean<EconomyDocument>();
    if (!current) {
      logger.warn({ economy: appointment.economy }, 'coordinator appointed for an economy that is not APEC; ignored');
      return 'skipped';
    }
    if (current.registeredAt) return 'skipped';
    const version = current.version + 1;
    const event = economyRegistered(current._id, version, appointment.grantedAt, appointment.userId);
    validator.assertValid(event);
    const res = await economies.updateOne(
      { _id: current._id, version: current.version, registeredAt: null },
      {
        $set: {
          registeredAt: appointment.grantedAt,
          firstCoordinator: appointment.userId,
          version,
          outbox: [...(current.outbox ?? []), event],
        },
      },
    );
    if (res.matchedCount === 1) {
      await relay.flush(current._id).catch(() => {});
      return 'applied';
    }
  }
  throw new Error(`economy ${appointment.economy} kept changing while registering it`);
}

/** An erased user stays the first coordinator only as a tombstone id. */
export async function eraseFirstCoordinator(economies: EconomyModel, userId: string): Promise<HandleResult> {
  const res = await economies.updateMany({ firstCoordinator: userId }, { $set: { firstCoordinator: 'erased-user' } });
  return res.modifiedCount > 0 ? 'applied' : 'skipped';
}
