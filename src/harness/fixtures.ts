import { test as base } from '@playwright/test';
import { SuiteInputError } from '../contract/errors';
import { Gate } from './gate';

/** The worker's Gate: the spec declares its tests from it and the fixture runs them with it. */
export function workerGate(): Gate {
  try {
    return Gate.forThisProcess();
  } catch (error) {
    // playwright.config.ts reports bad input as one line before any worker starts; here it is only a safety net.
    if (error instanceof SuiteInputError) throw new Error(error.message);
    throw error;
  }
}

/**
 * Teardown revokes every key the run created, also when tests failed, and fails the run naming any it
 * could not revoke.
 */
export const test = base.extend<object, { gate: Gate }>({
  gate: [
    async ({}, use) => {
      const gate = workerGate();
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
