import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startReferenceServer } from '../../fixtures/reference-server';
import { cleanUpAfterTests, collect, CONTRACT_PATH, PLAYWRIGHT, ROOT, scratchDir, spawnTracked } from './support';

test.afterAll(cleanUpAfterTests);

// A long campaign split with Playwright's own --shard: disjoint parts of one budget, merged into one
// report whose summary equals the unsharded run's. Runs against the gate's own Prism (port 4817).

const BUDGET = { OMI_FUZZ_RUNS: '1200', OMI_FUZZ_SEED: '11' };

async function playwright(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const exit = await collect(spawnTracked(PLAYWRIGHT, args, { cwd: ROOT, env: { ...process.env, CI: '', ...env } }));
  return { code: exit.code, out: exit.stdout + exit.stderr };
}

interface Summary {
  requests: number;
  violations: number;
  phases: { key: string; sent: number }[];
}
const summaryIn = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
const phaseKeys = (s: Summary) => s.phases.map((p) => p.key).sort();

test('shards run disjoint parts of one budget and merge into the unsharded run', async () => {
  // Three whole runs; on a machine busy with the other worker's tests this takes minutes.
  test.setTimeout(420_000);
  const work = scratchDir('shards');
  const merged = path.join(work, 'all-blobs');
  mkdirSync(merged);
  const shardPhases: string[][] = [];
  for (const shard of ['1/2', '2/2']) {
    const dir = path.join(work, shard.replace('/', '-of-'));
    const run = await playwright(['test', `--shard=${shard}`, '--reporter=blob'], { ...BUDGET, OMI_REPORT_DIR: dir, PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(dir, 'blob') });
    expect(run.code, run.out.slice(-2000)).toBe(0);
    for (const blob of readdirSync(path.join(dir, 'blob'))) copyFileSync(path.join(dir, 'blob', blob), path.join(merged, blob));
    shardPhases.push(run.out.match(/› [^\n]*$/gm) ?? []);
  }
  const mergedDir = path.join(work, 'merged');
  const merge = await playwright(['merge-reports', '--config', 'playwright.merge.config.ts', merged], { ...BUDGET, OMI_REPORT_DIR: mergedDir });
  expect(merge.code, merge.out.slice(-2000)).toBe(0);
  const whole = await playwright(['test'], { ...BUDGET, OMI_REPORT_DIR: path.join(work, 'whole') });
  expect(whole.code, whole.out.slice(-2000)).toBe(0);

  const fromShards = summaryIn(mergedDir);
  const unsharded = summaryIn(path.join(work, 'whole'));
  // The budget of 1,200 is split into parts of 500: each part is a test that one shard runs.
  expect(phaseKeys(unsharded)).toContain('createApiKey/positive#3');
  expect(phaseKeys(fromShards)).toEqual(phaseKeys(unsharded));
  expect(new Set(phaseKeys(fromShards)).size).toBe(fromShards.phases.length);
  expect(fromShards.requests).toBe(unsharded.requests);
  expect(shardPhases[0].length).toBeGreaterThan(0);
  expect(shardPhases[1].length).toBeGreaterThan(0);
});

/** Shards of one run, then their merge; returns the merged report folder. */
async function shardedRun(env: Record<string, string>, work: string): Promise<string> {
  const merged = path.join(work, 'all-blobs');
  mkdirSync(merged);
  for (const shard of ['1/2', '2/2']) {
    const dir = path.join(work, shard.replace('/', '-of-'));
    const run = await playwright(['test', `--shard=${shard}`, '--reporter=blob'], { ...env, OMI_REPORT_DIR: dir, PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(dir, 'blob') });
    expect([0, 1]).toContain(run.code);
    for (const blob of readdirSync(path.join(dir, 'blob'))) copyFileSync(path.join(dir, 'blob', blob), path.join(merged, blob));
  }
  const mergedDir = path.join(work, 'merged');
  await playwright(['merge-reports', '--config', 'playwright.merge.config.ts', merged], { ...env, OMI_REPORT_DIR: mergedDir });
  return mergedDir;
}

const identities = (dir: string) =>
  (JSON.parse(readFileSync(path.join(dir, 'violations.json'), 'utf8')) as { identity: string }[]).map((v) => v.identity).sort();

test('a violation found by several shards is one violation in the merged report, as in the unsharded run', async () => {
  // Three whole runs; on a machine busy with the other worker's tests this takes minutes.
  test.setTimeout(420_000);
  const server = await startReferenceServer({ token: 'omi_test_shard_credential', fault: 'crash-on-combining-mark' });
  try {
    const env = { ...BUDGET, OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: 'omi_test_shard_credential' };
    const work = scratchDir('shards-faulty');
    const mergedDir = await shardedRun(env, work);
    const whole = await playwright(['test'], { ...env, OMI_REPORT_DIR: path.join(work, 'whole') });
    expect(whole.code).toBe(1);
    const unsharded = identities(path.join(work, 'whole'));
    expect(unsharded.length).toBeGreaterThan(0);
    expect(identities(mergedDir)).toEqual(unsharded);
    expect(summaryIn(mergedDir).violations).toBe(summaryIn(path.join(work, 'whole')).violations);
  } finally {
    await server.close();
  }
});
