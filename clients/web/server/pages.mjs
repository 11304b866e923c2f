#!/usr/bin/env node
// Pages for crawlers that run no script (decision §30): `/sitemap.xml` (the published clusters' profiles, the
// economy pages and the public pages) and `/clusters/<slug>` as the app's index.html with that profile's title,
// description, Open Graph tags and canonical link already in its <head>. Everything comes from the gateway's public
// GraphQL API as a visitor sees it, so a draft is never listed or described.
//
// One module, three hosts: vite.config.ts mounts `createPagesHandler` in `vite` (dev) and `vite preview`
// (`npm start`), and docker-compose runs this file as the `web-pages` process behind nginx:
//   GATEWAY_URL=http://gateway:4000 WEB_DIST=clients/web/dist PORT=4010 node clients/web/server/pages.mjs
// Plain Node ESM without dependencies, so the runtime image runs it as it is.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shell's own texts (src/features/shell/messages.ts, English): the title suffix and the fallback description. */
export const SITE = {
  title: 'APEC Cluster Collaboration Platform',
  shortTitle: 'APEC Clusters',
  description: 'Clusters of the 21 APEC economies, and the cooperation between them.',
};
/** The pages every sitemap lists besides the profiles and economies. */
export const PUBLIC_PAGES = ['/', '/map', '/registry', '/economies', '/kpis'];
/** The sitemap protocol's limit of URLs in one file. */
export const SITEMAP_MAX_URLS = 50_000;
const PROFILE_PATH = /^\/clusters\/([^/?#]+)\/?$/;
const DESCRIPTION_MAX = 200;

const META_QUERY = `query PageMeta($slug: String!) {
  cluster(slug: $slug) { slug status name(locale: "en") logoUrl updatedAt mission { text(locale: "en") } economy { name(locale: "en") } }
}`;
const SITEMAP_QUERY = `query Sitemap($after: String) {
  clusters(first: 200, after: $after) { nodes { slug updatedAt } pageInfo { hasNextPage endCursor } }
  economies { code }
}`;

const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text as it may stand in HTML or XML, in an element or a quoted attribute. */
export const escapeMarkup = (text) => String(text).replace(/[&<>"']/g, (c) => escapes[c]);

function clip(text, max) {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/**
 * The head tags of a published cluster's profile page, as the page itself sets them once it runs (usePageMeta):
 * title "<name> · APEC Clusters", the mission as description (else a sentence naming the economy), og:* and the
 * canonical address. `origin` is the site's public origin, e.g. https://clusters.apec.org.
 */
export function profileMeta(cluster, origin) {
  const url = `${origin}/clusters/${encodeURIComponent(cluster.slug)}`;
  const mission = cluster.mission?.text?.trim();
  const description = clip(
    mission ||
      `${cluster.name}: a cluster of ${cluster.economy?.name ?? 'an APEC economy'} on the ${SITE.title}.`,
    DESCRIPTION_MAX,
  );
  return {
    title: `${cluster.name} · ${SITE.shortTitle}`,
    description,
    canonical: url,
    og: {
      'og:title': cluster.name,
      'og:description': description,
      'og:type': 'website',
      'og:url': url,
      'og:site_name': SITE.title,
      ...(cluster.logoUrl ? { 'og:image': new URL(cluster.logoUrl, origin).href } : {}),
    },
  };
}

/**
 * index.html with these head tags: its <title> and description replaced, the Open Graph tags and the canonical
 * link added before </head> (any the page already had are dropped first).
 */
export function injectMeta(html, meta) {
  const tags = [
    `<link rel="canonical" href="${escapeMarkup(meta.canonical)}" />`,
    ...Object.entries(meta.og).map(
      ([property, content]) => `<meta property="${property}" content="${escapeMarkup(content)}" />`,
    ),
  ];
  return html
    .replace(/<title>[\s\S]*?<\/title>/, `<title>${escapeMarkup(meta.title)}</title>`)
    .replace(
      /<meta\s+name="description"[^>]*>/,
      `<meta name="description" content="${escapeMarkup(meta.description)}" />`,
    )
    .replace(/\s*<meta\s+property="og:[^"]*"[^>]*>|\s*<link\s+rel="canonical"[^>]*>/g, '')
    .replace('</head>', `    ${tags.join('\n    ')}\n  </head>`);
}

/** The sitemap of the public pages, the economy pages and the clusters' profiles (at most 50,000 URLs). */
export function sitemapXml(origin, { clusters, economies }) {
  const entries = [
    ...PUBLIC_PAGES.map((path) => ({ loc: `${origin}${path}` })),
    ...economies.map((code) => ({ loc: `${origin}/economies/${encodeURIComponent(code)}` })),
    ...clusters.map((c) => ({
      loc: `${origin}/clusters/${encodeURIComponent(c.slug)}`,
      lastmod: c.updatedAt ? new Date(c.updatedAt).toISOString().slice(0, 10) : undefined,
    })),
  ].slice(0, SITEMAP_MAX_URLS);
  const urls = entries.map(
    ({ loc, lastmod }) =>
      `  <url><loc>${escapeMarkup(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** The site's public origin: PUBLIC_ORIGIN when configured, else what the request was addressed to. */
function originOf(req, publicOrigin) {
  if (publicOrigin) return publicOrigin.replace(/\/+$/, '');
  const proto = String(req.headers['x-forwarded-proto'] ?? 'http')
    .split(',')[0]
    .trim();
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost')
    .split(',')[0]
    .trim();
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

/**
 * A connect-style handler (req, res, next) for GET and HEAD of `/sitemap.xml` and `/clusters/<slug>`; every other
 * request goes to `next`. `indexHtml(url)` gives the app's index.html; the gateway is asked as a visitor (the
 * caller's address travels in X-Forwarded-For, for the gateway's rate limits). When the gateway cannot answer, the
 * profile page is the plain index.html (the app still works) and the sitemap a 503.
 */
export function createPagesHandler({
  gatewayUrl,
  indexHtml,
  publicOrigin,
  timeoutMs = 5_000,
  sitemapTtlMs = 60_000,
}) {
  const graphqlUrl = new URL('/graphql', gatewayUrl).href;
  let sitemapCache;

  async function gql(req, query, variables) {
    const forwarded = [req.headers['x-forwarded-for'], req.socket?.remoteAddress].filter(Boolean).join(', ');
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwarded ? { 'x-forwarded-for': forwarded } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.json();
    if (!res.ok || body.errors?.length) {
      throw new Error(`gateway answered ${res.status}: ${body.errors?.[0]?.message ?? 'no data'}`);
    }
    return body.data;
  }

  function send(req, res, status, type, body, cache) {
    res.statusCode = status;
    res.setHeader('content-type', type);
    res.setHeader('cache-control', cache);
    res.setHeader('x-content-type-options', 'nosniff');
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function sitemap(req, res) {
    if (!sitemapCache || sitemapCache.expires < Date.now()) {
      const clusters = [];
      let economies = [];
      let after = null;
      do {
        const data = await gql(req, SITEMAP_QUERY, { after });
        clusters.push(...data.clusters.nodes);
        economies = data.economies.map((e) => e.code);
        after = data.clusters.pageInfo.hasNextPage ? data.clusters.pageInfo.endCursor : null;
      } while (after && clusters.length < SITEMAP_MAX_URLS);
      sitemapCache = { data: { clusters, economies }, expires: Date.now() + sitemapTtlMs };
    }
    send(
      req,
      res,
      200,
      'application/xml; charset=utf-8',
      sitemapXml(originOf(req, publicOrigin), sitemapCache.data),
      'public, max-age=300',
    );
  }

  async function profile(req, res, slug) {
    const html = await indexHtml(req.url);
    let cluster;
    try {
      cluster = (await gql(req, META_QUERY, { slug })).cluster;
    } catch {
      // The page still works without its meta tags: the app asks the gateway itself.
      return send(req, res, 200, 'text/html; charset=utf-8', html, 'no-cache');
    }
    // No such profile for a visitor: the app shows its not-found message, the crawler gets the status to match.
    if (!cluster) return send(req, res, 404, 'text/html; charset=utf-8', html, 'no-cache');
    // Only published profiles are described (and listed); an archived one a visitor may still open is left plain.
    if (cluster.status !== 'PUBLISHED')
      return send(req, res, 200, 'text/html; charset=utf-8', html, 'no-cache');
    send(
      req,
      res,
      200,
      'text/html; charset=utf-8',
      injectMeta(html, profileMeta(cluster, originOf(req, publicOrigin))),
      'no-cache',
    );
  }

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    let work;
    if (pathname === '/sitemap.xml') work = sitemap(req, res);
    else {
      const match = PROFILE_PATH.exec(pathname);
      if (!match) return next();
      let slug;
      try {
        slug = decodeURIComponent(match[1]);
      } catch {
        return next();
      }
      work = profile(req, res, slug);
    }
    work.catch((err) => {
      if (res.headersSent) return res.destroy(err);
      send(
        req,
        res,
        503,
        'text/plain; charset=utf-8',
        'The sitemap is unavailable right now; try again shortly.\n',
        'no-store',
      );
    });
  };
}

/** The standalone server (docker-compose's `web-pages`): the handler over the built index.html; 404 otherwise. */
export function startPagesServer({ port, host, gatewayUrl, distDir, publicOrigin }) {
  const index = join(distDir, 'index.html');
  const handler = createPagesHandler({ gatewayUrl, publicOrigin, indexHtml: () => readFile(index, 'utf8') });
  const server = createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('not found\n');
    }),
  );
  return new Promise((done) => server.listen(port, host, () => done(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const server = await startPagesServer({
    port: Number(process.env.PORT ?? 4010),
    host: process.env.HOST ?? '127.0.0.1',
    gatewayUrl: process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000',
    distDir: resolve(process.env.WEB_DIST ?? join(here, '..', 'dist')),
    publicOrigin: process.env.PUBLIC_ORIGIN,
  });
  const { address, port } = server.address();
  console.log(JSON.stringify({ msg: 'web pages listening', address, port }));
  for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
}
