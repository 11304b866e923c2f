import type { Caller } from './caller.js';
import { forbiddenError, unauthenticatedError } from './errors.js';

/**
 * Authorization on the caller token the gateway signed. Rules live in each service's domain layer and use
 * these predicates; the privilege a caller acted with travels in the events it causes (`actorrole`), which
 * is how the secretariat's privileged actions reach the audit log.
 */
export type Privilege = 'manager' | 'coordinator' | 'secretariat';

export const isSignedIn = (caller: Caller) => caller.kind === 'user';

export const isSecretariat = (caller: Caller) =>
  caller.kind === 'user' && caller.grants.some((g) => g.role === 'secretariat');

export const coordinates = (caller: Caller, economy: string) =>
  caller.kind === 'user' && caller.grants.some((g) => g.role === 'economy-coordinator' && g.economy === economy);

export const managesCluster = (caller: Caller, clusterId: string) =>
  caller.kind === 'user' && caller.grants.some((g) => g.role === 'cluster-manager' && g.clusterId === clusterId);

/** The narrowest privilege that lets the caller act on a cluster, or null. */
export function clusterPrivilege(caller: Caller, cluster: { id: string; economy: string }): Privilege | null {
  if (managesCluster(caller, cluster.id)) return 'manager';
  if (coordinates(caller, cluster.economy)) return 'coordinator';
  if (isSecretariat(caller)) return 'secretariat';
  return null;
}

/** The narrowest privilege that lets the caller act for an economy (its page, its clusters' publication). */
export function economyPrivilege(caller: Caller, economy: string): Privilege | null {
  if (coordinates(caller, economy)) return 'coordinator';
  if (isSecretariat(caller)) return 'secretariat';
  return null;
}

/** Anonymous callers are asked to sign in; API clients act for no user, so they are refused outright. */
export function requireSignedIn(caller: Caller, action: string): void {
  if (caller.kind === 'anonymous') throw unauthenticatedError(`Sign in to ${action}`);
  if (caller.kind !== 'user') throw forbiddenError(`API clients cannot ${action}; sign in as a user`);
}

/** Throws FORBIDDEN (or UNAUTHENTICATED for anonymous callers) unless a privilege was found. */
export function requirePrivilege<P extends Privilege>(caller: Caller, privilege: P | null, action: string): P {
  if (privilege) return privilege;
  requireSignedIn(caller, action);
  throw forbiddenError(`You are not allowed to ${action}`);
}

/** Who acted, with which privilege: carried by events as the `actor` and `actorrole` extensions. */
export interface Actor {
  subject: string;
  role: Privilege | 'member' | 'api-client' | 'anonymous' | 'system';
}

/** The platform itself acting on an event or a schedule, not on anyone's request. */
export const SYSTEM_ACTOR: Actor = { subject: 'system', role: 'system' };

export function actorOf(caller: Caller, privilege?: Privilege | null): Actor {
  if (privilege) return { subject: caller.subject, role: privilege };
  if (caller.kind === 'api-client') return { subject: caller.subject, role: 'api-client' };
  if (caller.kind === 'anonymous') return { subject: caller.subject, role: 'anonymous' };
  return { subject: caller.subject, role: 'member' };
}
