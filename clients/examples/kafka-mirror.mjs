#!/usr/bin/env node
// An integrator's mirror of the published clusters, straight from the public Kafka topic: every event is
// checked against its JSON Schema (schemas/events/), applied idempotently by subject and sequence, and the
// mirror written atomically. Copy it and change apply() to write into your own system.
//   node clients/examples/kafka-mirror.mjs --out clusters.json [--group my-mirror] [--idle-exit-ms 5000]
// Environment: KAFKA_BROKERS (127.0.0.1:9092), KAFKA_TOPIC_PREFIX (empty), SCHEMAS_DIR (../../schemas/events).
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Kafka, logLevel } from 'kafkajs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const out = resolve(option('--out', 'clusters-mirror.json'));
const groupId = option('--group', 'example-cluster-mirror');
const idleExitMs = Number(option('--idle-exit-ms', '0'));
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const topic = `${process.env.KAFKA_TOPIC_PREFIX ?? ''}ccp.registry.cluster.v1`;
const schemasDir = process.env.SCHEMAS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'events');

// One validator per event type, found by the event's `dataschema` (the schema's $id).
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
for (const file of readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(join(schemasDir, file), 'utf8')));
}

/** { clusters: { [id]: { …, sequence } }, seen: { [id]: sequence } } — `seen` remembers deletions too. */
const mirror = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { clusters: {}, seen: {} };

function apply(event) {
  if ((mirror.seen[event.subject] ?? 0) >= event.sequence) return false; // a duplicate or an older event
  mirror.seen[event.subject] = event.sequence;
  const { data } = event;
  if (data.status === 'published') {
    mirror.clusters[event.subject] = {
      id: data.clusterId,
      economy: data.economy,
      name: data.name,
      specializations: data.specializations ?? [],
      location: data.location ?? null,
      sequence: event.sequence,
      time: event.time,
    };
  } else {
    delete mirror.clusters[event.subject]; // archived, or not public (yet)
  }
  return true;
}

function save() {
  const tmp = `${out}.tmp`;
  writeFileSync(tmp, JSON.stringify(mirror, null, 2));
  renameSync(tmp, out); // atomic: a crash leaves the old mirror or the new one, never half of one
}

const kafka = new Kafka({ clientId: 'example-cluster-mirror', brokers, logLevel: logLevel.WARN });
const consumer = kafka.consumer({ groupId });
let idleTimer;
const idle = () => {
  if (!idleExitMs) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => stop(0), idleExitMs);
};
async function stop(code) {
  await consumer.disconnect();
  process.exit(code);
}
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
await consumer.run({
  // The offset is committed after the batch is saved, so a crash replays events: apply() skips them.
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    let invalid = 0;
    for (const message of batch.messages) {
      const event = JSON.parse(message.value.toString('utf8'));
      const validate = ajv.getSchema(event.dataschema);
      if (!validate || !validate(event)) {
        invalid++;
        console.warn(`skipped ${event.type} ${event.id}: ${validate ? ajv.errorsText(validate.errors) : 'unknown dataschema'}`);
      } else {
        apply(event);
      }
      resolveOffset(message.offset);
    }
    save();
    await heartbeat();
    console.log(`${batch.messages.length - invalid} events applied from partition ${batch.partition}; ${Object.keys(mirror.clusters).length} published clusters`);
    idle();
  },
});
idle();
