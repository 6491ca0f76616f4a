import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/**
 * The contract the reference server implements: the key operations only (the project's openapi.json
 * before it became the whole API). Runs against the reference server use it; runs against Prism use
 * the whole openapi.json.
 */
export const CONTRACT_PATH = path.join(ROOT, 'fixtures', 'contracts', 'keys-only.json');
/** The project's own contract, the whole API: the reference server serves its data routes too. */
export const WHOLE_CONTRACT_PATH = path.join(ROOT, 'openapi.json');

const scratchDirs: string[] = [];
const runningChildren = new Set<ChildProcess>();

/** A fresh folder under the system temp dir, removed by cleanUpAfterTests. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `omi-selftest-${prefix}-`));
  scratchDirs.push(dir);
  return dir;
}

/** A child process in its own group, so cleanUpAfterTests can end it with everything it started. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  runningChildren.add(child);
  child.on('exit', () => runningChildren.delete(child));
  return child;
}

/** Ends children a timed-out test left running (and the servers they started) and removes scratch folders. */
export function cleanUpAfterTests(): void {
  for (const child of runningChildren) {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // Already gone between its exit and this call.
    }
  }
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The gate's command, as a user runs it (`npx playwright test`). */
export const PLAYWRIGHT = path.join(ROOT, 'node_modules', '.bin', 'playwright');

export interface GateExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Waits for a child to end, with everything it printed. */
export function collect(child: ChildProcess): Promise<GateExit> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the gate in a child process with `env` added, reports under a fresh folder. */
export function runGateCli(env: Record<string, string>, args: string[] = []): Promise<GateExit & { reportDir: string }> {
  const reportDir = scratchDir('gate');
  const child = spawnTracked(PLAYWRIGHT, ['test', ...args], { cwd: ROOT, env: { ...process.env, CI: '', OMI_REPORT_DIR: reportDir, ...env } });
  return collect(child).then((exit) => ({ ...exit, reportDir }));
}
