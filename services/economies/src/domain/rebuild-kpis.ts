import { type BatchSource, type CloudEvent, EventConsumer, type EventValidator, type Logger } from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { KPI_PARTITIONS_AT_ONCE, kpiAssignmentHandler, kpiBatchHandler } from '../events/kpi-events.js';
import { APEC, kpiFactModel, type KpiYearDocument, kpiYearModel } from '../model/kpi.js';
import { KpiAggregator } from './kpi-aggregator.js';

export interface FigureComparison {
  kpi: string;
  year: number;
  economy: string;
  live: number;
  rebuilt: number;
  /** Each side's breakdown (`key=n`, sorted), equal when the figures match. */
  liveBreakdown: string;
  rebuiltBreakdown: string;
}

export interface RebuildResult {
  /** Events the replay read (every type, counted or not). */
  events: number;
  /** Every figure either side has, with both values (0 where a side has none). */
  figures: FigureComparison[];
  mismatches: FigureComparison[];
}

export interface RebuildOptions {
  kafka: Kafka;
  /** Only for the dead-letter topic: an invalid event is dead-lettered again under the rebuild's group. */
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  /** The live read model (economies' database) and a fresh one to build. */
  live: Connection;
  fresh: Connection;
  topics: string[];
  groupId: string;
  timeoutMs?: number;
}

/**
 * Replays the KPI topics from their earliest offsets into a fresh read model, with a consumer group of its own
 * and no events announced, up to where the topics ended when it started; then compares its figures with the
 * live ones.
 */
export async function rebuildKpis(opts: RebuildOptions): Promise<RebuildResult> {
  const { kafka, fresh, topics, groupId, logger } = opts;
  const facts = kpiFactModel(fresh);
  const figures = kpiYearModel(fresh);
  if ((await facts.countDocuments()) > 0 || (await figures.countDocuments()) > 0) {
    throw new Error(`database ${fresh.name} already holds KPI facts or figures: rebuild into a fresh one`);
  }
  await Promise.all([facts.init(), figures.init()]);
  const aggregator = new KpiAggregator(facts, figures, opts.validator, logger, null);
  const handle = kpiBatchHandler(aggregator);
  let events = 0;
  const consumer = new EventConsumer({
    kafka,
    groupId,
    topics,
    validator: opts.validator,
    producer: opts.producer,
    logger,
    handleBatch: (batch: CloudEvent[], source: BatchSource) => {
      events += batch.length;
      return handle(batch, source);
    },
    onGroupJoin: kpiAssignmentHandler(aggregator),
    partitionsConsumedConcurrently: KPI_PARTITIONS_AT_ONCE,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, Map<number, number>>();
    for (const topic of topics) {
      // Partitions with nothing left to read (empty, or emptied by retention) are not waited for.
      const offsets = (await admin.fetchTopicOffsets(topic)).filter((p) => Number(p.high) > Number(p.low));
      ends.set(topic, new Map(offsets.map((p) => [p.partition, Number(p.high)])));
    }
    await consumer.start();
    try {
      await waitUntilRead(admin, groupId, ends, opts.timeoutMs ?? 600_000);
    } finally {
      await consumer.stop();
    }
    await aggregator.idle();
    await admin.deleteGroups([groupId]).catch((err) => logger.warn({ err, groupId }, 'could not delete the rebuild group'));
  } finally {
    await admin.disconnect();
  }
  return { events, ...compare(await figuresOf(opts.live), await figuresOf(fresh)) };
}

type Admin = ReturnType<Kafka['admin']>;

async function waitUntilRead(admin: Admin, groupId: string, ends: Map<string, Map<number, number>>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const committed = await admin.fetchOffsets({ groupId, topics: [...ends.keys()] });
    const behind = [...ends].some(([topic, partitions]) => {
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      return [...partitions].some(([partition, high]) => {
        const at = Number(mine.find((p) => p.partition === partition)?.offset ?? '-1');
        return at < high;
      });
    });
    if (!behind) return;
    if (Date.now() > deadline) throw new Error(`the replay did not reach the end of the topics within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function figuresOf(conn: Connection): Promise<Map<string, FigureComparison>> {
  const docs = await kpiYearModel(conn).find({}, { kpi: 1, year: 1, figures: 1 }).lean<KpiYearDocument[]>();
  const out = new Map<string, FigureComparison>();
  for (const d of docs) {
    for (const [economy, f] of Object.entries(d.figures ?? {})) {
      const breakdown = Object.entries(f.breakdown ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, n]) => `${k}=${n}`)
        .join(' ');
      const figure = { kpi: d.kpi, year: d.year, economy, live: f.value, rebuilt: f.value };
      out.set(`${d.kpi}:${d.year}:${economy}`, { ...figure, liveBreakdown: breakdown, rebuiltBreakdown: breakdown });
    }
  }
  return out;
}

function compare(live: Map<string, FigureComparison>, rebuilt: Map<string, FigureComparison>) {
  const figures: FigureComparison[] = [];
  for (const id of new Set([...live.keys(), ...rebuilt.keys()])) {
    const l = live.get(id);
    const r = rebuilt.get(id);
    const base = (l ?? r) as FigureComparison;
    figures.push({
      ...base,
      live: l?.live ?? 0,
      rebuilt: r?.rebuilt ?? 0,
      liveBreakdown: l?.liveBreakdown ?? '',
      rebuiltBreakdown: r?.rebuiltBreakdown ?? '',
    });
  }
  // Figures that are 0 on both sides (a target set before anything was counted) say nothing.
  const shown = figures
    .filter((f) => f.live !== 0 || f.rebuilt !== 0)
    .sort((a, b) => a.year - b.year || a.kpi.localeCompare(b.kpi) || orderOf(a.economy).localeCompare(orderOf(b.economy)));
  const differs = (f: FigureComparison) => f.live !== f.rebuilt || f.liveBreakdown !== f.rebuiltBreakdown;
  return { figures: shown, mismatches: shown.filter(differs) };
}

const orderOf = (economy: string) => (economy === APEC ? '' : economy);
