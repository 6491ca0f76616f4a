import { defineConfig } from '@playwright/test';

// The project's own tests: generators, checks, reporting, and the gate run against test servers.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  timeout: 120_000,
});
