import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { createPagesHandler } from './server/pages.mjs';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
const port = Number(process.env.WEB_PORT ?? 5173);

// The browser only ever talks to its own origin; the gateway stays behind the proxy, so no CORS setup.
// Everything the gateway serves over plain HTTP that the pages use (see gateway/src/http.ts): GraphQL (with its
// WebSocket upgrade and the SSE stream at /graphql/stream), the /auth cookie routes, cluster logos, the monitoring
// report and the news feed. A key starting with ^ is a regular expression: /clusters/<slug> itself is a page.
const proxy = {
  '/graphql': { target: gateway, changeOrigin: true, ws: true },
  '/auth': { target: gateway, changeOrigin: true },
  '^/clusters/[^/]+/logo(\\?.*)?$': { target: gateway, changeOrigin: true },
  '/reports/': { target: gateway, changeOrigin: true },
  '/feeds/': { target: gateway, changeOrigin: true },
};

/**
 * /sitemap.xml and /clusters/<slug> with the profile's meta tags in the HTML, for crawlers that run no script
 * (server/pages.mjs, decision §30): in dev over the transformed index.html, in preview over the built one.
 */
function pages(): Plugin {
  const publicOrigin = process.env.PUBLIC_ORIGIN;
  return {
    name: 'ccp-pages',
    configureServer(server) {
      const indexHtml = async (url = '/') =>
        server.transformIndexHtml(url, await readFile(join(server.config.root, 'index.html'), 'utf8'));
      server.middlewares.use(createPagesHandler({ gatewayUrl: gateway, publicOrigin, indexHtml }));
    },
    configurePreviewServer(server) {
      const index = resolve(server.config.root, server.config.build.outDir, 'index.html');
      const indexHtml = () => readFile(index, 'utf8');
      server.middlewares.use(createPagesHandler({ gatewayUrl: gateway, publicOrigin, indexHtml }));
    },
  };
}

/**
 * A Mapbox token set for the map (docs/web.md, decision §33) is built into the client, so every visitor gets it: it
 * must be a public token (pk.…), never a secret one (sk.…), which the build refuses.
 */
function mapboxToken(): Plugin {
  return {
    name: 'ccp-mapbox-token',
    configResolved(config) {
      const token = String(config.env.VITE_MAPBOX_TOKEN ?? '').trim();
      if (token.startsWith('sk.')) {
        throw new Error(
          "VITE_MAPBOX_TOKEN is a secret Mapbox token (sk.…); the web client ships it to every browser: use a public token (pk.…), restricted to the site's URLs",
        );
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), pages(), mapboxToken()],
  server: { host: '127.0.0.1', port, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy },
  // The manifest lets bench/web.mjs add up each route's chunks.
  build: { sourcemap: false, manifest: true },
  // GraphiQL's worker setup imports monaco's workers with `?worker`, which the dev dependency optimizer cannot
  // bundle (it stopped `vite` dev): serve those packages as they are.
  optimizeDeps: { exclude: ['graphiql/setup-workers/vite', '@graphiql/react/setup-workers/vite'] },
  test: {
    environment: 'happy-dom',
    setupFiles: ['test/setup.ts'],
    include: ['test/**/*.test.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
  },
});
