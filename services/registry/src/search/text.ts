/**
 * Free-text matching without `$text`: every searchable text of a cluster is folded once into a "haystack"
 * of words, and a query matches when each of its terms is found there.
 *
 * Folding: Unicode compatibility decomposition, combining marks dropped (é → e, ё → е, й → и), lower case.
 * Words are runs of letters and digits. A term matches a prefix of a word ("petro" → "petrochemical");
 * a term with CJK characters (no spaces between words in those scripts) matches any part of the text.
 */

const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function fold(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

/** The words of a text, folded; the haystack is them joined by single spaces with a leading space. */
export function haystack(texts: Iterable<string | null | undefined>): string {
  const words: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const word of fold(text).split(NOT_WORD)) if (word) words.push(word);
  }
  return words.length ? ` ${words.join(' ')}` : '';
}

export interface QueryTerm {
  /** What to look for in a haystack. */
  needle: string;
}

/** The terms of a query (at most 20; duplicates dropped). */
export function queryTerms(query: string): QueryTerm[] {
  const terms = new Set<string>();
  for (const word of fold(query).split(NOT_WORD)) if (word) terms.add(word);
  return [...terms].slice(0, 20).map((word) => ({ needle: CJK.test(word) ? word : ` ${word}` }));
}

/** How well a haystack matches every term: 0 when a term is missing, else the number of term hits (≥ 1 each). */
export function matchScore(hay: string, terms: QueryTerm[]): number {
  let score = 0;
  for (const { needle } of terms) {
    const at = hay.indexOf(needle);
    if (at < 0) return 0;
    // A whole-word hit counts more than a prefix hit.
    const end = at + needle.length;
    score += end === hay.length || hay.charCodeAt(end) === 32 ? 2 : 1;
  }
  return score;
}
