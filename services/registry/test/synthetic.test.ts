import { referenceEconomies } from '@ccp/kit';
import { describe, expect, it } from 'vitest';
import { registerClusterInput } from '../src/domain/register-cluster.js';
import { completenessOf } from '../src/domain/profile.js';
import {
  generateSyntheticClusters,
  MAX_KEY_MEMBERS,
  memberCounts,
  mulberry32,
  Random,
  SYNTHETIC_BASE_DATE,
} from '../src/domain/synthetic.js';

const small = { clusters: 400, members: 8000 };

describe('the synthetic generator', () => {
  it('When run twice with the same seed, then the output is byte-identical; another seed gives another registry', () => {
    const a = JSON.stringify(generateSyntheticClusters({ ...small, seed: 7 }));
    const b = JSON.stringify(generateSyntheticClusters({ ...small, seed: 7 }));
    const c = JSON.stringify(generateSyntheticClusters({ ...small, seed: 8 }));

    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('When clusters and members are given, then there are exactly that many, at most 200 members each, with stable ids', () => {
    const clusters = generateSyntheticClusters({ ...small, seed: 3 });

    expect(clusters).toHaveLength(400);
    expect(clusters.reduce((s, c) => s + (c.input.keyMembers?.length ?? 0), 0)).toBe(8000);
    expect(Math.max(...clusters.map((c) => c.input.keyMembers?.length ?? 0))).toBeLessThanOrEqual(
      MAX_KEY_MEMBERS,
    );
    expect(clusters[0]?.id).toBe('syn-3-000001');
    expect(new Set(clusters.map((c) => c.id)).size).toBe(400);
  });

  it('When the defaults are used, then 10,000 clusters carry exactly 200,000 members', () => {
    const counts = memberCounts(10_000, 200_000, new Random(1));

    expect(counts).toHaveLength(10_000);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(200_000);
    expect(Math.max(...counts)).toBeLessThanOrEqual(MAX_KEY_MEMBERS);
    expect(Math.max(...counts)).toBeGreaterThan(60);
  });

  it('When members cannot fit, then the generator refuses; when they just fit, every cluster is full', () => {
    expect(() => memberCounts(3, 601, new Random(1))).toThrow(RangeError);
    expect(memberCounts(3, 600, new Random(1))).toEqual([200, 200, 200]);
    expect(memberCounts(5, 0, new Random(1))).toEqual([0, 0, 0, 0, 0]);
  });

  it('When clusters are generated, then every one is valid registration input with a valid location and dates before the base date', () => {
    const clusters = generateSyntheticClusters({ ...small, seed: 11 });

    for (const c of clusters) {
      const parsed = registerClusterInput.safeParse(c.input);
      expect(parsed.error?.issues ?? [], c.id).toEqual([]);
      if (c.input.location) {
        expect(Math.abs(c.input.location.lat)).toBeLessThanOrEqual(90);
        expect(Math.abs(c.input.location.lng)).toBeLessThanOrEqual(180);
      }
      expect(new Date(c.publishedAt).getTime()).toBeLessThanOrEqual(SYNTHETIC_BASE_DATE.getTime());
      expect(new Date(c.createdAt).getTime()).toBeLessThan(new Date(c.publishedAt).getTime());
      if (c.input.founded != null) expect(c.input.founded).toBeGreaterThanOrEqual(1990);
    }
  });

  it('When clusters are generated, then all 21 economies, Cyrillic, CJK and accented names, memberships and varied completeness appear', () => {
    const clusters = generateSyntheticClusters({ ...small, seed: 5 });
    const names = clusters.flatMap((c) => Object.values(c.input.name as Record<string, string>));
    const completeness = clusters.map((c) =>
      completenessOf(registerClusterInput.parse(c.input) as unknown as Parameters<typeof completenessOf>[0]),
    );

    expect(new Set(clusters.map((c) => c.input.economyCode))).toEqual(
      new Set(referenceEconomies().map((e) => e.code)),
    );
    expect(clusters.filter((c) => c.input.economyCode === 'RU').every((c) => c.input.name.ru)).toBe(true);
    expect(clusters.some((c) => c.input.economyCode !== 'RU' && c.input.name.ru)).toBe(true);
    for (const script of [
      /\p{Script=Cyrillic}/u,
      /\p{Script=Han}/u,
      /\p{Script=Hiragana}|\p{Script=Katakana}/u,
      /\p{Script=Hangul}/u,
      /[áéíóúđăơư]/,
    ]) {
      expect(
        names.some((n) => script.test(n)),
        String(script),
      ).toBe(true);
    }
    expect(clusters.some((c) => (c.input.internationalMemberships?.length ?? 0) > 0)).toBe(true);
    expect(new Set(clusters.flatMap((c) => c.input.keyMembers?.map((m) => m.type) ?? [])).size).toBe(6);
    expect(Math.min(...completeness)).toBeLessThan(0.3);
    expect(Math.max(...completeness)).toBeGreaterThan(0.85);
  });

  it('When mulberry32 is seeded, then it repeats its stream and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1000 }, () => a());

    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
