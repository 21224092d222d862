/**
 * Builds the web app into dist/web, where `parley serve` serves it. In development,
 * `npx vite --config web/vite.config.ts` serves it with hot reload and forwards /api to a
 * `parley serve` running on its default port.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webFolder = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webFolder,
  base: './',
  plugins: [react()],
  // The library's code as `@parley/core/…`, `@parley/report/…` (web/tsconfig.json's paths; web/resolve-alias.cjs for the layering checker).
  resolve: { alias: [{ find: /^@parley\//, replacement: fileURLToPath(new URL('../src/', import.meta.url)) }] },
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': 'http://127.0.0.1:4173' },
  },
});
