// Builds the app into dist/, which collegiald serves at / (server/http/static_files.cpp).
// Everything under dist/assets/ is named by content hash: the server caches it as immutable.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: true,
  },
  server: {
    // `npm run dev` against a collegiald on its default port.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
