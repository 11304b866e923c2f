import { describe, expect, it } from 'vitest';
import {
  isSpecializationCode,
  referenceSpecializations,
  specializationByCode,
  specializationLabels,
  specializationScope,
} from '../src/index.js';

describe('the specialization taxonomy', () => {
  it('When the taxonomy is read, then every parent comes before its children and every code has labels and ISIC codes', () => {
    const list = referenceSpecializations();
    const seen = new Set<string>();
    for (const s of list) {
      if (s.parent) expect(seen.has(s.parent)).toBe(true);
      seen.add(s.code);
      expect(s.name.en && s.name.ru).toBeTruthy();
      expect(s.isic.length).toBeGreaterThan(0);
    }
    expect(seen.size).toBe(list.length);
  });

  it('When a code is checked, then only codes of the taxonomy pass', () => {
    expect(isSpecializationCode('aerospace.aviation')).toBe(true);
    expect(isSpecializationCode('aerospace')).toBe(true);
    expect(isSpecializationCode('astrology')).toBe(false);
    expect(specializationByCode('aerospace.aviation')).toMatchObject({
      parent: 'aerospace',
      isic: ['C303', 'H51'],
    });
  });

  it('When codes are scoped, then each brings its parent along and unknown codes stay as they are', () => {
    expect([...specializationScope(['aerospace.aviation', 'astrology', 'aerospace'])]).toEqual([
      'aerospace.aviation',
      'aerospace',
      'astrology',
    ]);
  });

  it('When codes are labelled, then known ones give their English and Russian names and unknown ones nothing', () => {
    expect(specializationLabels(['aerospace.aviation', 'astrology'])).toEqual([
      'Aviation and aircraft building',
      'Авиастроение',
    ]);
  });
});
