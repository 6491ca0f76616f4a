// The gate opens no browser: Playwright's base test type, without the browser fixtures that `test`
// sets up and tears down around every test (about 10 ms a test, most of it capturing stacks).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { _baseTest as base } from '@playwright/test';
import { REPORT_FILES } from '../config/config';
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
 * SIGINT and SIGTERM (a CI job cancelled or timed out signals the whole process group, maybe twice):
 * the worker sends no new request and stays alive, so that the runner, which stops the tests, lets
 * the fixture below clean up and the reporters write the reports marked interrupted.
 */
function stopSendingOn(ctx: RunContext): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => ctx.target.interrupt(signal));
}

/**
 * The worker's run: started (what exists before it, remembered), and at the end everything it made
 * deleted, also when tests failed or the run was interrupted; anything it could not remove fails the
 * run, named (the first few here, all of them in the report folder).
 */
export const test = base.extend<object, { run: RunContext }>({
  run: [
    async ({}, use) => {
      const ctx = workerContext();
      stopSendingOn(ctx);
      await startRun(ctx);
      await use(ctx);
      const left = await finishRun(ctx);
      await ctx.close();
      const file = path.join(ctx.config.reportDir, REPORT_FILES.left);
      const lines = leftBehindLines(left, file);
      if (lines.length === 0) return;
      writeFileSync(file, `${JSON.stringify(left, null, 2)}\n`);
      throw new Error(ctx.redactor.redact(lines.join('\n')));
    },
    { scope: 'worker', timeout: 0 },
  ],
});

export { expect } from '@playwright/test';
