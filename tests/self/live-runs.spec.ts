import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startReferenceServer } from '../../fixtures/reference-server';
import { RunContext } from '../../src/engine/context';
import { runGate } from '../../src/engine/run';
import { collect, PLAYWRIGHT, ROOT, scratchDir, spawnTracked } from './support';

// A live run as the real API meets it, scaled down in time: a per-key rate limit of 100 requests a
// window (the documented 100 a minute, with a window of 3 s: twenty times faster), a time budget,
// and a run stopped by CI. Each run must end within its budget, cover every operation and scenario, and
// leave nothing in the account.

const TOKEN = 'omi_test_reference_credential';
const OTHER_TOKEN = 'omi_test_reference_other_account';
const LIMIT = { limit: 100, windowMs: 3_000 };
/** The same limit as OMI_RATE_LIMIT gives it: requests a second. */
const RATE = '33';
const BUDGET_S = 30;
const REQUEST_TIMEOUT_MS = 3_000;
const preexisting = (id: string) => id.startsWith('pre-') || id.startsWith('folder_');

interface BudgetedRun {
  seconds: number;
  ctx: RunContext;
  outcomes: Awaited<ReturnType<typeof runGate>>['outcomes'];
  left: number;
  keysLeft: number;
}

/** The whole contract, two accounts, under the rate limit and a time budget, in this process. */
async function budgeted(options: { fault?: string; headers: 'on-429' | 'always'; budgetS?: number; env?: Record<string, string> }): Promise<BudgetedRun> {
  const server = await startReferenceServer({ token: TOKEN, otherToken: OTHER_TOKEN, fault: options.fault, rateLimit: { ...LIMIT, headers: options.headers } });
  try {
    const keysBefore = server.liveKeyCount();
    const ctx = RunContext.fromEnvironment({
      OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_API_TOKEN_OTHER: OTHER_TOKEN, OMI_FUZZ_SEED: '7',
      OMI_TIME_BUDGET_S: String(options.budgetS ?? BUDGET_S), OMI_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), ...options.env,
    });
    const started = Date.now();
    const { outcomes } = await runGate(ctx);
    const seconds = (Date.now() - started) / 1000;
    const left = server.accountData().reduce((n, store) => n + store.createdCount(preexisting), 0);
    return { seconds, ctx, outcomes, left, keysLeft: server.liveKeyCount() - keysBefore };
  } finally {
    await server.close();
  }
}

const reached = (run: BudgetedRun) => new Set(run.outcomes.flatMap((o) => Object.keys(o.coverage)));
const scenarios = (run: BudgetedRun) => run.outcomes.filter((o) => o.phase === 'scenario');

for (const [how, headers, env] of [
  ['paced at OMI_RATE_LIMIT, the limit\'s headers on 429s only', 'on-429', { OMI_RATE_LIMIT: RATE }],
  ['paced by the limit\'s headers on every answer, no OMI_RATE_LIMIT', 'always', {}],
] as const) {
  test(`${how}: a ${BUDGET_S} s budget ends within it, cleanup included, reaches every operation and scenario, and leaves nothing`, async () => {
    const run = await budgeted({ headers, env });
    expect(run.seconds).toBeLessThanOrEqual(BUDGET_S + REQUEST_TIMEOUT_MS / 1000 + 2);
    expect([...reached(run)].sort()).toEqual(run.ctx.contract.operations.map((op) => op.id).sort());
    expect(scenarios(run).map((o) => [o.resource, o.sent > 0, o.budgetCut, o.aborted])).toEqual(run.ctx.scenarioResources().map((r) => [r.name, true, undefined, undefined]));
    // The probes ran too (the scope probes with as many scope sets as the budget gives them), and every operation's examples whole.
    for (const kind of ['probes', 'isolation']) expect(run.outcomes.find((o) => o.phase === kind)?.sent).toBeGreaterThan(0);
    expect(run.outcomes.filter((o) => o.key.endsWith('/examples') && o.budgetCut)).toEqual([]);
    expect(run.outcomes.flatMap((o) => o.violations.map((v) => `${v.check} ${v.operationId} ${v.received}`))).toEqual([]);
    expect({ left: run.left, keys: run.keysLeft }).toEqual({ left: 0, keys: 0 });
  });
}

test('under the same limit and budget, a sample of faults the once-over reaches is caught, each run leaving nothing', async () => {
  const sample: [string, string][] = [
    ['data-update-not-applied', 'update_applied'],
    ['data-empty-content-accepted', 'negative_data_rejection'],
    ['scope-reads-unchecked', 'scope_enforced'],
    ['account-other-readable', 'other_account_refused'],
  ];
  for (const [fault, check] of sample) {
    const run = await budgeted({ fault, headers: 'on-429', env: { OMI_RATE_LIMIT: RATE } });
    const fired = new Set(run.outcomes.flatMap((o) => o.violations.map((v) => v.check)));
    expect({ fault, caught: fired.has(check), within: run.seconds <= BUDGET_S + REQUEST_TIMEOUT_MS / 1000 + 2, left: run.left, keys: run.keysLeft }).toEqual({ fault, caught: true, within: true, left: 0, keys: 0 });
  }
});

test('a budget too small to cover the contract once says so at the start, with its numbers, and still ends in time leaving nothing', async () => {
  const run = await budgeted({ headers: 'on-429', budgetS: 8, env: { OMI_RATE_LIMIT: RATE } });
  expect(run.ctx.requests?.tooSmall).toMatch(/^the run can send about \d+ requests in its time, and covering the contract once takes about \d+ besides \d+ kept for cleanup: \d+ phase\(s\) will be cut/);
  expect(run.seconds).toBeLessThanOrEqual(8 + REQUEST_TIMEOUT_MS / 1000 + 2);
  expect({ left: run.left, keys: run.keysLeft }).toEqual({ left: 0, keys: 0 });
});

/** The gate as CI runs it, stopped by `signal` (twice, as npx passes it on) once it has made something. */
async function stoppedRun(signal: 'SIGTERM' | 'SIGKILL') {
  const server = await startReferenceServer({ token: TOKEN, otherToken: OTHER_TOKEN });
  const reportDir = scratchDir('stopped');
  const env = { ...process.env, CI: '', OMI_REPORT_DIR: reportDir, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_API_TOKEN_OTHER: OTHER_TOKEN, OMI_FUZZ_SEED: '3', OMI_FUZZ_RUNS: '2000' };
  try {
    const keysBefore = server.liveKeyCount();
    const left = () => server.accountData().reduce((n, store) => n + store.createdCount(preexisting), 0) + server.liveKeyCount() - keysBefore;
    const child = spawnTracked(PLAYWRIGHT, ['test'], { cwd: ROOT, env });
    const exited = collect(child);
    // Stopped mid-run: once the run holds resources of its own.
    await expect.poll(() => server.accountData()[0].createdCount(preexisting), { timeout: 60_000, intervals: [200] }).toBeGreaterThan(0);
    process.kill(-child.pid!, signal);
    process.kill(-child.pid!, signal);
    const exit = await exited;
    const heldWhenStopped = left();
    let cleanup: { code: number | null; stdout: string } | undefined;
    if (signal === 'SIGKILL') {
      const run = spawn('npm', ['run', 'cleanup'], { cwd: ROOT, env: { ...env, OMI_FUZZ_RUNS: '' } });
      cleanup = await collect(run);
    }
    return { exit, reportDir, heldWhenStopped, left: left(), cleanup };
  } finally {
    await server.close();
  }
}

test('SIGTERM twice mid-run (a cancelled CI job): no new request, cleanup, reports marked interrupted, exit non-zero, nothing left', async () => {
  const run = await stoppedRun('SIGTERM');
  expect(run.exit.code).not.toBe(0);
  expect(run.left).toBe(0);
  const summary = JSON.parse(readFileSync(path.join(run.reportDir, 'summary.json'), 'utf8')) as { interrupted?: string };
  expect(summary.interrupted).toMatch(/interrupted/);
  expect(existsSync(path.join(run.reportDir, 'journal.jsonl'))).toBe(true);
});

test('SIGKILL mid-run leaves what it made, listed in the journal in the report folder; npm run cleanup deletes all of it', async () => {
  const run = await stoppedRun('SIGKILL');
  expect(run.heldWhenStopped).toBeGreaterThan(0);
  expect(run.cleanup?.code).toBe(0);
  expect(run.cleanup?.stdout).toMatch(/Deleted [1-9]\d* resource\(s\) the run left/);
  expect(run.left).toBe(0);
});
