import { defineConfig } from 'vitest/config';

// The unit tests as Stryker runs them (stryker.config.json): every test file loads its modules afresh,
// so a mutant that acts when a module loads (a static mutant) is seen by the tests that run for it.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // It reads the source's text, which Stryker's sandbox holds instrumented: it kills no mutant.
    exclude: ['tests/unit/mutation-equivalents.test.ts'],
    pool: 'threads',
    isolate: true,
  },
});
