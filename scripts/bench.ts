/**
 * npm run bench: how fast the gate is on this machine, against the reference server and Prism.
 *
 *   (a) raw rate   best requests/s a plain keep-alive client gets from the target (1, 4, 8 in flight)
 *   (b) gate rate  requests the target received / whole wall time of `playwright test`; (b)/(a)
 *   (c) per case   generation, serialisation and validation of one case, no HTTP
 *   (d) default    wall time and peak memory of a plain `playwright test`
 *
 * Prints a table and writes reports/bench.json. Every process it starts is ended, also on error,
 * and the whole run is bounded (BENCH_BOUND_MS).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonRequestContent, loadContract } from '../src/contract/load';
import { formatResult } from './bench/format';
import { gateEnvironment, runGate, type GateRun } from './bench/gate-run';
import { measureGeneration } from './bench/generation';
import { describeMachine } from './bench/machine';
import { round } from './bench/memory';
import { killAllNow, stopAll, stopProcess, waitForFreePort } from './bench/processes';
import { measureRawRate, type FixedRequest, type RawRate } from './bench/raw-rate';
import type { BenchResult, GateRate, TargetResult } from './bench/result';
import { GATE_MOCK_PORT, startPrism, startReferenceServer } from './bench/targets';

const ROOT = process.cwd();
const BENCH_BOUND_MS = 290_000;
const SETTINGS: BenchResult['settings'] = {
  rawRate: { connections: [1, 4, 8], warmupMs: 500, measureMs: 3_000, path: '', body: '' },
  gateRate: { fuzzRuns: 2_000, seed: 1 },
  generation: { warmupCases: 1_000, cases: 10_000, seed: 1 },
  goals: { gateToRawRatio: 0.5, microsecondsPerCase: 20 },
};

const deadline = Date.now() + BENCH_BOUND_MS;
/** Reports and counts of the gate runs; removed at the end, also when interrupted. */
let scratch: string | undefined;
/** What is left of the bench's bound for one gate run, keeping a few seconds to clean up. */
const remainingMs = () => Math.max(5_000, deadline - Date.now() - 10_000);

/** The one request of the raw rate: the documented create call, with the spec's example body. */
function fixedCreateRequest(token: string): FixedRequest {
  const contract = loadContract(path.join(ROOT, 'openapi.json'));
  const create = contract.operations.find((op) => op.id === 'createApiKey');
  const example = create && jsonRequestContent(create)?.examples[0];
  if (!create || example === undefined) throw new Error('openapi.json has no createApiKey with a request body example');
  return {
    method: 'POST',
    path: create.path,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(example),
  };
}

function gateRate(run: GateRun, requests: number, countedBy: GateRate['requestsCountedBy']): GateRate {
  return { ...run, requests, requestsCountedBy: countedBy, requestsPerSecond: round(requests / run.wallSeconds, 0) };
}

function targetResult(raw: RawRate, gate: GateRate): TargetResult {
  return { raw, gate, ratio: round(gate.requestsPerSecond / raw.best.requestsPerSecond, 3) };
}

async function benchReferenceServer(request: FixedRequest, token: string, scratch: string): Promise<TargetResult> {
  log('(a) reference server: raw rate');
  const forRaw = await startReferenceServer(ROOT, token);
  let raw: RawRate;
  try {
    raw = await measureRawRate(forRaw.url, request, SETTINGS.rawRate);
  } finally {
    await stopProcess(forRaw.process);
  }

  log(`(b) reference server: gate with OMI_FUZZ_RUNS=${SETTINGS.gateRate.fuzzRuns}`);
  // A fresh server, so its count is the gate's requests alone.
  const statsFile = path.join(scratch, 'reference-stats.json');
  const reportDir = path.join(scratch, 'gate-reference');
  const server = await startReferenceServer(ROOT, token, statsFile);
  let run: GateRun;
  try {
    run = await runGate(ROOT, gateEnvironment({
      OMI_API_BASE_URL: server.url, OMI_API_TOKEN: token, OMI_FUZZ_RUNS: String(SETTINGS.gateRate.fuzzRuns),
      OMI_FUZZ_SEED: String(SETTINGS.gateRate.seed), OMI_REPORT_DIR: reportDir,
    }), reportDir, remainingMs());
  } finally {
    await stopProcess(server.process);
  }
  if (!existsSync(statsFile)) throw new Error(`the reference server wrote no request count to ${statsFile}`);
  const { requests } = JSON.parse(readFileSync(statsFile, 'utf8')) as { requests: number };
  return targetResult(raw, gateRate(run, requests, 'server'));
}

async function benchPrism(request: FixedRequest, probePath: string, scratch: string): Promise<TargetResult> {
  log('(a) Prism: raw rate');
  const prism = await startPrism(ROOT, probePath);
  let raw: RawRate;
  try {
    raw = await measureRawRate(prism.url, request, SETTINGS.rawRate);
  } finally {
    await stopProcess(prism.process);
  }

  log(`(b) Prism: gate with OMI_FUZZ_RUNS=${SETTINGS.gateRate.fuzzRuns} (it starts its own Prism on ${GATE_MOCK_PORT})`);
  await waitForFreePort(GATE_MOCK_PORT, 30_000);
  const reportDir = path.join(scratch, 'gate-prism');
  const run = await runGate(ROOT, gateEnvironment({
    OMI_FUZZ_RUNS: String(SETTINGS.gateRate.fuzzRuns), OMI_FUZZ_SEED: String(SETTINGS.gateRate.seed), OMI_REPORT_DIR: reportDir,
  }), reportDir, remainingMs());
  if (run.summaryRequests === undefined) throw new Error(`the gate wrote no ${reportDir}/summary.json`);
  return targetResult(raw, gateRate(run, run.summaryRequests, 'summary.json'));
}

async function benchDefaultGate(scratch: string): Promise<GateRun> {
  log('(d) default gate: playwright test');
  await waitForFreePort(GATE_MOCK_PORT, 30_000);
  const reportDir = path.join(scratch, 'gate-default');
  return runGate(ROOT, gateEnvironment({ OMI_REPORT_DIR: reportDir }), reportDir, remainingMs());
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'openapi.json'))) throw new Error('run it from the project root: npm run bench');
  const started = performance.now();
  const machine = describeMachine();
  const token = `omi_dev_bench_${randomBytes(12).toString('hex')}`;
  const request = fixedCreateRequest(token);
  const settings = { ...SETTINGS, rawRate: { ...SETTINGS.rawRate, path: request.path, body: request.body } };
  const dir = (scratch = mkdtempSync(path.join(os.tmpdir(), 'omi-bench-')));
  try {
    // In process, first, while nothing else of the bench runs.
    log('(c) generation and validation per case');
    const generation = measureGeneration(SETTINGS.generation);
    const reference = await benchReferenceServer(request, token, dir);
    const prism = await benchPrism(request, request.path, dir);
    const defaultGate = await benchDefaultGate(dir);
    const result: BenchResult = {
      machine, settings, targets: { reference, prism }, generation, defaultGate,
      benchSeconds: round((performance.now() - started) / 1000, 1),
      loadAverageAtEnd: round(os.loadavg()[0], 2),
    };
    mkdirSync(path.join(ROOT, 'reports'), { recursive: true });
    writeFileSync(path.join(ROOT, 'reports', 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\n${formatResult(result)}\nwritten to reports/bench.json\n`);
  } finally {
    await stopAll();
    removeScratch();
  }
}

function removeScratch(): void {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
}

function log(step: string): void {
  process.stderr.write(`bench: ${step}\n`);
}

/** The bound and the signals end every child at once; the normal path ends them in `main`'s finally. */
function exitNow(message: string, code: number): never {
  killAllNow();
  removeScratch();
  process.stderr.write(`bench: ${message}\n`);
  process.exit(code);
}

const watchdog = setTimeout(() => exitNow(`ran over its ${BENCH_BOUND_MS / 1000} s bound; stopped`, 1), BENCH_BOUND_MS);
watchdog.unref();
process.once('SIGINT', () => exitNow('interrupted', 130));
process.once('SIGTERM', () => exitNow('terminated', 143));

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    void stopAll().finally(() => process.exit(1));
  },
);
