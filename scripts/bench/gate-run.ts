/** Runs the gate exactly as a user does (`playwright test`), timing it whole and sampling its memory. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sampleTreeMemory, round, type TreeMemory } from './memory';
import { lastLines, startProcess, stopProcess } from './processes';
import type { PhaseTiming } from '../../src/harness/summary-reporter';

export interface GateRun {
  /** When it was spawned, in ms since the epoch: the start-up is measured from here to the target's first request. */
  spawnedAt: number;
  /** From spawn to exit: Node, Playwright, Prism (when it starts one) and the report writers included. */
  wallSeconds: number;
  memory: TreeMemory;
  /** `requests` of summary.json: the cases the gate sent (shrinking excluded). */
  summaryRequests: number | undefined;
  violations: number | undefined;
  seed: number | undefined;
  /** Each phase's test, as summary.json times it. */
  timings: PhaseTiming[];
}

/** The environment of a gate run: this shell's, minus any OMI_* setting, plus `settings`. */
export function gateEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('OMI_') && name !== 'CI') env[name] = value;
  return { ...env, ...settings };
}

/** Spawns `node_modules/.bin/playwright test` in `root`; a non-zero exit or a timeout is an error. */
export async function runGate(root: string, env: NodeJS.ProcessEnv, reportDir: string, timeoutMs: number): Promise<GateRun> {
  const started = performance.now();
  const spawnedAt = Date.now();
  const gate = startProcess('playwright test', path.join(root, 'node_modules', '.bin', 'playwright'), ['test'], { cwd: root, env });
  const memory = sampleTreeMemory(gate.pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopProcess(gate);
  }, timeoutMs);
  const code = await gate.exited;
  const wallSeconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  const peak = memory.stop();
  await stopProcess(gate); // ends anything it left behind (its Prism, had it not stopped it)
  if (timedOut) throw new Error(`the gate ran over ${timeoutMs / 1000} s and was stopped; its last 40 lines:\n${lastLines(gate, 40)}`);
  if (code !== 0) throw new Error(`the gate exited with code ${code}; its last 40 lines:\n${lastLines(gate, 40)}`);
  const summary = readSummary(reportDir);
  return { spawnedAt, wallSeconds: round(wallSeconds, 2), memory: peak, summaryRequests: summary?.requests, violations: summary?.violations, seed: summary?.seed, timings: summary?.timings ?? [] };
}

function readSummary(reportDir: string): { requests: number; violations: number; seed: number; timings: PhaseTiming[] } | undefined {
  const file = path.join(reportDir, 'summary.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
