import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by `ironworks serve` from web/dist on the API's own port.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8484' } },
});
