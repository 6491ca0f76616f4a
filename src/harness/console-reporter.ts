import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';

/**
 * The console: a failed test's line, nothing else (every test's line and each violation's block
 * with OMI_VERBOSE=1): the end of the run lists every cause once, and the page has the evidence.
 * Playwright's list reporter prints every failure again at the end with a code frame, each
 * attachment's path and an error-context file, and cannot be told not to: a blocked engineer
 * would read the same violation twice between lines of runner noise. The end of the run (every
 * finding, then the tables) is the summary reporter's.
 */
export default class ConsoleReporter implements Reporter {
  private readonly counts = { passed: 0, failed: 0, skipped: 0, interrupted: 0 };
  private index = 0;
  private started = Date.now();
  private readonly verbose = process.env.OMI_VERBOSE === '1';

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.started = Date.now();
    process.stdout.write(`\nRunning ${suite.allTests().length} tests using ${config.workers} worker${config.workers === 1 ? '' : 's'}\n\n`);
  }

  onStdOut(chunk: string | Buffer): void {
    process.stdout.write(chunk);
  }

  onStdErr(chunk: string | Buffer): void {
    process.stderr.write(chunk);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.index++;
    const title = test.titlePath().slice(3).join(' › ');
    const failed = result.status === 'failed' || result.status === 'timedOut';
    if (result.status === 'interrupted') {
      this.counts.interrupted++;
      process.stdout.write(`  ⏹  ${this.index} ${title} (interrupted)\n`);
      return;
    }
    if (result.status === 'skipped') {
      this.counts.skipped++;
      if (this.verbose) process.stdout.write(`  -  ${this.index} ${title}\n`);
      return;
    }
    this.counts[failed ? 'failed' : 'passed']++;
    if (failed || this.verbose) process.stdout.write(`  ${failed ? '✘' : '✓'}  ${this.index} ${title} (${result.duration}ms)\n`);
    // The evidence blocks are on the page and in the report; the console's end lists each cause once.
    if (failed && this.verbose) for (const error of result.errors) process.stdout.write(`${indent(messageOf(error))}\n\n`);
  }

  onError(error: TestError): void {
    process.stderr.write(`${messageOf(error)}\n`);
  }

  onEnd(result: FullResult): void {
    const { passed, failed, skipped, interrupted } = this.counts;
    const parts = [failed > 0 ? `${failed} failed` : '', `${passed} passed`, skipped > 0 ? `${skipped} skipped` : '', interrupted > 0 ? `${interrupted} interrupted` : ''].filter(Boolean);
    process.stdout.write(`\n  ${parts.join(', ')} (${((Date.now() - this.started) / 1000).toFixed(1)}s)${result.status === 'interrupted' ? ', interrupted' : ''}\n`);
  }
}

/** An error as the test threw it: the gate's own failures carry their blocks as the message and no stack. */
const messageOf = (error: TestError) => (error.stack ?? error.message ?? error.value ?? 'unknown error').replace(/\u001b\[[0-9;]*m/g, '');

const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');
