import { referenceEconomies } from '@ccp/kit';
import type { PublicationRecord } from '../model/publication.js';
import { type PublicationDeps, latestNews } from './publications.js';

/** At most this many entries: feed readers poll, and the newest are what they want. */
export const FEED_ENTRIES = 50;
const PLATFORM = 'APEC Cluster Collaboration Platform';
/** Tag URIs (RFC 4151) stay the feed's identity wherever the platform is hosted. */
const FEED_ID = 'tag:apec-ccp.org,2025:feeds/news';

/** Characters XML 1.0 does not allow at all (controls, lone surrogates, U+FFFE/U+FFFF) are dropped, not escaped. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const element = (name: string, value: string, attributes = '') =>
  `<${name}${attributes}>${xmlEscape(value)}</${name}>`;
const attr = (name: string, value: string) => ` ${name}="${xmlEscape(value)}"`;

/** A summary for readers when the author gave none: the body's first words. */
function summaryOf(p: PublicationRecord): string {
  if (p.summary) return p.summary;
  const plain = p.body.replace(/\s+/g, ' ').trim();
  return plain.length > 300 ? `${plain.slice(0, 299)}…` : plain;
}

function entry(p: PublicationRecord, publicUrl: string, economyNames: Map<string, string>): string {
  const categories = [
    ...p.economies.map(
      (code) =>
        `<category${attr('term', code)}${attr('scheme', `${publicUrl}/economies`)}${attr('label', economyNames.get(code) ?? code)}/>`,
    ),
    ...p.specializations.map(
      (code) => `<category${attr('term', code)}${attr('scheme', `${publicUrl}/specializations`)}/>`,
    ),
  ];
  return [
    `<entry${attr('xml:lang', p.language)}>`,
    element('id', `urn:uuid:${p.id}`),
    element('title', p.title, attr('type', 'text')),
    element('updated', p.updatedAt),
    ...(p.publishedAt ? [element('published', p.publishedAt)] : []),
    element('summary', summaryOf(p), attr('type', 'text')),
    `<link${attr('rel', 'alternate')}${attr('type', 'text/html')}${attr('hreflang', p.language)}${attr('href', `${publicUrl}/publications/${encodeURIComponent(p.id)}`)}/>`,
    // Authors are platform users whose names the API does not publish: the platform stands as the author.
    `<author>${element('name', PLATFORM)}</author>`,
    ...categories,
    '</entry>',
  ].join('\n');
}

/**
 * The Atom 1.0 feed of the latest published news (all economies, or those tagged with one), newest first.
 * `updated` is the newest entry's change, so an unchanged feed reads the same every time.
 */
export async function newsFeed(
  deps: PublicationDeps,
  publicUrl: string,
  economy: string | null,
): Promise<string> {
  const news = await latestNews(deps, economy, FEED_ENTRIES);
  const names = new Map(referenceEconomies().map((e) => [e.code, e.name.en]));
  const query = economy ? `?economy=${economy}` : '';
  // ISO 8601 strings in UTC sort as the dates they name.
  const updated =
    news
      .map((p) => p.updatedAt)
      .sort()
      .at(-1) ?? new Date(0).toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed${attr('xmlns', 'http://www.w3.org/2005/Atom')}${attr('xml:lang', 'en')}>`,
    element('id', economy ? `${FEED_ID}:${economy}` : FEED_ID),
    element('title', economy ? `${PLATFORM}: news of ${names.get(economy) ?? economy}` : `${PLATFORM}: news`),
    element('updated', updated),
    `<link${attr('rel', 'self')}${attr('type', 'application/atom+xml')}${attr('href', `${publicUrl}/feeds/news.atom${query}`)}/>`,
    `<link${attr('rel', 'alternate')}${attr('type', 'text/html')}${attr('href', economy ? `${publicUrl}/economies/${economy}` : publicUrl)}/>`,
    `<author>${element('name', PLATFORM)}</author>`,
    element('generator', PLATFORM),
    ...news.map((p) => entry(p, publicUrl, names)),
    '</feed>',
    '',
  ].join('\n');
}
