import { defineConfig } from 'vitest/config';

// The fast, unit-level self tests (checks, generators, redaction, matching, replay paths): seconds on
// their own, so a developer and Stryker run them per change. Tests that run the gate against servers
// stay under Playwright in tests/self.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // The tests share nothing but read-only modules: threads start faster than forked processes.
    pool: 'threads',
  },
});
