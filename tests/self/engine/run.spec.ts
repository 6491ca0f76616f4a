import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { runGate } from '../../../src/engine/run';
import { CONTRACT_PATH, WHOLE_CONTRACT_PATH } from '../support';
import { planOf } from '../../../src/engine/plan';
import { RunContext } from '../../../src/engine/context';

// How a whole run behaves, in process, against the reference server: what is reported once, what is
// held back, what is cleaned up.

const TOKEN = 'omi_test_engine_credential';

async function run(fault: string | undefined, env: Record<string, string> = {}) {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    const gate = RunContext.fromEnvironment({ OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '3', OMI_FUZZ_RUNS: '100', OMI_REQUEST_TIMEOUT_MS: '2000', ...env });
    const result = await runGate(gate);
    return { gate, ...result, violations: result.outcomes.flatMap((o) => o.violations), liveKeys: server.liveKeyCount() };
  } finally {
    await server.close();
  }
}

test('a violation seen in several phases is reported once per run', async () => {
  const { violations } = await run('create-returns-201');
  const identities = violations.map((v) => v.identity);
  expect(identities.filter((id) => id.includes('status_code_conformance | 201'))).toHaveLength(1);
  expect(new Set(identities).size).toBe(identities.length);
});

test('a target that is down from the start is reported as target_responds, once, and nothing else runs', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise((resolve) => closed.close(resolve));
  const gate = RunContext.fromEnvironment({ OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: `http://127.0.0.1:${port}`, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '3' });
  const { outcomes } = await runGate(gate);
  const violations = outcomes.flatMap((o) => o.violations);
  expect(violations.map((v) => `${v.check}:${v.received}`)).toEqual(['target_responds:refused']);
  expect(outcomes.reduce((n, o) => n + o.sent, 0)).toBe(0);
});

const keysMade = (gate: RunContext) => gate.journal.resourceIds(gate.roles.resource!.collection).length;

test('the key budget holds back creates, keeps one key for the key scenario, and the rest of the run goes on', async () => {
  const { gate, violations, outcomes } = await run(undefined, { OMI_MAX_KEYS: '5' });
  expect(violations).toEqual([]);
  expect(keysMade(gate)).toBeLessThanOrEqual(5);
  const negative = outcomes.find((o) => o.operationId === 'createApiKey' && o.phase === 'negative')!;
  expect(negative.sent).toBeGreaterThan(50);
  const positive = outcomes.find((o) => o.operationId === 'createApiKey' && o.phase === 'positive')!;
  expect(positive.limited).toMatch(/budget for keys is spent/);
  expect(positive.aborted).toBeUndefined();
  const scenario = outcomes.find((o) => o.phase === 'scenario' && o.resource === gate.roles.resource!.name)!;
  expect(scenario.aborted).toBeUndefined();
  expect(scenario.violations).toEqual([]);
});

test('the key budget also holds when the server makes keys from invalid requests', async () => {
  const { gate, violations } = await run('null-scopes-accepted', { OMI_MAX_KEYS: '5' });
  expect(violations.some((v) => v.check === 'negative_data_rejection')).toBe(true);
  expect(keysMade(gate)).toBeLessThanOrEqual(5);
});

test('keys the run never received (a rejected create that stored one) are reported, and left alone: they may not be the run\'s', async () => {
  const { notRevoked, liveKeys, violations } = await run('rejected-create-stored');
  expect(violations.some((v) => v.check === 'rejected_create_leaves_nothing')).toBe(true);
  expect(notRevoked).toEqual([]);
  expect(liveKeys).toBeGreaterThan(0);
});

test('every key the run received is revoked at the end', async () => {
  const { notRevoked, liveKeys, gate } = await run(undefined);
  expect(keysMade(gate)).toBeGreaterThan(50);
  expect(notRevoked).toEqual([]);
  expect(liveKeys).toBe(0);
});

test('a target that must answer cannot be deselected', () => {
  expect(() => RunContext.fromEnvironment({ OMI_EXCLUDE_CHECKS: 'target_responds' })).toThrow(/cannot be left out/);
  const gate = RunContext.fromEnvironment({ OMI_CHECKS: 'name_round_trip' });
  expect(gate.checks.map((c) => c.name).sort()).toEqual(['target_responds']);
  const live = RunContext.fromEnvironment({ OMI_CHECKS: 'name_round_trip', OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN });
  expect(live.checks.map((c) => c.name).sort()).toEqual(['name_round_trip', 'target_responds']);
});

test('keys that cannot be revoked are named by id and prefix only', async () => {
  const { notRevoked } = await run('hang-after-50');
  expect(notRevoked.length).toBeGreaterThan(0);
  for (const key of notRevoked) expect(Object.keys(key).sort()).toEqual(['id', 'keyPrefix']);
});

test('runGate runs every phase of the plan, in its order, the random sequences among them', async () => {
  const server = await startReferenceServer({ token: TOKEN });
  try {
    const gate = RunContext.fromEnvironment({ OMI_CONTRACT: WHOLE_CONTRACT_PATH, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '5', OMI_FUZZ_RUNS: '20', OMI_SEQUENCE_RUNS: '5', OMI_REQUEST_TIMEOUT_MS: '2000' });
    const planned = planOf(gate).filter((p) => !p.skipReason).map((p) => p.key);
    const { outcomes, notDeleted } = await runGate(gate);
    expect(outcomes.map((o) => o.key)).toEqual(planned);
    const sequences = outcomes.find((o) => o.key === 'resources/sequences')!;
    expect(sequences.sent).toBeGreaterThan(0);
    expect(sequences.violations).toEqual([]);
    // The plan runs the live phases last: scenarios, then the sequences, then the probes.
    expect(planned.slice(planned.indexOf('resources/sequences') - 1)).toEqual(['keys/scenario', 'resources/sequences', 'scopes/probes']);
    expect(notDeleted).toEqual([]);
  } finally {
    await server.close();
  }
});
