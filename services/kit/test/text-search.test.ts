import { describe, expect, it } from 'vitest';
import { fold, haystack, matchesAll, matchScore, queryNeedles } from '../src/index.js';

const matches = (texts: string[], query: string) => matchScore(haystack(texts), queryNeedles(query)) > 0;

describe('free-text folding and matching', () => {
  it('When texts carry accents, ё or case, then they fold to plain lower-case letters', () => {
    expect(fold('Énergie Ñandú')).toBe('energie nandu');
    expect(fold('Ёлка ЙОД')).toBe('елка иод');
    expect(fold('Ｔｏｋｙｏ')).toBe('tokyo');
  });

  it('When a query word is the start of a word, then it matches; inside a word it does not', () => {
    expect(matches(['Petrochemical cluster'], 'petro')).toBe(true);
    expect(matches(['Petrochemical cluster'], 'chemical')).toBe(false);
  });

  it('When the query is Cyrillic with ё or without it, then both match the same text', () => {
    expect(matches(['Нефтехимический кластер Республики Татарстан'], 'нефтехим')).toBe(true);
    expect(matches(['Самолётостроение'], 'самолетостроение')).toBe(true);
    expect(matches(['Самолетостроение'], 'самолётостроение')).toBe(true);
  });

  it('When the query is CJK, then any part of the text matches, with no spaces needed', () => {
    expect(matches(['深圳新一代信息技术产业集群'], '信息技术')).toBe(true);
    expect(matches(['東京バイオクラスター'], 'バイオ')).toBe(true);
    expect(matches(['판교 테크노밸리'], '테크노')).toBe(true);
    expect(matches(['深圳新一代信息技术产业集群'], '汽车')).toBe(false);
  });

  it('When the query has accents and the text none (or the reverse), then they match', () => {
    expect(matches(['Clúster de Energía de Nuevo León'], 'energia leon')).toBe(true);
    expect(matches(['Cluster de Energia'], 'energía')).toBe(true);
    expect(matches(['Khu công nghệ cao Hòa Lạc'], 'hoa lac cong nghe')).toBe(true);
  });

  it('When one query word is missing, then nothing matches (every word must)', () => {
    expect(matches(['Kaluga pharmaceutical cluster'], 'kaluga aerospace')).toBe(false);
    expect(matchesAll(haystack(['Kaluga pharmaceutical cluster']), queryNeedles('kaluga aerospace'))).toBe(
      false,
    );
    expect(matchesAll(haystack(['Kaluga pharmaceutical cluster']), queryNeedles('pharma kal'))).toBe(true);
  });

  it('When the query holds operators or regex syntax, then they are plain text', () => {
    expect(matches(['Cluster'], '{"$ne": null}')).toBe(false);
    expect(matches(['Cluster'], '.*')).toBe(false);
    expect(queryNeedles('{"$gt": ""} .* $where')).toEqual([' gt', ' where']);
  });

  it('When a query repeats words or has more than 20, then each counts once and the rest are ignored', () => {
    expect(queryNeedles('bio Bio BIO')).toEqual([' bio']);
    const words = Array.from({ length: 25 }, (_, i) => `w${i}`);
    expect(queryNeedles(words.join(' '))).toEqual(words.slice(0, 20).map((w) => ` ${w}`));
  });

  it('When a whole word matches, then it scores above a prefix match', () => {
    const needles = queryNeedles('bio');
    expect(matchScore(haystack(['Bio cluster']), needles)).toBeGreaterThan(
      matchScore(haystack(['Biotech']), needles),
    );
  });

  it('When there are no texts, then the haystack is empty and nothing matches it', () => {
    expect(haystack([null, undefined, ''])).toBe('');
    expect(matchScore('', queryNeedles('bio'))).toBe(0);
  });
});
