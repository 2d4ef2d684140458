import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// One build for the portal (/portal) and the staff console (/staff), served by the Portico server
// (src/http/web-ui.ts) from dist/web. `npm run dev:web` serves it with live reload on :5173 and
// sends /api to a Portico server on :3000 (PORTICO_API to change that).
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  publicDir: false,
  // React's automatic JSX runtime, compiled by esbuild: no Babel plugin needed.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      onwarn(warning, warn) {
        // React Query marks its modules "use client" for server components; a client build ignores it.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'SOURCEMAP_ERROR') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': process.env.PORTICO_API ?? 'http://localhost:3000' },
  },
});
