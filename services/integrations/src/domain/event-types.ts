import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { schemasDir } from '@ccp/kit';

/** The public topics' aggregates (docs/events.md, *Public topics for integrators*) whose events webhooks carry. */
export const PUBLIC_AGGREGATES = [
  'ccp.registry.cluster.',
  'ccp.economies.economy.',
  'ccp.economies.kpi.',
  'ccp.matchmaking.offer.',
];

/** What sendTestWebhook sends; accepted by every endpoint whatever its event types. */
export const PING_TYPE = 'ccp.integrations.webhook.ping.v1';

let known: string[] | undefined;

/** The CloudEvent types of the public topics, from schemas/events. */
export function webhookEventTypes(): string[] {
  known ??= readdirSync(join(schemasDir(), 'events'))
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => f.replace(/\.schema\.json$/, ''))
    .filter((t) => PUBLIC_AGGREGATES.some((p) => t.startsWith(p)))
    .sort();
  return known;
}

/** `ccp.registry.cluster.*` matches every type that starts with `ccp.registry.cluster.`; otherwise exact. */
export function typeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/** A reason the pattern is refused, or null: it must name or prefix at least one public event type. */
export function eventTypeProblem(pattern: string): string | null {
  if (pattern.includes('*') && (!pattern.endsWith('*') || pattern.indexOf('*') !== pattern.length - 1)) {
    return 'a wildcard is allowed only at the end (e.g. ccp.registry.cluster.*)';
  }
  if (!webhookEventTypes().some((t) => typeMatches(pattern, t))) {
    return `matches no public event type (see webhookEventTypes): ${pattern}`;
  }
  return null;
}
