import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, type ServiceRoute, sendJson } from '@ccp/kit';
import { economyCode } from '../domain/content-input.js';
import { newsFeed } from '../domain/news-feed.js';
import type { PublicationDeps } from '../domain/publications.js';

/** Public: feed readers carry no token. The gateway serves it to the world as `/feeds/news.atom`. */
export const NEWS_FEED_PATH = '/public/feeds/news.atom';

/** Whether an If-None-Match header names this ETag (weak or strong, or `*`). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** `GET|HEAD /public/feeds/news.atom[?economy=XX]`: the Atom feed of the latest published news. */
export function newsFeedRoutes(deps: PublicationDeps, publicUrl: string): Record<string, ServiceRoute> {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, {
        errors: [
          { message: `${req.method} is not supported here`, extensions: { code: 'METHOD_NOT_ALLOWED' } },
        ],
      });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const asked = url.searchParams.get('economy');
    let economy: string | null = null;
    if (asked !== null) {
      const parsed = economyCode.safeParse(asked);
      if (!parsed.success) {
        const message = 'Invalid economy: is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)';
        return sendJson(res, 400, {
          errors: [{ message, extensions: { code: ErrorCode.BadUserInput, field: 'economy' } }],
        });
      }
      economy = parsed.data;
    }
    const xml = await newsFeed(deps, publicUrl, economy);
    const caching = {
      // Readers poll: a few minutes of caching spares the database and delays news only slightly.
      'cache-control': 'public, max-age=300',
      // The same feed reads the same bytes (its `updated` is the newest entry's), so its hash tells readers it is unchanged.
      etag: `"${createHash('sha256').update(xml).digest('hex').slice(0, 32)}"`,
    };
    if (etagMatches(req.headers['if-none-match'], caching.etag)) {
      res.writeHead(304, caching).end();
      return;
    }
    res.writeHead(200, {
      ...caching,
      'content-type': 'application/atom+xml; charset=utf-8',
      'content-length': String(Buffer.byteLength(xml)),
    });
    res.end(req.method === 'HEAD' ? undefined : xml);
  }
  return { [NEWS_FEED_PATH]: { public: true, handle } };
}
