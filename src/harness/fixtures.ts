import { test as base } from '@playwright/test';
import { Gate } from './gate';

/** One Gate per worker: the contract is loaded and every schema compiled once, and the target closed after. */
export const test = base.extend<object, { gate: Gate }>({
  gate: [
    async ({}, use) => {
      const gate = Gate.fromEnvironment();
      await use(gate);
      await gate.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
