import { MEMBER_TYPES, type MemberType } from '@ccp/kit';
import {
  type ClusterFigures,
  type EconomyStatisticsDocument,
  EMPTY_CLUSTER_FIGURES,
  MAX_STATISTICS_YEAR,
  MIN_STATISTICS_YEAR,
  type ProfileFigures,
  type QuestionnaireKind,
  type ResponseRate,
  type Section,
  type StatisticsCampaignDocument,
  type StatisticsClusterDocument,
  type StatisticsFigures,
  type StatisticsOfferDocument,
  type YearFigures,
} from '../model/statistics.js';

/** The part of a registry cluster event's public profile that statistics counts. */
export interface ClusterProfileData {
  specializations?: string[] | null;
  profile?: {
    keyMembers?: { type?: string }[] | null;
    memberCount?: number | null;
    internationalMemberships?: unknown[] | null;
    successStories?: { international?: boolean }[] | null;
  } | null;
}

const isMemberType = (t: unknown): t is MemberType => MEMBER_TYPES.includes(t as MemberType);

/** What one profile adds: members are the declared count, or the listed key members when none is declared. */
export function profileFigures(data: ClusterProfileData): ProfileFigures {
  const keyMembers = data.profile?.keyMembers ?? [];
  const memberTypes: Partial<Record<MemberType, number>> = {};
  for (const m of keyMembers) if (isMemberType(m.type)) memberTypes[m.type] = (memberTypes[m.type] ?? 0) + 1;
  const stories = data.profile?.successStories ?? [];
  return {
    specializations: [...new Set(data.specializations ?? [])].sort(),
    members: data.profile?.memberCount ?? keyMembers.length,
    memberTypes,
    internationalMemberships: data.profile?.internationalMemberships?.length ?? 0,
    successStories: stories.length,
    internationalSuccessStories: stories.filter((s) => s.international === true).length,
  };
}

const comparable = (f: ProfileFigures) =>
  JSON.stringify({ ...f, memberTypes: MEMBER_TYPES.map((t) => f.memberTypes[t] ?? 0) });

/**
 * The figures hold from the event's year on: later-year entries are older knowledge (an import publishes with a
 * past date after registering now) and give way; an entry equal to the one before it is not kept.
 */
export function withHistory(
  history: StatisticsClusterDocument['history'],
  year: number,
  figures: ProfileFigures,
): StatisticsClusterDocument['history'] {
  const before = history.filter((h) => h.from < year);
  const last = before.at(-1);
  return last && comparable(last) === comparable(figures) ? before : [...before, { from: year, ...figures }];
}

/** The profile figures at a year's end: the entry in force then, else the earliest known (a backdated publication). */
function figuresInYear(cluster: StatisticsClusterDocument, year: number): ProfileFigures {
  let found: ProfileFigures | undefined;
  for (const h of cluster.history ?? []) if (h.from <= year) found = h;
  return found ?? cluster.history?.[0] ?? cluster.figures;
}

/** Jan 1 of the next year, UTC: "on or before Dec 31" is "before this". */
const endOf = (year: number) => new Date(Date.UTC(year + 1, 0, 1));
const yearOf = (d: Date | string) => new Date(d).getUTCFullYear();
const clampYear = (y: number) => Math.min(MAX_STATISTICS_YEAR, Math.max(MIN_STATISTICS_YEAR, y));

/** The years from the first that has anything to the current one. */
function yearsFrom(starts: number[], now: Date): number[] {
  if (starts.length === 0) return [];
  const years: number[] = [];
  for (let y = clampYear(Math.min(...starts)); y <= clampYear(yearOf(now)); y++) years.push(y);
  return years;
}

export const questionnaireKindOf = (kind: string): QuestionnaireKind =>
  kind.toUpperCase().replace(/-/g, '_') as QuestionnaireKind;

class ClusterTally {
  publishedClusters = 0;
  members = 0;
  specializations = new Map<string, number>();
  memberTypes = new Map<MemberType, number>();
  clustersWithInternationalMemberships = 0;
  internationalMemberships = 0;
  successStories = 0;
  internationalSuccessStories = 0;

  addProfile(f: ProfileFigures): void {
    this.publishedClusters++;
    this.members += f.members;
    for (const code of f.specializations)
      this.specializations.set(code, (this.specializations.get(code) ?? 0) + 1);
    for (const t of MEMBER_TYPES)
      this.memberTypes.set(t, (this.memberTypes.get(t) ?? 0) + (f.memberTypes[t] ?? 0));
    if (f.internationalMemberships > 0) this.clustersWithInternationalMemberships++;
    this.internationalMemberships += f.internationalMemberships;
    this.successStories += f.successStories;
    this.internationalSuccessStories += f.internationalSuccessStories;
  }

  addFigures(f: ClusterFigures): void {
    this.publishedClusters += f.publishedClusters;
    this.members += f.members;
    for (const s of f.bySpecialization)
      this.specializations.set(s.code, (this.specializations.get(s.code) ?? 0) + s.clusters);
    for (const t of f.byMemberType)
      this.memberTypes.set(t.memberType, (this.memberTypes.get(t.memberType) ?? 0) + t.members);
    this.clustersWithInternationalMemberships += f.clustersWithInternationalMemberships;
    this.internationalMemberships += f.internationalMemberships;
    this.successStories += f.successStories;
    this.internationalSuccessStories += f.internationalSuccessStories;
  }

  figures(): ClusterFigures {
    return {
      publishedClusters: this.publishedClusters,
      members: this.members,
      bySpecialization: [...this.specializations]
        .map(([code, clusters]) => ({ code, clusters }))
        .sort((a, b) => b.clusters - a.clusters || a.code.localeCompare(b.code)),
      byMemberType: MEMBER_TYPES.map((memberType) => ({
        memberType,
        members: this.memberTypes.get(memberType) ?? 0,
      })),
      clustersWithInternationalMemberships: this.clustersWithInternationalMemberships,
      internationalMemberships: this.internationalMemberships,
      successStories: this.successStories,
      internationalSuccessStories: this.internationalSuccessStories,
    };
  }
}

/**
 * Published clusters now, and at each year's end those published on or before Dec 31 and not archived before then,
 * with the profile figures in force that year.
 */
export function clusterSection(clusters: StatisticsClusterDocument[], now: Date): Section<ClusterFigures> {
  const current = new ClusterTally();
  for (const c of clusters) if (c.status === 'published') current.addProfile(c.figures);
  const starts = clusters.flatMap((c) => (c.publishedAt ? [yearOf(c.publishedAt)] : []));
  const years = yearsFrom(starts, now).map((year) => {
    const end = endOf(year);
    const tally = new ClusterTally();
    for (const c of clusters) {
      if (c.publishedAt && c.publishedAt < end && !(c.archivedAt && c.archivedAt < end))
        tally.addProfile(figuresInYear(c, year));
    }
    return { year, ...tally.figures() };
  });
  return { current: current.figures(), years };
}

/** Offers published and not closed, now and at each year's end. */
export function offerSection(offers: StatisticsOfferDocument[], now: Date): Section<{ open: number }> {
  const openAt = (end: Date | null) =>
    offers.filter(
      (o) => o.publishedAt && (!end || o.publishedAt < end) && !(o.closedAt && (!end || o.closedAt < end)),
    ).length;
  const starts = offers.flatMap((o) => (o.publishedAt ? [yearOf(o.publishedAt)] : []));
  return {
    current: { open: openAt(null) },
    years: yearsFrom(starts, now).map((year) => ({ year, open: openAt(endOf(year)) })),
  };
}

const byOpening = (a: ResponseRate, b: ResponseRate) =>
  b.opensAt.localeCompare(a.opensAt) || a.campaignId.localeCompare(b.campaignId);

const rateOf = (responded: number, audience: number) => (audience > 0 ? responded / audience : null);

/** The rates of the campaigns that asked the economy's clusters, given how many of them responded to each. */
export function responseRates(
  economy: string,
  campaigns: StatisticsCampaignDocument[],
  respondedTo: (campaignId: string) => number,
): ResponseRate[] {
  return campaigns
    .flatMap((c) => {
      const audience = c.audience.find((a) => a.economy === economy)?.clusters;
      if (audience === undefined) return [];
      const responded = respondedTo(c._id);
      const opensAt = new Date(c.opensAt).toISOString();
      return [
        {
          campaignId: c._id,
          questionnaireKind: c.questionnaireKind,
          opensAt,
          audience,
          responded,
          rate: rateOf(responded, audience),
        },
      ];
    })
    .sort(byOpening);
}

/** A section at a year's end: nothing before its first year; after its last (the year turned since) the last carries on. */
function atYear<T>(section: Section<T>, year: number, empty: T): T {
  const first = section.years[0];
  const last = section.years.at(-1);
  if (!first || !last || year < first.year) return empty;
  const { year: _, ...figures } =
    year > last.year ? last : (section.years.find((y) => y.year === year) ?? { year, ...empty });
  return figures as T;
}

type StoredSections = Pick<EconomyStatisticsDocument, 'clusters' | 'offers' | 'responseRates'>;

/** The API's figures from a stored document, now. */
export function currentFigures(doc: StoredSections): StatisticsFigures {
  return {
    ...doc.clusters.current,
    openCooperationOffers: doc.offers.current.open,
    responseRates: doc.responseRates,
  };
}

/** The API's figures from a stored document at a year's end: response rates of the campaigns opened that year. */
export function yearFigures(doc: StoredSections, year: number): YearFigures {
  return {
    year,
    ...atYear(doc.clusters, year, EMPTY_CLUSTER_FIGURES),
    openCooperationOffers: atYear(doc.offers, year, { open: 0 }).open,
    responseRates: doc.responseRates.filter((r) => yearOf(r.opensAt) === year),
  };
}

/** The years any of the documents has a section for. */
function yearRange<T>(sections: Section<T>[]): number[] {
  const bounds = sections.flatMap((s) => (s.years.length ? [s.years[0]!.year, s.years.at(-1)!.year] : []));
  const years: number[] = [];
  if (bounds.length) for (let y = Math.min(...bounds); y <= Math.max(...bounds); y++) years.push(y);
  return years;
}

const sumClusters = (all: ClusterFigures[]) => {
  const tally = new ClusterTally();
  for (const f of all) tally.addFigures(f);
  return tally.figures();
};

/** APEC-wide sections: every economy's summed; a campaign's audience and responses add up across economies. */
export const apecSections = {
  clusters(docs: StoredSections[]): Section<ClusterFigures> {
    const sections = docs.map((d) => d.clusters);
    return {
      current: sumClusters(sections.map((s) => s.current)),
      years: yearRange(sections).map((year) => ({
        year,
        ...sumClusters(sections.map((s) => atYear(s, year, EMPTY_CLUSTER_FIGURES))),
      })),
    };
  },
  offers(docs: StoredSections[]): Section<{ open: number }> {
    const sections = docs.map((d) => d.offers);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return {
      current: { open: sum(sections.map((s) => s.current.open)) },
      years: yearRange(sections).map((year) => ({
        year,
        open: sum(sections.map((s) => atYear(s, year, { open: 0 }).open)),
      })),
    };
  },
  rates(docs: StoredSections[]): ResponseRate[] {
    const rates = new Map<string, ResponseRate>();
    for (const r of docs.flatMap((d) => d.responseRates)) {
      const sum = rates.get(r.campaignId);
      rates.set(
        r.campaignId,
        sum
          ? { ...sum, audience: sum.audience + r.audience, responded: sum.responded + r.responded }
          : { ...r },
      );
    }
    return [...rates.values()].map((r) => ({ ...r, rate: rateOf(r.responded, r.audience) })).sort(byOpening);
  },
};
