import { defineConfig } from 'vitest/config';

// The unit tests as Stryker runs them (stryker.config.json): every test file loads its modules afresh,
// so a mutant that acts when a module loads (a static mutant) is seen by the tests that run for it.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // They read the source's text, which Stryker's sandbox holds instrumented (longer, marked): they kill no mutant.
    exclude: ['tests/unit/mutation-equivalents.test.ts', 'tests/unit/architecture.test.ts'],
    pool: 'threads',
    isolate: true,
  },
});
