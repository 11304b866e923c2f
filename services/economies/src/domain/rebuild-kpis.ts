import { type CloudEvent, EventConsumer, type EventValidator, type Logger } from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { kpiEventHandler } from '../events/kpi-events.js';
import { APEC, type KpiFigureDocument, kpiFactModel, kpiFigureModel } from '../model/kpi.js';
import { KpiProjector } from './kpi-projector.js';

export interface FigureComparison {
  kpi: string;
  year: number;
  economy: string;
  live: number;
  rebuilt: number;
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
  const figures = kpiFigureModel(fresh);
  if ((await facts.countDocuments()) > 0 || (await figures.countDocuments()) > 0) {
    throw new Error(`database ${fresh.name} already holds KPI facts or figures: rebuild into a fresh one`);
  }
  await Promise.all([facts.init(), figures.init()]);
  const projector = new KpiProjector(facts, figures, opts.validator, logger, null);
  const handle = kpiEventHandler(facts, projector);
  let events = 0;
  const consumer = new EventConsumer({
    kafka,
    groupId,
    topics,
    validator: opts.validator,
    producer: opts.producer,
    logger,
    handle: (event: CloudEvent) => {
      events++;
      return handle(event);
    },
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
    await projector.idle();
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
  const docs = await kpiFigureModel(conn)
    .find({}, { kpi: 1, year: 1, economy: 1, value: 1 })
    .lean<Pick<KpiFigureDocument, 'kpi' | 'year' | 'economy' | 'value'>[]>();
  return new Map(
    docs.map((d) => {
      const economy = d.economy ?? APEC;
      return [`${d.kpi}:${d.year}:${economy}`, { kpi: d.kpi, year: d.year, economy, live: d.value, rebuilt: d.value }];
    }),
  );
}

function compare(live: Map<string, FigureComparison>, rebuilt: Map<string, FigureComparison>) {
  const figures: FigureComparison[] = [];
  for (const id of new Set([...live.keys(), ...rebuilt.keys()])) {
    const l = live.get(id);
    const r = rebuilt.get(id);
    const base = (l ?? r) as FigureComparison;
    figures.push({ ...base, live: l?.live ?? 0, rebuilt: r?.rebuilt ?? 0 });
  }
  // Figures that are 0 on both sides (a target set before anything was counted) say nothing.
  const shown = figures
    .filter((f) => f.live !== 0 || f.rebuilt !== 0)
    .sort((a, b) => a.year - b.year || a.kpi.localeCompare(b.kpi) || orderOf(a.economy).localeCompare(orderOf(b.economy)));
  return { figures: shown, mismatches: shown.filter((f) => f.live !== f.rebuilt) };
}

const orderOf = (economy: string) => (economy === APEC ? '' : economy);
