import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { schemasDir } from './reference.js';

/** A CloudEvent in structured JSON mode, as every topic carries it (DESIGN.md, Contracts). */
export interface CloudEvent<T = Record<string, unknown>> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  /** The aggregate's version after this change: +1 per change. */
  sequence: number;
  economy?: string;
  /** Who caused the change (a user id, an API client id, `system`) and with which privilege. */
  actor?: string;
  actorrole?: string;
  data: T;
}

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';
const SCHEMA_BASE = 'https://schemas.apec-ccp.org/events/';

export const schemaIdOf = (type: string) => `${SCHEMA_BASE}${type}.schema.json`;

export interface NewEvent<T> {
  service: string;
  type: string;
  subject: string;
  sequence: number;
  economy?: string;
  actor?: { subject: string; role: string };
  data: T;
  time?: Date;
}

export function makeEvent<T>(e: NewEvent<T>): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: `/ccp/${e.service}`,
    type: e.type,
    subject: e.subject,
    time: (e.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    dataschema: schemaIdOf(e.type),
    sequence: e.sequence,
    ...(e.economy ? { economy: e.economy } : {}),
    ...(e.actor ? { actor: e.actor.subject, actorrole: e.actor.role } : {}),
    data: e.data,
  };
}

/**
 * Topics may carry a prefix (KAFKA_TOPIC_PREFIX, empty by default): the test suites use `test.` so their events
 * never reach the read models of a platform running on the same broker.
 */
export const TOPIC_PREFIX = process.env.KAFKA_TOPIC_PREFIX ?? '';
if (!/^[A-Za-z0-9._-]*$/.test(TOPIC_PREFIX)) throw new Error(`KAFKA_TOPIC_PREFIX has characters Kafka does not allow`);

/** `ccp.registry.cluster.published.v1` → `ccp.registry.cluster.v1`: one topic per aggregate type. */
export function topicOf(type: string): string {
  const parts = type.split('.');
  if (parts[0] !== 'ccp') throw new Error(`not a platform event type: ${type}`);
  if (parts[1] === 'notifications') return `${TOPIC_PREFIX}ccp.notifications.v1`;
  if (parts[1] === 'deadletter') return `${TOPIC_PREFIX}ccp.deadletter.v1`;
  if (parts.length !== 5) throw new Error(`event type must read ccp.<service>.<aggregate>.<verb>.v<n>: ${type}`);
  return `${TOPIC_PREFIX}${parts[0]}.${parts[1]}.${parts[2]}.${parts[4]}`;
}

const TOPIC_NAMES = {
  cluster: 'ccp.registry.cluster.v1',
  economy: 'ccp.economies.economy.v1',
  kpi: 'ccp.economies.kpi.v1',
  offer: 'ccp.matchmaking.offer.v1',
  request: 'ccp.matchmaking.request.v1',
  workshop: 'ccp.matchmaking.workshop.v1',
  collaboration: 'ccp.matchmaking.collaboration.v1',
  campaign: 'ccp.surveys.campaign.v1',
  response: 'ccp.surveys.response.v1',
  user: 'ccp.accounts.user.v1',
  notifications: 'ccp.notifications.v1',
  deadletter: 'ccp.deadletter.v1',
} as const;

export const TOPICS = Object.fromEntries(
  Object.entries(TOPIC_NAMES).map(([k, v]) => [k, `${TOPIC_PREFIX}${v}`]),
) as { readonly [K in keyof typeof TOPIC_NAMES]: string };

export type ValidationResult = { ok: true; event: CloudEvent } | { ok: false; reason: string };

// ajv-formats is CommonJS with a default export; under NodeNext its callable sits on `.default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

/** Validates envelopes and payloads against `schemas/events/*.schema.json`. */
export class EventValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly envelope: ValidateFunction;
  private readonly byType = new Map<string, ValidateFunction>();

  constructor(dir = join(schemasDir(), 'events')) {
    addFormats(this.ajv);
    const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));
    for (const file of files) this.ajv.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    for (const file of files) {
      const type = file.replace(/\.schema\.json$/, '');
      const validate = this.ajv.getSchema(schemaIdOf(type));
      if (!validate) throw new Error(`schemas/events/${file} must have $id ${schemaIdOf(type)}`);
      if (type !== 'envelope') this.byType.set(type, validate);
    }
    const envelope = this.ajv.getSchema(schemaIdOf('envelope'));
    if (!envelope) throw new Error(`schemas/events/envelope.schema.json is missing`);
    this.envelope = envelope;
  }

  knows(type: string): boolean {
    return this.byType.has(type);
  }

  validate(value: unknown): ValidationResult {
    if (!this.envelope(value)) return { ok: false, reason: `envelope: ${this.ajv.errorsText(this.envelope.errors)}` };
    const event = value as CloudEvent;
    const validateData = this.byType.get(event.type);
    if (!validateData) return { ok: false, reason: `unknown event type ${event.type}` };
    if (!validateData(value)) return { ok: false, reason: `${event.type}: ${this.ajv.errorsText(validateData.errors)}` };
    return { ok: true, event };
  }

  /** Producers check their own events before they enter the outbox: a bug fails the write, not a consumer. */
  assertValid(event: CloudEvent): void {
    const result = this.validate(event);
    if (!result.ok) throw new Error(`event does not match its schema: ${result.reason}`);
  }
}
