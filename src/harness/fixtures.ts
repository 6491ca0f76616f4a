import { test as base } from '@playwright/test';
import { Gate } from './gate';

/**
 * One Gate per worker: the contract is loaded and every schema compiled once. Teardown revokes every
 * key the run created, also when tests failed, and fails the run naming any it could not revoke.
 */
export const test = base.extend<object, { gate: Gate }>({
  gate: [
    async ({}, use) => {
      const gate = Gate.fromEnvironment();
      await gate.start();
      await use(gate);
      const left = await gate.cleanup();
      await gate.close();
      if (left.length > 0) {
        const named = left.map((k) => `${k.id} (${k.keyPrefix})`).join(', ');
        throw new Error(gate.redactor.redact(`all_keys_revoked: ${left.length} key(s) created by this run could not be revoked: ${named}`));
      }
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
