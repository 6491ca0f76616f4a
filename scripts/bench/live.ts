/**
 * (f) and (g): a live run as the real API meets it, against the reference server started with what
 * the real one has and loopback lacks (fixtures/reference-server: --latency-ms, --rate-limit).
 *
 *   (f) latency  the default live run (whole contract, two accounts) at 40 and 150 ms a request: its
 *                wall time against the floor, requests x latency / requests in flight
 *   (g) budget   the same run under a per-key rate limit and a time budget: how long it took, what it
 *                reached (operations, checks that judged something), what it left, and which faults of
 *                a sample it caught under the same limit and budget
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FAULTS } from '../../fixtures/reference-server/faults';
import { loadContract } from '../../src/contract/load';
import { round } from './memory';
import { lastLines, startProcess, stopProcess, waitForLine } from './processes';

const LOOPBACK_CONCURRENCY = 8;
const OTHER_TOKEN = 'omi_test_bench_other_account';
/** The documented 100 requests a minute per key, twenty times faster: a window of 3 s. */
export const LIVE_SETTINGS = {
  latenciesMs: [40, 150],
  seed: 1,
  rateLimit: '100/3s',
  rateLimitSetting: '33',
  budgetSeconds: 30,
  /** Faults each reached by covering the contract once: a scenario's, a break's, the probes', a list's. */
  faultSample: ['data-update-not-applied', 'data-empty-content-accepted', 'scope-reads-unchecked', 'account-other-readable', 'data-limit-ignored', 'data-crash-on-limit-zero'],
  goals: { latencyRatio: 1.5 },
};

export interface LatencyRun {
  latencyMs: number;
  requests: number;
  wallSeconds: number;
  floorSeconds: number;
  ratio: number;
}

export interface BudgetedRun {
  wallSeconds: number;
  requests: number;
  operationsReached: number;
  operations: number;
  checksJudged: number;
  checks: number;
  scenariosRun: number;
  leftBehind: number;
  caught: { fault: string; caught: boolean; wallSeconds: number }[];
}

interface Summary {
  requests: number;
  coverage: Record<string, unknown>;
  checks: Record<string, { judged: number }>;
  phases: { key: string; phase: string; sent: number; budgetCut?: unknown }[];
}

/** The reference server, with a second account, and the gate run against it as a user runs it; exit code and summary. */
async function liveRun(root: string, token: string, scratch: string, name: string, server: string[], settings: Record<string, string>, timeoutMs: number) {
  const statsFile = path.join(scratch, `${name}-stats.json`);
  const reference = startProcess(`reference server (${name})`, process.execPath, ['--import', 'tsx', 'fixtures/reference-server/cli.ts', '--port', '0', '--stats-file', statsFile, ...server], { cwd: root, env: { ...process.env, OMI_API_TOKEN: token, OMI_API_TOKEN_OTHER: OTHER_TOKEN } });
  try {
    const [, url] = await waitForLine(reference, /listening on (http:\/\/\S+)/, 60_000);
    const reportDir = path.join(scratch, name);
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('OMI_') && key !== 'CI') env[key] = value;
    const started = performance.now();
    const gate = startProcess(`gate (${name})`, path.join(root, 'node_modules', '.bin', 'playwright'), ['test'], {
      cwd: root, env: { ...env, OMI_API_BASE_URL: url, OMI_API_TOKEN: token, OMI_API_TOKEN_OTHER: OTHER_TOKEN, OMI_FUZZ_SEED: String(LIVE_SETTINGS.seed), OMI_REPORT_DIR: reportDir, ...settings },
    });
    const timer = setTimeout(() => void stopProcess(gate), timeoutMs);
    const code = await gate.exited;
    clearTimeout(timer);
    const wallSeconds = round((performance.now() - started) / 1000, 2);
    const summaryFile = path.join(reportDir, 'summary.json');
    if (!existsSync(summaryFile)) throw new Error(`the gate (${name}) wrote no summary; its last lines:\n${lastLines(gate, 30)}`);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary;
    const violations = existsSync(path.join(reportDir, 'violations.json')) ? (JSON.parse(readFileSync(path.join(reportDir, 'violations.json'), 'utf8')) as { check: string }[]) : [];
    const left = existsSync(path.join(reportDir, 'left-behind.json')) ? JSON.parse(readFileSync(path.join(reportDir, 'left-behind.json'), 'utf8')) as { keys: unknown[]; resources: unknown[] } : { keys: [], resources: [] };
    await stopProcess(reference);
    const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { requests: number };
    return { code, wallSeconds, summary, violations, left: left.keys.length + left.resources.length, serverRequests: stats.requests };
  } finally {
    await stopProcess(reference);
  }
}

/** (f) The default live run at one latency: wall time against requests x latency / requests in flight. */
export async function benchLatency(root: string, token: string, scratch: string, latencyMs: number, timeoutMs: number): Promise<LatencyRun> {
  // A budget far past the run: latency alone decides.
  const run = await liveRun(root, token, scratch, `latency-${latencyMs}`, ['--latency-ms', String(latencyMs)], { OMI_TIME_BUDGET_S: '36000' }, timeoutMs);
  if (run.code !== 0) throw new Error(`the gate failed against the conforming server at ${latencyMs} ms (exit ${run.code})`);
  const floorSeconds = round((run.serverRequests * latencyMs) / 1000 / LOOPBACK_CONCURRENCY, 2);
  return { latencyMs, requests: run.serverRequests, wallSeconds: run.wallSeconds, floorSeconds, ratio: round(run.wallSeconds / floorSeconds, 3) };
}

/** (g) The run under the rate limit and the budget, then each fault of the sample under the same. */
export async function benchBudgeted(root: string, token: string, scratch: string, timeoutMs: number): Promise<BudgetedRun> {
  const limited = ['--rate-limit', LIVE_SETTINGS.rateLimit];
  const settings = { OMI_RATE_LIMIT: LIVE_SETTINGS.rateLimitSetting, OMI_TIME_BUDGET_S: String(LIVE_SETTINGS.budgetSeconds) };
  const run = await liveRun(root, token, scratch, 'budgeted', limited, settings, timeoutMs);
  const { summary } = run;
  const caught: BudgetedRun['caught'] = [];
  for (const fault of LIVE_SETTINGS.faultSample) {
    const faulty = await liveRun(root, token, scratch, `budgeted-${fault}`, [...limited, '--fault', fault], settings, timeoutMs);
    const expected = FAULTS.find((f) => f.name === fault)?.expectedChecks ?? [];
    caught.push({ fault, caught: faulty.violations.some((v) => expected.includes(v.check)), wallSeconds: faulty.wallSeconds });
  }
  const checks = Object.values(summary.checks);
  return {
    wallSeconds: run.wallSeconds, requests: run.serverRequests,
    operationsReached: Object.keys(summary.coverage).length, operations: loadContract(path.join(root, 'openapi.json')).operations.length,
    checksJudged: checks.filter((c) => c.judged > 0).length, checks: checks.length,
    scenariosRun: summary.phases.filter((p) => p.phase === 'scenario' && p.sent > 0 && !p.budgetCut).length,
    leftBehind: run.left, caught,
  };
}

