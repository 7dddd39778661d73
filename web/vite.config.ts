import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard builds into dist/web, which `skywatch serve` serves at `/` (same origin as the API).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:7878', '/healthz': 'http://127.0.0.1:7878' } },
});
