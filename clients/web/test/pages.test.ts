import { describe, expect, it } from 'vitest';
import indexHtml from '../index.html?raw';
import { injectMeta, profileMeta, SITE, sitemapXml } from '../server/pages.mjs';

// The meta tags a crawler sees for /clusters/<slug> (server/pages.mjs), built over the app's real index.html.
const origin = 'https://clusters.example';
const cluster = {
  slug: 'kazan-it',
  name: 'Kazan IT cluster',
  status: 'PUBLISHED',
  logoUrl: '/clusters/c1/logo?v=abc123',
  updatedAt: '2026-11-05T10:00:00Z',
  mission: { text: 'Grow   software\nexports.' },
  economy: { name: 'Russia' },
};

function head(html: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const meta = (key: string) =>
    doc.head.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content');
  return {
    doc,
    meta,
    title: doc.title,
    canonical: doc.head.querySelector('link[rel="canonical"]')?.getAttribute('href'),
  };
}

describe('profile meta tags', () => {
  it('When a published profile is rendered for a crawler, then title, description, og:* and canonical name it', () => {
    const page = head(injectMeta(indexHtml, profileMeta(cluster, origin)));
    expect(page.title).toBe(`Kazan IT cluster · ${SITE.shortTitle}`);
    expect(page.meta('description')).toBe('Grow software exports.');
    expect(page.meta('og:title')).toBe('Kazan IT cluster');
    expect(page.meta('og:description')).toBe('Grow software exports.');
    expect(page.meta('og:url')).toBe('https://clusters.example/clusters/kazan-it');
    expect(page.meta('og:image')).toBe('https://clusters.example/clusters/c1/logo?v=abc123');
    expect(page.meta('og:site_name')).toBe(SITE.title);
    expect(page.canonical).toBe('https://clusters.example/clusters/kazan-it');
    // One title and one description, and the app still boots from the same document.
    expect(page.doc.head.querySelectorAll('title, meta[name="description"]')).toHaveLength(2);
    expect(page.doc.querySelector('script[type="module"]')).not.toBeNull();
    expect(page.doc.getElementById('root')).not.toBeNull();
  });

  it('When the name holds markup and quotes, then it is escaped, not injected', () => {
    const hostile = { ...cluster, name: '"><script>alert(1)</script> & Co', mission: null, logoUrl: null };
    const html = injectMeta(indexHtml, profileMeta(hostile, origin));
    expect(html).not.toContain('<script>alert(1)</script>');
    const page = head(html);
    expect(page.title).toBe(`"><script>alert(1)</script> & Co · ${SITE.shortTitle}`);
    expect(page.meta('og:title')).toBe('"><script>alert(1)</script> & Co');
    expect(page.meta('og:image')).toBeUndefined();
    // Without a mission the description names the economy.
    expect(page.meta('description')).toContain('a cluster of Russia');
  });

  it('When the mission is long, then the description is clipped at a word to at most 200 characters', () => {
    const long = { ...cluster, mission: { text: 'Robotics and automation '.repeat(20) } };
    const { description } = profileMeta(long, origin);
    expect(description.length).toBeLessThanOrEqual(200);
    expect(description.endsWith('…')).toBe(true);
    expect(description).not.toMatch(/\s…$/);
  });

  it('When tags are injected twice, then each stands once', () => {
    const meta = profileMeta(cluster, origin);
    const page = head(injectMeta(injectMeta(indexHtml, meta), meta));
    expect(page.doc.head.querySelectorAll('meta[property="og:title"]')).toHaveLength(1);
    expect(page.doc.head.querySelectorAll('link[rel="canonical"]')).toHaveLength(1);
  });
});

describe('sitemap', () => {
  it('lists the public pages, the economies and the profiles with their last change, escaped', () => {
    const xml = sitemapXml(origin, {
      clusters: [cluster, { slug: 'a&b', updatedAt: null }],
      economies: ['RU', 'VN'],
    });
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const locs = [...doc.querySelectorAll('url > loc')].map((l) => l.textContent);
    expect(locs).toEqual([
      'https://clusters.example/',
      'https://clusters.example/map',
      'https://clusters.example/registry',
      'https://clusters.example/economies',
      'https://clusters.example/kpis',
      'https://clusters.example/economies/RU',
      'https://clusters.example/economies/VN',
      'https://clusters.example/clusters/kazan-it',
      'https://clusters.example/clusters/a%26b',
    ]);
    expect(xml).toContain(
      '<loc>https://clusters.example/clusters/kazan-it</loc><lastmod>2026-11-05</lastmod>',
    );
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });
});
