import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Built into dist/ and served by the collector at /dashboard/ (same origin as the API it reads).
// `pnpm --filter @touchmap/dashboard dev` proxies the API to a collector on 127.0.0.1:8787.
export default defineConfig({
  base: '/dashboard/',
  plugins: [preact()],
  build: { target: 'es2022', sourcemap: true },
  server: { proxy: { '/v1': 'http://127.0.0.1:8787', '/overlay': 'http://127.0.0.1:8787' } },
});
