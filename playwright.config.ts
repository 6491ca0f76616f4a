import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { SuiteInputError } from './src/contract/errors';
import { loadContract } from './src/contract/load';
import { startJournal } from './src/engine/state/run-journal';
import { RunContext } from './src/engine/context';
import { planOf } from './src/engine/plan';
import { readGateConfig, REPORT_FILES } from './src/config/config';
import { freePort, portTaken } from './src/transport/ports';
import { prismWebServer } from './src/transport/prism';

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

/** The value of a command-line option (`--workers 2`, `--workers=2`, `-j2`), if given. */
function cliOption(long: string, short?: string): string | undefined {
  const args = process.argv;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === long || args[i] === short) return args[i + 1];
    if (args[i].startsWith(`${long}=`)) return args[i].slice(long.length + 1);
    if (short && args[i].startsWith(short) && args[i].length > short.length) return args[i].slice(short.length);
  }
  return undefined;
}

// This file is read by the runner and again by each worker; the run is set up once, by the runner,
// which marks itself for its workers (TEST_WORKER_INDEX cannot tell: a parent test run passes it down).
const runner = process.env.OMI_GATE_RUNNER_PID;
const inWorker = runner !== undefined && runner !== String(process.pid);

const gate = readOrExit(() => {
  if (!inWorker) {
    // Every shard must draw from the same budget: a random seed per machine would not split one run.
    if (cliOption('--shard') && !process.env.OMI_FUZZ_SEED) {
      throw new SuiteInputError('a sharded run needs OMI_FUZZ_SEED, the same on every shard, so the shards split one budget');
    }
    // The phases share one target, its ledgers and the run's journal: more workers would race on them.
    const workers = cliOption('--workers', '-j');
    if (workers !== undefined && workers !== '1') throw new SuiteInputError(`the gate runs in one worker (requests run concurrently inside a phase: OMI_CONCURRENCY); got --workers ${workers}`);
    // A retry would meet findings the run already reported and pass: a finding must never be retried away.
    const retries = cliOption('--retries');
    if (retries !== undefined && retries !== '0') throw new SuiteInputError(`the gate does not retry (a fuzz finding is a finding); got --retries ${retries}`);
    // The mock listens on a port of its own: a fixed one could meet another run's Prism, of another contract.
    if (!process.env.OMI_API_BASE_URL) {
      const asked = process.env.OMI_MOCK_PORT;
      if (asked && /^\d+$/.test(asked) && portTaken(Number(asked))) throw new SuiteInputError(`OMI_MOCK_PORT ${asked} is taken on 127.0.0.1: free it, or leave OMI_MOCK_PORT unset for a free port`);
      process.env.OMI_MOCK_PORT ||= String(freePort());
    }
  }
  return readGateConfig(process.env);
});
if (!inWorker) {
  // SIGTERM (a CI job cancelled or timed out) stops the run as Ctrl-C does: Playwright stops the tests,
  // the worker cleans up, the reports are written marked interrupted, and the exit code is not 0.
  process.on('SIGTERM', () => (process.listenerCount('SIGINT') > 0 ? process.emit('SIGINT') : process.exit(143)));
  // Workers read the environment again: pin the seed so every worker generates the same cases, and
  // name this run, with a fresh journal in the report folder, so a worker that replaces a failed one
  // continues it and npm run cleanup can read it after a killed run.
  process.env.OMI_GATE_RUNNER_PID = String(process.pid);
  process.env.OMI_FUZZ_SEED = String(gate.seed);
  process.env.OMI_RUN_ID = `${process.pid}-${Date.now()}`;
  const earlier = startJournal(path.join(gate.reportDir, REPORT_FILES.journal));
  if (earlier) process.stderr.write(`omi-contract-gate: note: ${earlier}\n`);
}
// The runner builds the whole run context and its plan (the reporters use the same ones), so a broken
// contract, a bad setting or a replay of no phase fails before Prism starts; a worker builds its own
// when its spec loads.
const contract = readOrExit(() => (inWorker ? loadContract(gate.contractPath) : planOf(RunContext.forThisProcess()) && RunContext.forThisProcess().contract));
const reportDir = gate.reportDir;

export default defineConfig({
  testDir: 'tests/gate',
  outputDir: `${reportDir}/test-results`,
  forbidOnly: !!process.env.CI,
  // A fuzz finding is a finding: never retried away, and a test that passes on a retry still fails the run.
  retries: 0,
  failOnFlakyTests: true,
  // One worker: the phases share one target and its ledgers; requests run concurrently inside a phase.
  workers: 1,
  // Each test is its own unit, so --shard splits the run by phase (and budget part), not by file.
  fullyParallel: true,
  // Budgets are speed targets, not limits: a slow but correct server passes. Hangs are bounded by the request timeout.
  timeout: 0,
  reporter: [
    ['./src/harness/console-reporter.ts'],
    ['html', { open: 'never', outputFolder: `${reportDir}/html` }],
    ['junit', { outputFile: `${reportDir}/junit.xml` }],
    ['./src/harness/summary-reporter.ts', { outputFile: `${reportDir}/summary.json`, htmlReportDir: `${reportDir}/html`, junitFile: `${reportDir}/junit.xml` }],
  ],
  globalSetup: './src/harness/global-setup.ts',
  webServer: prismWebServer(gate, contract),
});
