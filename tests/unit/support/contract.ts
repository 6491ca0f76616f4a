import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFacts } from '../../../src/contract/facts';
import { loadContract } from '../../../src/contract/load';
import { OperationCases } from '../../../src/generate/phases';
import { Oracle } from '../../../src/validate/oracle';
import { RunContext } from '../../../src/engine/context';
import { planOf } from '../../../src/engine/plan';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CONTRACT_PATH = path.join(ROOT, 'openapi.json');

/** The project's contract, loaded and compiled once per test file. */
export const contract = loadContract(CONTRACT_PATH);
export const oracle = new Oracle(contract);
export const facts = readFacts(contract);

export function operationCases(operationId: string, c = contract, o = oracle): OperationCases {
  const operation = c.operations.find((op) => op.id === operationId)!;
  return new OperationCases(c, operation, (pointer, value) => o.isValid(pointer, value), `${facts.keyPrefix}${'0'.repeat(32)}`);
}

/** A fresh folder under the system temp dir, and a function that removes it. */
export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `omi-unit-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Settings that keep a test's gate away from the project's own known-discrepancies file and saved
 * cases (paths that do not exist): what a test asserts must not change when those files do.
 */
export const ISOLATED_ENV = {
  OMI_KNOWN_DISCREPANCIES: path.join(__dirname, 'no-known-discrepancies.json'),
  OMI_REGRESSIONS_DIR: path.join(__dirname, 'no-regressions'),
};

/** A run's context from these settings, its plan made (which refuses a replay of no phase, as a run does at start). */
export function testGate(env: Record<string, string>): RunContext {
  const ctx = RunContext.fromEnvironment({ ...ISOLATED_ENV, ...env });
  planOf(ctx);
  return ctx;
}
