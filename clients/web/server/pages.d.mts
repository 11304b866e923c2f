// Types of pages.mjs (plain Node ESM, so the runtime image runs it without a build).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface ClusterFacts {
  slug: string;
  name: string;
  status?: string;
  logoUrl?: string | null;
  updatedAt?: string | null;
  mission?: { text?: string | null } | null;
  economy?: { name?: string | null } | null;
}
export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  og: Record<string, string>;
}
export const SITE: { title: string; shortTitle: string; description: string };
export const PUBLIC_PAGES: readonly string[];
export const SITEMAP_MAX_URLS: number;
export function escapeMarkup(text: string): string;
export function profileMeta(cluster: ClusterFacts, origin: string): PageMeta;
export function injectMeta(html: string, meta: PageMeta): string;
export function sitemapXml(
  origin: string,
  listing: { clusters: Array<{ slug: string; updatedAt?: string | null }>; economies: string[] },
): string;
export function createPagesHandler(options: {
  gatewayUrl: string;
  indexHtml(url: string | undefined): Promise<string>;
  publicOrigin?: string;
  timeoutMs?: number;
  sitemapTtlMs?: number;
}): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
export function startPagesServer(options: {
  port: number;
  host: string;
  gatewayUrl: string;
  distDir: string;
  publicOrigin?: string;
}): Promise<Server>;
