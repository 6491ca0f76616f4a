import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFacts } from '../../src/contract/facts';
import { loadContract } from '../../src/contract/load';
import { OperationCases } from '../../src/generate/phases';
import { Oracle } from '../../src/validate/oracle';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CONTRACT_PATH = path.join(ROOT, 'openapi.json');

/** The project's contract, loaded and compiled once per test worker. */
export const contract = loadContract(CONTRACT_PATH);
export const oracle = new Oracle(contract);
export const facts = readFacts(contract);

export function operationCases(operationId: string, c = contract, o = oracle): OperationCases {
  const operation = c.operations.find((op) => op.id === operationId)!;
  const cases: OperationCases = new OperationCases(c, operation, (v) => o.isValid(cases.bodyPointer!, v), `${facts.keyPrefix}${'0'.repeat(32)}`);
  return cases;
}

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
