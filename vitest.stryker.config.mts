import { defineConfig } from 'vitest/config';

// The unit tests as Stryker runs them (stryker.config.json): every test file loads its modules afresh,
// so a mutant that acts when a module loads (a static mutant) is seen by the tests that run for it.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    pool: 'threads',
    isolate: true,
  },
});
