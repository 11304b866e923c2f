import { parseArgs } from 'node:util';
import {
  publishEvents,
  baseEnvSchema,
  connectMongo,
  createKafka,
  createLogger,
  createProducer,
  EventValidator,
  loadConfig,
  OutboxRelay,
} from '@ccp/kit';
import { z } from 'zod';
import { type SeedProgress, seedSyntheticClusters } from '../domain/seed-synthetic.js';
import { prepareClusterIndexes } from '../domain/slug.js';
import { SYNTHETIC_DEFAULTS } from '../domain/synthetic.js';
import { clusterModel } from '../model/cluster.js';

const USAGE =
  'usage: npm run generate:clusters -w @ccp/registry -- [--clusters N] [--members M] [--seed S] [--publish true|false] [--batch B]\n' +
  `  Writes N deterministic synthetic clusters (default ${SYNTHETIC_DEFAULTS.clusters}) with M key members in total (default\n` +
  `  ${SYNTHETIC_DEFAULTS.members}) across the 21 APEC economies into the registry database (MONGODB_URI, MONGODB_DATABASE or the\n` +
  '  database named in the URI, else ccp_registry), published unless --publish false, as origin SEEDED; ids are\n' +
  '  syn-<seed>-<n>, so a re-run skips what exists. Events go to KAFKA_BROKERS (topics prefixed by KAFKA_TOPIC_PREFIX);\n' +
  '  the command exits once every outbox is published.';

interface Output {
  write(text: string): unknown;
}

const number = (value: string | undefined, fallback: number, name: string, min: number) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
};

/** `--no-publish` and a bare `--publish` read as --publish false / true. */
function normalize(argv: string[]): string[] {
  return argv.map((arg, i) => {
    if (arg === '--no-publish') return '--publish=false';
    if (arg === '--publish' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--'))) return '--publish=true';
    return arg;
  });
}

/** The database: MONGODB_DATABASE, else the one named in the URI's path, else ccp_registry. */
function databaseOf(uri: string, explicit: string | undefined): string {
  if (explicit) return explicit;
  const path = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : 'ccp_registry';
}

const thousands = (n: number) => n.toLocaleString('en-US');

/** The generator command; returns the exit code (0 done, 1 something was not written or sent, 2 usage). */
export async function runGenerateCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Output,
  err: Output = out,
): Promise<number> {
  let opts: { clusters: number; members: number; seed: number; publish: boolean; batch: number };
  try {
    const { values } = parseArgs({
      args: normalize(argv),
      options: {
        clusters: { type: 'string' },
        members: { type: 'string' },
        seed: { type: 'string' },
        publish: { type: 'string' },
        batch: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if (values.publish !== undefined && !['true', 'false'].includes(values.publish)) {
      throw new Error('--publish must be true or false');
    }
    opts = {
      clusters: number(values.clusters, SYNTHETIC_DEFAULTS.clusters, 'clusters', 0),
      members: number(values.members, SYNTHETIC_DEFAULTS.members, 'members', 0),
      seed: number(values.seed, SYNTHETIC_DEFAULTS.seed, 'seed', 0),
      publish: values.publish !== 'false',
      batch: number(values.batch, 500, 'batch', 1),
    };
    if (opts.members > opts.clusters * 200) throw new Error('--members must be at most 200 per cluster');
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(baseEnvSchema.extend({ MONGODB_DATABASE: z.string().optional() }), env);
  const database = databaseOf(config.MONGODB_URI, config.MONGODB_DATABASE);
  const logger = createLogger('registry-generate', config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const mongo = await connectMongo(config.MONGODB_URI, database, logger, { maxPoolSize: config.MONGODB_MAX_POOL_SIZE });
  const kafka = createKafka('ccp-registry-generate', config.KAFKA_BROKERS, logger);
  const producer = await createProducer(kafka);
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  try {
    const clusters = clusterModel(mongo);
    await clusters.init();
    await prepareClusterIndexes(clusters);
    const relay = new OutboxRelay({ model: clusters, producer, logger });
    out.write(
      `generating ${thousands(opts.clusters)} clusters with ${thousands(opts.members)} members (seed ${opts.seed}, ` +
        `${opts.publish ? 'published' : 'drafts'}) into database ${database}\n`,
    );
    const line = (p: SeedProgress) =>
      `${thousands(p.generated)}/${thousands(opts.clusters)} clusters · ${thousands(p.inserted)} new · ` +
      `${thousands(p.skipped)} already there · ${thousands(p.failed)} failed · ${seconds()} s`;
    const result = await seedSyntheticClusters(
      { clusters, relay, validator: new EventValidator(), publishEvents: (events) => publishEvents(producer, events) },
      { ...opts, onProgress: (p) => out.write(`  ${line(p)}\n`) },
    );
    // Flushes failed for a moment (a broker hiccup) are retried until every outbox is empty.
    const deadline = Date.now() + 120_000;
    let pending = await relay.sweep();
    while (pending > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      pending = await relay.sweep();
    }
    out.write(`done: ${line(result)}\n`);
    if (pending > 0) err.write(`${pending} clusters still have unpublished events; the registry's sweep will send them\n`);
    return result.failed > 0 || pending > 0 ? 1 : 0;
  } catch (e) {
    err.write(`generation failed: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await producer.disconnect();
    await mongo.close();
  }
}
