import { expect, test } from 'vitest';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { scopeFamily } from '../../../src/contract/scopes';
import { scopeValues } from '../../../src/contract/scopes';
import { contract, testGate } from '../support/contract';
import { startRun, finishRun } from '../../../src/engine/run';
import { runPlanned } from '../../../src/engine/execute';
import { SCOPES_PHASE } from '../../../src/engine/plan';

// Keys of each scope set against the reference server, which enforces scopes on its data routes:
// silent when it does, each scope fault found by the check named for it, every key revoked after.

const TOKEN = 'omi_test_scopes_credential';
const SCOPE_CHECKS = ['scope_enforced', 'scope_granted', 'refused_write_changes_nothing', 'revoked_key_refused_everywhere'];

async function probe(fault?: string, env: Record<string, string> = {}) {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '12', OMI_CONCURRENCY: '1', ...env });
    await startRun(gate);
    const outcome = await runPlanned(gate, SCOPES_PHASE);
    const left = await finishRun(gate);
    await gate.close();
    const pre = (id: string) => id.startsWith('pre-') || id.startsWith('folder_');
    return { outcome, left, leftOnServer: server.data().createdCount(pre), liveKeys: server.liveKeyCount(), keysMade: gate.journal.resourceIds(gate.roles.resource!.collection).length };
  } finally {
    await server.close();
  }
}

test('the scope sets are the default, each scope alone, and all of them', () => {
  const scopes = scopeValues(contract);
  expect(scopes).toContain('memories:write');
  const family = scopeFamily(scopes);
  expect(family.map((m) => m.label)).toEqual(['the default', ...scopes, 'every scope']);
  expect(family[0].scopes).toBeUndefined();
  expect(family[1].scopes).toEqual([scopes[0]]);
  expect(family.at(-1)!.scopes).toEqual(scopes);
});

test('against a server that enforces scopes, every probe passes, each scope check judges, and every key and resource is gone after', async () => {
  const { outcome, left, leftOnServer, liveKeys } = await probe();
  expect(outcome.violations.map((v) => `${v.check} on ${v.operationId}: ${v.message}`)).toEqual([]);
  expect(outcome.aborted).toBeUndefined();
  for (const check of SCOPE_CHECKS) expect(outcome.tallies[check]?.judged ?? 0, check).toBeGreaterThan(0);
  // Ten keys (default, eight scopes alone, all), each revoked by the probes themselves.
  expect(outcome.tallies.revoked_key_refused_everywhere.judged).toBeGreaterThanOrEqual(10);
  expect(left).toEqual({ keys: [], resources: [] });
  expect(leftOnServer).toBe(0);
  expect(liveKeys).toBe(0);
});

for (const [fault, check, operation] of [
  ['scope-read-only-key-writes', 'scope_enforced', 'createMemory'],
  ['scope-reads-unchecked', 'scope_enforced', 'listMemories'],
  ['scope-requested-ignored', 'scope_granted', 'createMemory'],
  ['scope-revoked-key-works-on-data', 'revoked_key_refused_everywhere', 'listMemories'],
  // Filed under the refused write that changed it, not the read that saw it.
  ['scope-refused-write-applied', 'refused_write_changes_nothing', 'updateMemory'],
] as const) {
  test(`${fault}: ${check} fires on ${operation}`, async () => {
    const { outcome } = await probe(fault);
    expect(outcome.violations.filter((v) => v.check === check).map((v) => v.operationId)).toContain(operation);
    // A violation of a probe replays with the whole probe run, live.
    const found = outcome.violations.find((v) => v.check === check)!;
    expect(found.replayPath).toMatch(/^scopes\/probes:\d+$/);
    expect(found.exchange.request.headers.authorization).toBe('Bearer [Filtered]');
  });
}

test('past the key budget a scope set is held back, said, and no key is made for it', async () => {
  const { outcome, liveKeys, keysMade, left } = await probe(undefined, { OMI_MAX_KEYS: '4' });
  // The key scenario ran before the probes: all four keys are theirs; the data resources, also 4 each, run out first.
  expect(keysMade).toBe(4);
  expect(outcome.limited).toMatch(/^the budget for \S+ is spent \(OMI_MAX_KEYS\): the scope probes made none, so it was not probed$/);
  expect(outcome.skipped).toBeGreaterThanOrEqual(10 - 4);
  expect(liveKeys).toBe(0);
  expect(left).toEqual({ keys: [], resources: [] });
});
