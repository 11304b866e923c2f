import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures as Standard Webhooks (Svix and others) define them: `webhook-signature` holds
 * `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, one per valid secret, space-separated;
 * a secret is `whsec_` + base64 of the key. Pure and dependency-free (node:crypto only): receivers and tests
 * import it as `@ccp/integrations/signature`.
 */
export const SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** `v1,<base64>` for one secret. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-*` headers of one attempt, signed with every secret still valid. */
export function webhookHeaders(
  secrets: readonly string[],
  id: string,
  body: string,
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signWebhook(s, id, timestamp, body)).join(' '),
  };
}

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookInput {
  /** The endpoint's secret, or several while a rotated one is still valid. */
  secret?: string;
  secrets?: readonly string[];
  headers: HeaderBag;
  /** The raw body as received (before any JSON parsing). */
  body: string | Buffer;
  /** How far `webhook-timestamp` may be from now (300 s unless given): replays of old requests fail. */
  toleranceSeconds?: number;
  now?: Date;
}

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : bag[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Why a request fails verification, or null when one of its signatures matches one of the secrets. */
export function webhookProblem({
  secret,
  secrets,
  headers,
  body,
  toleranceSeconds = 300,
  now = new Date(),
}: VerifyWebhookInput): string | null {
  const keys = [...(secrets ?? []), ...(secret ? [secret] : [])];
  if (keys.length === 0) return 'no secret given';
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signature) return 'missing webhook-id, webhook-timestamp or webhook-signature';
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) {
    return 'timestamp outside the tolerance';
  }
  const given = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const key of keys) {
    const expected = Buffer.from(signWebhook(key, id, seconds, body).slice(3), 'base64');
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return null;
  }
  return 'no signature matches';
}

/** True when the request was signed by the platform with one of the secrets, recently. */
export function verifyWebhook(input: VerifyWebhookInput): boolean {
  return webhookProblem(input) === null;
}
