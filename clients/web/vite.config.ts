import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

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

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy },
  // The manifest lets bench/web.mjs add up each route's chunks.
  build: { sourcemap: false, manifest: true },
  test: {
    environment: 'happy-dom',
    setupFiles: ['test/setup.ts'],
    include: ['test/**/*.test.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
  },
});
