import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The roilens dashboard. Built from the repository root with
 * `vite build --config web/vite.config.ts` into web/dist, which the server
 * serves at `/`. `vite --config web/vite.config.ts` runs it in development
 * against a server on :8080 (override with ROILENS_API).
 */
const api = process.env.ROILENS_API ?? 'http://localhost:8080';

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/v1': api, '/health': api, '/docs': api } },
});
