// The gate opens no browser: Playwright's base test type, without the browser fixtures that `test`
// sets up and tears down around every test (about 10 ms a test, most of it capturing stacks).
import { _baseTest as base } from '@playwright/test';
import { SuiteInputError } from '../contract/errors';
import { Gate, leftBehindLines } from './gate';
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
 * Teardown revokes every key and deletes everything else the run created, also when tests failed, and
 * fails the run naming anything it could not remove.
 */
export const test = base.extend<object, { gate: Gate }>({
  gate: [
    async ({}, use) => {
      const gate = workerGate();
      await gate.start();
      await use(gate);
      const left = leftBehindLines(await gate.cleanup());
      await gate.close();
      if (left.length > 0) throw new Error(gate.redactor.redact(left.join('\n')));
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
