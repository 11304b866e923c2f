import {
  type EconomyReference,
  referenceEconomies,
  referenceSpecializations,
  specializationByCode,
} from '@ccp/kit';
import type { RegisterClusterInput } from './register-cluster.js';
import { slugify } from './slug.js';
import {
  BRANDS,
  COMPANY_SUFFIXES,
  type City,
  ECONOMY_PROFILES,
  EN_CLUSTER_PATTERNS,
  FIRST_NAMES,
  GOALS,
  INTERNATIONAL_MEMBERSHIPS,
  LAST_NAMES,
  MEMBER_ROLES,
  OTHER_COUNTRIES,
  POSITIONS,
  RU_BRANDS,
  RU_CLUSTER_PATTERNS,
  SME_SUFFIXES,
  SPECIALIZATION_WORDS,
  STATUS_LABELS,
  type SpecializationWords,
} from './synthetic-data.js';

/**
 * A deterministic synthetic registry for benchmarks and demos: the same options give byte-identical
 * clusters (a seeded mulberry32 stream, a fixed base date, nothing read from the clock or Math.random).
 */
export const SYNTHETIC_DEFAULTS = { clusters: 10_000, members: 200_000, seed: 1 } as const;
/** Every generated date lies before this one. */
export const SYNTHETIC_BASE_DATE = new Date('2025-01-01T00:00:00Z');
export const MAX_KEY_MEMBERS = 200;

export interface SyntheticOptions {
  clusters?: number;
  /** Key members in total, spread over the clusters (at most MAX_KEY_MEMBERS each). */
  members?: number;
  seed?: number;
}

export interface SyntheticCluster {
  /** `syn-<seed>-<n>`: the same cluster gets the same id on every run, so a re-run skips it. */
  id: string;
  createdAt: string;
  publishedAt: string;
  input: RegisterClusterInput;
}

/** mulberry32: a small, fast 32-bit seeded PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  /** k distinct items in random order. */
  sample<T>(list: readonly T[], k: number): T[] {
    const copy = [...list];
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let at = this.next() * total;
    for (const [item, weight] of items) {
      at -= weight;
      if (at < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}

/**
 * Key members per cluster: log-normally spread (a few large clusters, many small ones), each at most
 * MAX_KEY_MEMBERS, summing to exactly `members`.
 */
export function memberCounts(clusters: number, members: number, random: Random): number[] {
  if (!Number.isInteger(clusters) || clusters < 0) throw new RangeError('clusters must be a whole number ≥ 0');
  if (!Number.isInteger(members) || members < 0) throw new RangeError('members must be a whole number ≥ 0');
  if (members > clusters * MAX_KEY_MEMBERS) {
    throw new RangeError(`${members} members do not fit in ${clusters} clusters of at most ${MAX_KEY_MEMBERS}`);
  }
  const weights = Array.from({ length: clusters }, () => Math.exp(0.9 * random.normal()));
  const total = weights.reduce((s, w) => s + w, 0);
  const counts = weights.map((w) => Math.min(MAX_KEY_MEMBERS, Math.floor((members * w) / total)));
  let missing = members - counts.reduce((s, n) => s + n, 0);
  const order = random.sample(
    counts.map((_, i) => i),
    clusters,
  );
  while (missing > 0) {
    for (const i of order) {
      if (missing === 0) break;
      if (counts[i]! < MAX_KEY_MEMBERS) {
        counts[i]! += 1;
        missing -= 1;
      }
    }
  }
  return counts;
}

const fill = (pattern: string, values: Record<string, string>) =>
  pattern.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

type Language = 'zh' | 'ja' | 'ko' | 'vi' | 'es';

function localName(language: Language, city: City, words: SpecializationWords, traditional: boolean): string {
  const place = city.local ?? city.en;
  switch (language) {
    case 'zh':
      return `${place}${words.zh}${traditional ? '產業聚落' : '产业集群'}`;
    case 'ja':
      return `${place}${words.ja}クラスター`;
    case 'ko':
      return `${place} ${words.ko} 클러스터`;
    case 'vi':
      return `Cụm công nghiệp ${words.vi} ${place}`;
    case 'es':
      return `Clúster de ${words.es} de ${place}`;
  }
}

function localMission(language: Language, words: SpecializationWords): string {
  switch (language) {
    case 'zh':
      return `集群致力于${words.zh}产业的技术创新与国际合作。`;
    case 'ja':
      return `${words.ja}分野のイノベーションと国際協力を推進します。`;
    case 'ko':
      return `${words.ko} 분야의 혁신과 국제 협력을 추진합니다.`;
    case 'vi':
      return `Thúc đẩy đổi mới sáng tạo và hợp tác quốc tế trong lĩnh vực ${words.vi}.`;
    case 'es':
      return `Impulsamos la innovación y la cooperación internacional en ${words.es.toLowerCase()}.`;
  }
}

type KeyMember = NonNullable<RegisterClusterInput['keyMembers']>[number];
type MemberType = KeyMember['type'];

const MEMBER_TYPES: readonly (readonly [MemberType, number])[] = [
  ['SME', 45],
  ['LARGE_COMPANY', 20],
  ['RESEARCH_INSTITUTE', 10],
  ['UNIVERSITY', 10],
  ['PUBLIC_BODY', 8],
  ['OTHER', 7],
];

function memberName(r: Random, type: MemberType, city: City, words: SpecializationWords, russian: boolean): string {
  if (russian && r.chance(0.6)) {
    switch (type) {
      case 'LARGE_COMPANY':
        return `${r.pick(['АО', 'ПАО'])} «${r.pick(RU_BRANDS)}-${city.ru}»`;
      case 'SME':
        return `ООО «${r.pick(RU_BRANDS)} ${r.pick(['Лаб', 'Системы', 'Технологии', 'Инжиниринг'])}»`;
      case 'RESEARCH_INSTITUTE':
        return `НИИ «${r.pick(RU_BRANDS)}» (${city.ru})`;
      case 'UNIVERSITY':
        return `${r.pick(['Государственный', 'Технический', 'Политехнический'])} университет (${city.ru})`;
      case 'PUBLIC_BODY':
        return `Агентство развития (${city.ru})`;
      default:
        return `Ассоциация предприятий (${city.ru})`;
    }
  }
  switch (type) {
    case 'LARGE_COMPANY':
      return `${r.pick(BRANDS)} ${words.en} ${r.pick(COMPANY_SUFFIXES)}`;
    case 'SME':
      return `${r.pick(BRANDS)} ${r.pick(BRANDS)} ${r.pick(SME_SUFFIXES)}`;
    case 'RESEARCH_INSTITUTE':
      return r.chance(0.5) ? `${city.en} Institute of ${words.en} Research` : `${words.en} Research Center ${city.en}`;
    case 'UNIVERSITY':
      return r.pick([`University of ${city.en}`, `${city.en} Technical University`, `${city.region} State University`]);
    case 'PUBLIC_BODY':
      return r.pick([`${city.region} Development Agency`, `${city.en} Investment Promotion Office`]);
    default:
      return r.pick([`${city.en} Chamber of Commerce`, `${words.en} Association of ${city.region}`]);
  }
}

/** The generator's stream: one cluster at a time, in order, so a caller can write in batches. */
export function* syntheticClusters(opts: SyntheticOptions = {}): Generator<SyntheticCluster> {
  const clusters = opts.clusters ?? SYNTHETIC_DEFAULTS.clusters;
  const members = opts.members ?? SYNTHETIC_DEFAULTS.members;
  const seed = opts.seed ?? SYNTHETIC_DEFAULTS.seed;
  const r = new Random(seed);
  const counts = memberCounts(clusters, members, r);
  const economies = referenceEconomies();
  const byWeight = economies.map((e) => [e, ECONOMY_PROFILES[e.code]?.weight ?? 1] as const);
  const codes = referenceSpecializations().map((s) => s.code);
  const width = Math.max(6, String(clusters).length);

  for (let i = 0; i < clusters; i++) {
    // The first clusters visit every economy once, so any run of 21 or more covers all of them.
    const economy: EconomyReference = i < economies.length ? economies[i]! : r.weighted(byWeight);
    const profile = ECONOMY_PROFILES[economy.code]!;
    const city = r.pick(profile.cities);
    const specializations = [...new Set([r.pick(codes), ...r.sample(codes, r.int(0, 3))])];
    const spec = specializations[0]!;
    const words = SPECIALIZATION_WORDS[spec]!;
    const ruSpec = specializationByCode(spec)?.name.ru ?? words.en;
    // Some profiles are sparse, some rich: completeness varies across the whole range.
    const richness = r.weighted([
      [0.35, 3],
      [1, 4],
      [1.6, 3],
    ] as const);
    const has = (p: number) => r.chance(Math.min(1, p * richness));
    const russian = economy.code === 'RU';

    const en = fill(r.pick(EN_CLUSTER_PATTERNS), { city: city.en, region: city.region, spec: words.en });
    const name: Record<string, string> = { en };
    if (russian || r.chance(0.25)) name.ru = fill(r.pick(RU_CLUSTER_PATTERNS), { spec: ruSpec, city: city.ru });
    if (profile.language && (city.local || profile.language === 'es')) {
      name[profile.language] = localName(profile.language, city, words, profile.traditional ?? false);
    }
    const host = `${slugify(en).slice(0, 40).replace(/-+$/, '')}-${i + 1}.example.org`;

    const input: RegisterClusterInput = { name: name as RegisterClusterInput['name'], economyCode: economy.code };
    if (r.chance(0.9)) input.region = city.region;
    if (r.chance(0.92)) {
      input.location = {
        lat: round5(clamp(city.lat + (r.float() * 2 - 1) * profile.jitter, -90, 90)),
        lng: round5(clamp(city.lng + (r.float() * 2 - 1) * profile.jitter, -180, 180)),
      };
    }
    input.specializations = specializations;
    if (has(0.3)) {
      const labels = STATUS_LABELS[economy.code] ?? STATUS_LABELS.default!;
      input.statusLabel = { ...r.pick(labels) };
    }
    if (has(0.7)) {
      const goal = r.pick(GOALS);
      input.mission = {
        en: `${en} brings together companies, universities and public bodies in ${words.en.toLowerCase()} to ${goal.en}.`,
        ...(name.ru ? { ru: `Кластер объединяет предприятия и научные организации в области «${ruSpec}» для ${goal.ru}.` } : {}),
        ...(profile.language ? { other: [{ locale: profile.language, text: localMission(profile.language, words) }] } : {}),
      };
    }
    const keyMembers: KeyMember[] = [];
    for (let m = 0; m < counts[i]!; m++) {
      const type = r.weighted(MEMBER_TYPES);
      keyMembers.push({
        name: memberName(r, type, city, words, russian),
        type,
        ...(r.chance(0.4) ? { role: r.pick(MEMBER_ROLES) } : {}),
      });
    }
    if (keyMembers.length) input.keyMembers = keyMembers;
    if (has(0.55)) {
      input.productsAndServices = {
        en: `${words.en} products and components; ${r.pick(['contract R&D', 'pilot production', 'engineering services'])}, testing and certification, training.`,
        ...(name.ru ? { ru: `Продукция и услуги в области «${ruSpec}»: НИОКР, испытания, обучение.` } : {}),
      };
    }
    if (has(0.25)) input.internationalMemberships = r.sample(INTERNATIONAL_MEMBERSHIPS, r.int(1, 3)).map((m) => ({ ...m }));
    if (has(0.6)) {
      input.management = {
        name: r.pick([`${city.en} Cluster Development Center`, `${en} Management Company`, `${city.region} Innovation Agency`]),
        ...(r.chance(0.6)
          ? { structure: { en: 'General assembly of members, supervisory board, executive directorate and thematic working groups.' } }
          : {}),
        ...(r.chance(0.7)
          ? {
              services: {
                en: 'Export promotion, partner search, joint R&D projects, training and access to finance.',
                ...(name.ru ? { ru: 'Продвижение экспорта, поиск партнёров, совместные НИОКР, обучение, доступ к финансированию.' } : {}),
              },
            }
          : {}),
      };
    }
    const partners = economies.filter((e) => e.code !== economy.code);
    if (has(0.4)) {
      input.partnershipDestinations = r.sample([...partners.map((e) => e.code), ...OTHER_COUNTRIES], r.int(1, 6));
    }
    const founded = has(0.85) ? r.int(1990, 2025) : undefined;
    if (founded !== undefined) input.founded = founded;
    if (has(0.3)) {
      input.successStories = Array.from({ length: r.int(1, 3) }, () => {
        const partner = r.pick(partners);
        const international = r.chance(0.85);
        return {
          title: international
            ? {
                en: `Joint ${words.en.toLowerCase()} project with partners from ${partner.name.en}`,
                ...(name.ru ? { ru: `Совместный проект с партнёрами: ${partner.name.ru ?? partner.name.en}` } : {}),
              }
            : { en: `${city.en} ${words.en.toLowerCase()} supplier programme` },
          ...(r.chance(0.6) ? { summary: { en: `Shared pilot line and testing facilities; ${r.int(2, 60)} new jobs.` } } : {}),
          year: r.int(Math.max(founded ?? 2000, 2000), 2025),
          partnerEconomies: international ? [partner.code] : [],
          international,
        };
      });
    }
    if (has(0.5)) {
      input.contacts = Array.from({ length: r.int(1, 2) }, () => {
        const first = r.pick(FIRST_NAMES);
        const last = r.pick(LAST_NAMES);
        return {
          name: `${first} ${last}`,
          position: r.pick(POSITIONS),
          email: `${first}.${last}@${host}`.toLowerCase(),
          phone: `+${profile.callingCode} ${r.int(100, 999)} ${r.int(100, 999)}-${r.int(1000, 9999)}`,
          languages: [...new Set(['en', profile.language ?? (russian ? 'ru' : 'en')])],
          visibility: r.weighted([
            ['PUBLIC', 5],
            ['REGISTERED', 3],
            ['HIDDEN', 2],
          ] as const),
        };
      });
    }
    if (has(0.6)) input.website = `https://${host}`;
    if (has(0.5)) input.employees = Math.round(clamp(Math.exp(7 + 1.2 * r.normal()), 10, 200_000));
    if (has(0.8)) input.memberCount = keyMembers.length + r.int(0, 40);

    const createdAt = new Date(SYNTHETIC_BASE_DATE.getTime() - r.int(30 * 86_400, 3 * 365 * 86_400) * 1000);
    const publishedAt = new Date(createdAt.getTime() + r.int(86_400, 30 * 86_400) * 1000);
    yield {
      id: `syn-${seed}-${String(i + 1).padStart(width, '0')}`,
      createdAt: createdAt.toISOString(),
      publishedAt: publishedAt.toISOString(),
      input,
    };
  }
}

export const generateSyntheticClusters = (opts: SyntheticOptions = {}): SyntheticCluster[] => [
  ...syntheticClusters(opts),
];
