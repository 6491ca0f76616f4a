import { defineConfig } from '@playwright/test';
import { SuiteInputError } from './src/contract/errors';
import { readGateConfig } from './src/target/config';
import { prismWebServer } from './src/target/prism';
import { Gate } from './src/harness/gate';

/** Bad input to the suite is one line on stderr and exit 2, before any server starts. */
function readOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SuiteInputError)) throw error;
    process.stderr.write(`omi-contract-gate: ${error.message}\n`);
    process.exit(2);
  }
}

const gate = readOrExit(() => {
  // Every shard must draw from the same budget: a random seed per machine would not split one run.
  if (process.argv.some((arg) => arg.startsWith('--shard')) && !process.env.OMI_FUZZ_SEED) {
    throw new SuiteInputError('a sharded run needs OMI_FUZZ_SEED, the same on every shard, so the shards split one budget');
  }
  return readGateConfig(process.env);
});
// Builds the whole gate once here, so a broken contract or a bad setting fails before Prism starts.
const contract = readOrExit(() => Gate.fromEnvironment(process.env).contract);
const reportDir = gate.reportDir;
// Workers read the environment again: pin the seed so every worker generates the same cases, and name
// the run so a worker that replaces a failed one continues its journal (what was reported, keys seen).
process.env.OMI_FUZZ_SEED = String(gate.seed);
process.env.OMI_RUN_ID ??= `${process.pid}-${Date.now()}`;

export default defineConfig({
  testDir: 'tests/gate',
  outputDir: `${reportDir}/test-results`,
  forbidOnly: !!process.env.CI,
  // A fuzz finding is a finding: never retried away.
  retries: 0,
  // One worker: the phases share one target and its key ledger; requests run concurrently inside a phase.
  workers: 1,
  // Each test is its own unit, so --shard splits the run by phase (and budget part), not by file.
  fullyParallel: true,
  // Budgets are speed targets, not limits: a slow but correct server passes. Hangs are bounded by the request timeout.
  timeout: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: `${reportDir}/html` }],
    ['junit', { outputFile: `${reportDir}/junit.xml` }],
    ['./src/report/summary-reporter.ts', { outputFile: `${reportDir}/summary.json` }],
  ],
  use: { trace: 'off' },
  webServer: prismWebServer(gate, contract),
});
