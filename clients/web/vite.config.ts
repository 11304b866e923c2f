import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
const port = Number(process.env.WEB_PORT ?? 5173);

// The browser only ever talks to its own origin; the gateway stays behind the proxy, so no CORS setup.
const proxy = {
  '/graphql': { target: gateway, changeOrigin: true, ws: true },
  '/auth': { target: gateway, changeOrigin: true },
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
