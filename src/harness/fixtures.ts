// The gate opens no browser: Playwright's base test type, without the browser fixtures that `test`
// sets up and tears down around every test (about 10 ms a test, most of it capturing stacks).
import { _baseTest as base } from '@playwright/test';
import { SuiteInputError } from '../contract/errors';
import { leftBehindLines } from '../engine/state/cleanup';
import { RunContext } from '../engine/context';
import { finishRun, startRun } from '../engine/run';

/** The worker's run context: the spec declares its tests from its plan and the fixture runs them with it. */
export function workerContext(): RunContext {
  try {
    return RunContext.forThisProcess();
  } catch (error) {
    // playwright.config.ts reports bad input as one line before any worker starts; here it is only a safety net.
    if (error instanceof SuiteInputError) throw new Error(error.message);
    throw error;
  }
}

/**
 * The worker's run: started (what exists before it, remembered), and at the end everything it made
 * deleted, also when tests failed; anything it could not remove fails the run, named.
 */
export const test = base.extend<object, { run: RunContext }>({
  run: [
    async ({}, use) => {
      const ctx = workerContext();
      await startRun(ctx);
      await use(ctx);
      const left = leftBehindLines(await finishRun(ctx));
      await ctx.close();
      if (left.length > 0) throw new Error(ctx.redactor.redact(left.join('\n')));
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
