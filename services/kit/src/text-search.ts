/**
 * Free-text matching without `$text`: a record's searchable texts are folded once into a "haystack" of words,
 * and a query matches when each of its words is found there.
 *
 * Folding: Unicode compatibility decomposition, combining marks dropped (é → e, ё → е, й → и), lower case.
 * Words are runs of letters and digits. A query word matches a prefix of a word ("petro" → "petrochemical");
 * one with CJK characters (no spaces between words in those scripts) matches any part of the text.
 */

const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Query words beyond this many are ignored. */
const MAX_QUERY_WORDS = 20;

export function fold(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

/** The folded words of the texts, each after a space, so ` word` finds a word prefix. */
export function haystack(texts: Iterable<string | null | undefined>): string {
  const words: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const word of fold(text).split(NOT_WORD)) if (word) words.push(word);
  }
  return words.length ? ` ${words.join(' ')}` : '';
}

/** What to look for in a haystack for each word of a query (at most 20 words, duplicates dropped). */
export function queryNeedles(query: string): string[] {
  const words = new Set<string>();
  for (const word of fold(query).split(NOT_WORD)) if (word) words.add(word);
  return [...words].slice(0, MAX_QUERY_WORDS).map((word) => (CJK.test(word) ? word : ` ${word}`));
}

export const matchesAll = (hay: string, needles: readonly string[]): boolean =>
  needles.every((needle) => hay.includes(needle));

/** How well a haystack matches every needle: 0 when one is missing, else 2 per whole-word hit and 1 per prefix hit. */
export function matchScore(hay: string, needles: readonly string[]): number {
  let score = 0;
  for (const needle of needles) {
    const at = hay.indexOf(needle);
    if (at < 0) return 0;
    const end = at + needle.length;
    score += end === hay.length || hay.charCodeAt(end) === 32 ? 2 : 1;
  }
  return score;
}
