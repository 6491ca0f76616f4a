/**
 * The floor of any `playwright test` run on this machine: the wall time and peak memory of a run of
 * one empty test, same binary, same Node. What the gate adds at start-up and in memory is measured
 * against it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { round, sampleTreeMemory } from './memory';
import { lastLines, startProcess } from './processes';

const EMPTY_SPEC = "import { test } from '@playwright/test';\n\ntest('empty', () => {});\n";
const CONFIG = "import { defineConfig } from '@playwright/test';\n\nexport default defineConfig({ testDir: '.', reporter: 'list', workers: 1 });\n";

/**
 * The best wall time (s) of `tries` bare runs, and the lowest peak memory of their processes (runner
 * and worker). The folder sits in the project, so @playwright/test resolves as it does for the gate.
 */
export async function bareRunSeconds(root: string, tries: number): Promise<{ best: number; runs: number[]; peakMiB: number }> {
  const dir = mkdtempSync(path.join(root, '.bench-bare-'));
  try {
    writeFileSync(path.join(dir, 'empty.spec.ts'), EMPTY_SPEC);
    writeFileSync(path.join(dir, 'playwright.config.ts'), CONFIG);
    const runs: number[] = [];
    const peaks: number[] = [];
    for (let i = 0; i < tries; i++) {
      const started = performance.now();
      const run = startProcess('bare playwright test', path.join(root, 'node_modules', '.bin', 'playwright'), ['test', '-c', path.join(dir, 'playwright.config.ts')], { cwd: root, env: { ...process.env, CI: '' } });
      const memory = sampleTreeMemory(run.pid);
      const code = await run.exited;
      peaks.push(memory.stop().gatePeakMiB);
      if (code !== 0) throw new Error(`a bare playwright test run exited with ${code}:\n${lastLines(run, 20)}`);
      runs.push(round((performance.now() - started) / 1000, 3));
    }
    return { best: Math.min(...runs), runs, peakMiB: Math.min(...peaks) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
