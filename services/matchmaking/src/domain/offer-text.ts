/**
 * Free text over offers without `$text`: an offer's texts are folded once into a haystack of words, and a
 * query matches when every one of its words starts a word of the haystack (any part of it for CJK, written
 * without spaces). Folding: compatibility decomposition, combining marks dropped (é → e, ё → е), lower case.
 */

const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

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
  return [...words].slice(0, 20).map((word) => (CJK.test(word) ? word : ` ${word}`));
}

export const matchesAll = (hay: string, needles: readonly string[]) =>
  needles.every((needle) => hay.includes(needle));
