import { isIP } from 'node:net';
import { isEconomyCode, isSpecializationCode, parseInput, plainText } from '@ccp/kit';
import { z } from 'zod';
import { eventTypeProblem } from './event-types.js';

const MAX_URL = 2000;

/** Loopback, private, link-local and unique-local addresses (and localhost): not reachable from the internet. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal')
  ) {
    return true;
  }
  const version = isIP(host);
  if (version === 4) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (version === 6) {
    const mapped = host.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
    if (mapped?.[1]) return isPrivateHost(mapped[1]);
    return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  return false;
}

/** A reason the receiver URL is refused, or null. */
export function urlProblem(value: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not carry credentials (use the signature to authenticate)';
  if (url.hash) return 'must not have a fragment';
  if (production) {
    if (url.protocol !== 'https:') return 'must be https in production';
    if (isPrivateHost(url.hostname)) return 'must not be a loopback or private address in production';
  }
  return null;
}

const code = (valid: (c: string) => boolean, what: string) =>
  z
    .string()
    .trim()
    .refine(valid, { message: `unknown ${what}` });

const filterSchema = z
  .object({
    economies: z
      .array(code((c) => c === 'APEC' || isEconomyCode(c), 'economy code'))
      .max(21)
      .nullish(),
    specializations: z.array(code(isSpecializationCode, 'specialization code')).max(50).nullish(),
    clusterIds: z.array(z.string().trim().uuid('must be a cluster id (uuid)')).max(100).nullish(),
  })
  .nullish()
  .transform((f) => ({
    economies: [...new Set(f?.economies ?? [])],
    specializations: [...new Set(f?.specializations ?? [])],
    clusterIds: [...new Set(f?.clusterIds ?? [])],
  }));

const eventTypesSchema = z
  .array(
    z
      .string()
      .trim()
      .superRefine((t, ctx) => {
        const problem = eventTypeProblem(t);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  )
  .min(1, 'must name at least one event type')
  .max(50, 'at most 50')
  .transform((list) => [...new Set(list)]);

function endpointSchema(production: boolean, partial: boolean) {
  const url = z
    .string()
    .trim()
    .max(MAX_URL, `must be at most ${MAX_URL} characters`)
    .superRefine((u, ctx) => {
      const problem = urlProblem(u, production);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
  const description = plainText(300).nullish();
  return partial
    ? z.object({
        url: url.nullish(),
        description,
        eventTypes: eventTypesSchema.nullish(),
        filter: filterSchema.optional(),
      })
    : z.object({ url, description, eventTypes: eventTypesSchema, filter: filterSchema });
}

export interface EndpointInput {
  url: string;
  description: string | null;
  eventTypes: string[];
  filter: { economies: string[]; specializations: string[]; clusterIds: string[] };
}

export function parseCreateInput(input: unknown, production: boolean): EndpointInput {
  const parsed = parseInput(endpointSchema(production, false), input, 'input') as Omit<
    EndpointInput,
    'description'
  > & {
    description?: string | null;
  };
  return { ...parsed, description: parsed.description ?? null };
}

export function parseUpdateInput(input: unknown, production: boolean): Partial<EndpointInput> {
  const raw = (input ?? {}) as Record<string, unknown>;
  const parsed = parseInput(endpointSchema(production, true), input, 'input') as Partial<EndpointInput>;
  const out: Partial<EndpointInput> = {};
  if (parsed.url) out.url = parsed.url;
  if ('description' in raw) out.description = parsed.description ?? null;
  if (parsed.eventTypes) out.eventTypes = parsed.eventTypes;
  if (raw.filter !== undefined) out.filter = parsed.filter;
  return out;
}
