import type { Logger } from '@ccp/kit';
import {
  APEC_STATISTICS,
  type EconomyStatisticsDocument,
  STATISTICS_SECTIONS,
  type StatisticsCampaignDocument,
  type StatisticsClusterDocument,
  type StatisticsModels,
  type StatisticsOfferDocument,
  type StatisticsRespondersDocument,
  type StatisticsSection,
} from '../model/statistics.js';
import { CoalescedRecounts } from './coalesced-recounts.js';
import { apecSections, clusterSection, offerSection, responseRates } from './statistics-figures.js';

interface DirtyKey {
  section: StatisticsSection;
  economy: string;
}

const AS_OF = { clusters: 'clustersAsOf', offers: 'offersAsOf', rates: 'ratesAsOf' } as const;
const FIELD = { clusters: 'clusters', offers: 'offers', rates: 'responseRates' } as const;

/** Facts grouped by their economy. */
function byEconomy<T extends { economy: string }>(facts: T[]): Map<string, T[]> {
  const by = new Map<string, T[]>();
  for (const f of facts) {
    const list = by.get(f.economy);
    if (list) list.push(f);
    else by.set(f.economy, [f]);
  }
  return by;
}

/**
 * Keeps one statistics document per economy (and one APEC-wide) equal to what the facts say. Facts change once per
 * event; a section of the documents (clusters, offers, response rates) is recomputed from its own facts only, so a
 * burst of responses never rereads the clusters. Sections marked within `delayMs` are recomputed together with one
 * read of their facts; a recompute that started earlier never overwrites one that started later; every start
 * recomputes everything, so a crash between a fact and the figures heals.
 */
export class StatisticsProjector {
  private readonly recounts: CoalescedRecounts<DirtyKey>;

  constructor(
    readonly models: StatisticsModels,
    private readonly economyCodes: string[],
    logger: Logger,
    delayMs = 100,
  ) {
    this.recounts = new CoalescedRecounts(
      async (keys) => {
        await this.recompute(keys);
        return [];
      },
      (key) => `${key.section}:${key.economy}`,
      logger,
      delayMs,
    );
  }

  markDirty(section: StatisticsSection, ...codes: string[]): void {
    const keys = codes.filter((c) => this.economyCodes.includes(c)).map((economy) => ({ section, economy }));
    if (keys.length) this.recounts.mark(...keys);
  }

  /** Resolves once every recompute asked for so far has been written. */
  idle(): Promise<void> {
    return this.recounts.idle();
  }

  /** Every section of every economy, in the background: at start, so a crash between a fact and the figures heals. */
  markAll(): void {
    for (const section of STATISTICS_SECTIONS) this.markDirty(section, ...this.economyCodes);
  }

  recomputeAll(): Promise<void> {
    this.markAll();
    return this.idle();
  }

  private async recompute(keys: DirtyKey[]): Promise<void> {
    const startedAt = new Date();
    const codesOf = (section: StatisticsSection) => [
      ...new Set(keys.filter((k) => k.section === section).map((k) => k.economy)),
    ];
    const sections = STATISTICS_SECTIONS.filter((s) => codesOf(s).length);
    const { clusters, offers, campaigns } = this.models;

    const clusterCodes = codesOf('clusters');
    if (clusterCodes.length) {
      const facts = byEconomy(
        await clusters
          .find({ economy: { $in: clusterCodes } }, { applied: 0 })
          .lean<StatisticsClusterDocument[]>(),
      );
      for (const code of clusterCodes)
        await this.write(code, 'clusters', clusterSection(facts.get(code) ?? [], startedAt), startedAt);
    }
    const offerCodes = codesOf('offers');
    if (offerCodes.length) {
      const facts = byEconomy(
        await offers.find({ economy: { $in: offerCodes } }, { applied: 0 }).lean<StatisticsOfferDocument[]>(),
      );
      for (const code of offerCodes)
        await this.write(code, 'offers', offerSection(facts.get(code) ?? [], startedAt), startedAt);
    }
    const rateCodes = codesOf('rates');
    if (rateCodes.length) {
      // Campaigns are few and small; responder sets are read by `_id`.
      const all = await campaigns.find({}, { applied: 0 }).lean<StatisticsCampaignDocument[]>();
      const asked = new Map(
        rateCodes.map((code) => [code, all.filter((c) => c.audience.some((a) => a.economy === code))]),
      );
      const ids = [...asked].flatMap(([code, list]) => list.map((c) => `${c._id}:${code}`));
      const responded = new Map<string, number>();
      for (const doc of await this.respondersOf(ids)) responded.set(doc._id, doc.clusters.length);
      for (const [code, list] of asked) {
        await this.write(
          code,
          'rates',
          responseRates(code, list, (id) => responded.get(`${id}:${code}`) ?? 0),
          startedAt,
        );
      }
    }
    if (sections.length) {
      const stored = await this.models.economies
        .find({ _id: { $ne: APEC_STATISTICS } })
        .lean<EconomyStatisticsDocument[]>();
      for (const section of sections)
        await this.write(APEC_STATISTICS, section, apecSections[section](stored), startedAt);
    }
  }

  /** A few sets by `_id` each (indexed); many at once with one scan of the collection (a start's recompute). */
  private async respondersOf(ids: string[]): Promise<StatisticsRespondersDocument[]> {
    const { responders } = this.models;
    if (ids.length > 20)
      return responders.find({ _id: { $in: ids } }, { clusters: 1 }).lean<StatisticsRespondersDocument[]>();
    const docs = await Promise.all(
      ids.map((id) => responders.findById(id, { clusters: 1 }).lean<StatisticsRespondersDocument>()),
    );
    return docs.flatMap((d) => (d ? [d] : []));
  }

  private async write(
    id: string,
    section: StatisticsSection,
    value: unknown,
    startedAt: Date,
  ): Promise<void> {
    const asOf = AS_OF[section];
    await this.models.economies.updateOne(
      { _id: id, $or: [{ [asOf]: null }, { [asOf]: { $lte: startedAt } }] },
      { $set: { [FIELD[section]]: value, [asOf]: startedAt } },
    );
  }
}
