import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CONTRACT_PATH = path.join(ROOT, 'openapi.json');

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
