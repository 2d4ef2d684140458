import { defineConfig } from 'vitest/config';

// The browser tests (test/e2e): one real Portico server for the whole run (global setup), the
// files one after another against it, each with its own headless Chromium. `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Starting the server (and building the UI) happens in the global setup, which has no limit
    // here; E2E_SERVER_TIMEOUT_MS bounds the wait for /api/health.
    teardownTimeout: 60_000,
  },
});
