import { defineConfig } from 'vitest/config';

// The fast, unit-level self tests (checks, generators, redaction, matching, replay paths): seconds on
// their own, so a developer and Stryker run them per change. Tests that run the gate against servers
// stay under Playwright in tests/self.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    pool: 'threads',
    // The test files share read-only modules (the contract, compiled once): loading them once per
    // worker, not once per file, takes the run from about 13 s to about 5 s.
    isolate: false,
  },
});
