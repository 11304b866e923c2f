import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The erasure event names an erased user's email only as a keyed digest: services that keep addresses typed in
 * by someone else (a cluster's contacts, workshop participants, officials) find that person's entries by it,
 * while the event that stays in Kafka cannot be matched against a list of addresses without the key.
 */
export function emailDigest(email: string, key: string): string {
  return createHmac('sha256', key).update(email.trim().normalize('NFC').toLowerCase()).digest('hex');
}

/** Whether a stored address is the erased user's one. */
export function isErasedEmail(email: string | null | undefined, digest: string | null | undefined, key: string): boolean {
  if (!email || !digest || digest.length !== 64) return false;
  return timingSafeEqual(Buffer.from(emailDigest(email, key), 'hex'), Buffer.from(digest, 'hex'));
}

/** What services read from `ccp.accounts.user.erased.v1`. */
export interface UserErasure {
  userId: string;
  /** Absent in events from before digests were added. */
  emailDigest?: string;
}
