import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { baseEnvSchema, connectMongo, createKafka, createLogger, createProducer, EventValidator, loadConfig } from '@ccp/kit';
import { z } from 'zod';
import { type FigureComparison, rebuildKpis } from '../domain/rebuild-kpis.js';
import { kpiTopics } from '../server.js';

const USAGE =
  'usage: node dist/cli/rebuild-kpis.js [--into <database>] [--drop] [--timeout <seconds>]\n' +
  '  Replays the KPI topics from the earliest offset into a fresh database (default ccp_economies_kpi_rebuild_<time>),\n' +
  '  prints its figures beside the live ones (MONGODB_DATABASE, default ccp_economies) and exits 1 if they differ.\n' +
  '  --drop removes the rebuilt database afterwards.';

interface Output {
  write(text: string): unknown;
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);

export function formatFigures(figures: FigureComparison[]): string {
  const head = `${pad('kpi', 24)}${pad('year', 6)}${pad('economy', 9)}${pad('live', 8)}${pad('rebuilt', 9)}breakdown`;
  const rows = figures.map((f) => {
    const same = f.live === f.rebuilt && f.liveBreakdown === f.rebuiltBreakdown;
    const breakdown =
      f.liveBreakdown === f.rebuiltBreakdown ? f.liveBreakdown : `${f.liveBreakdown} | rebuilt ${f.rebuiltBreakdown}`;
    return `${pad(f.kpi, 24)}${pad(f.year, 6)}${pad(f.economy, 9)}${pad(f.live, 8)}${pad(f.rebuilt, 9)}${breakdown}${same ? '' : '   <- differs'}`;
  });
  return [head, ...rows].join('\n');
}

/** The rebuild command; returns the exit code (0 match, 1 mismatch, 2 usage or failure). */
export async function runRebuildCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Output,
  err: Output = out,
): Promise<number> {
  let values: { into?: string; drop?: boolean; timeout?: string; 'economy-topic'?: string; 'response-topic'?: string; 'workshop-topic'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        into: { type: 'string' },
        drop: { type: 'boolean' },
        timeout: { type: 'string' },
        // The tests replay topics of their own.
        'economy-topic': { type: 'string' },
        'response-topic': { type: 'string' },
        'workshop-topic': { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(baseEnvSchema.extend({ MONGODB_DATABASE: z.string().default('ccp_economies') }), env);
  const into = values.into ?? `ccp_economies_kpi_rebuild_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  if (!/^[A-Za-z0-9_-]{1,60}$/.test(into) || into === config.MONGODB_DATABASE) {
    err.write(`--into must name a new database (letters, digits, _ and -), not the live one\n${USAGE}\n`);
    return 2;
  }
  const timeoutSeconds = Number(values.timeout ?? 600);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    err.write(`--timeout must be a number of seconds\n${USAGE}\n`);
    return 2;
  }
  const logger = createLogger('economies-rebuild', config.LOG_LEVEL);
  const live = await connectMongo(config.MONGODB_URI, config.MONGODB_DATABASE, logger);
  const fresh = await connectMongo(config.MONGODB_URI, into, logger);
  const kafka = createKafka('ccp-economies-rebuild', config.KAFKA_BROKERS, logger);
  const producer = await createProducer(kafka);
  const topics = kpiTopics(values['economy-topic'], values['response-topic'], values['workshop-topic']);
  try {
    const result = await rebuildKpis({
      kafka,
      producer,
      validator: new EventValidator(),
      logger,
      live,
      fresh,
      topics,
      groupId: `${config.KAFKA_GROUP_PREFIX}-economies-kpi-rebuild-${randomUUID().slice(0, 8)}`,
      timeoutMs: timeoutSeconds * 1000,
    });
    out.write(`replayed ${result.events} events from ${topics.join(', ')} into database ${into}\n`);
    out.write(`live: database ${config.MONGODB_DATABASE}\n`);
    out.write(`${formatFigures(result.figures)}\n`);
    const match = result.mismatches.length === 0;
    out.write(match ? 'figures match\n' : `figures differ: ${result.mismatches.length} of ${result.figures.length}\n`);
    return match ? 0 : 1;
  } catch (e) {
    err.write(`rebuild failed: ${(e as Error).message}\n`);
    return 2;
  } finally {
    if (values.drop) await fresh.dropDatabase().catch(() => {});
    await producer.disconnect();
    await Promise.all([live.close(), fresh.close()]);
  }
}
