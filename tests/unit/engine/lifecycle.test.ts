import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { CONTRACT_PATH, scratchDir, testGate } from '../support/contract';
import { scriptedServer } from '../support/servers';

// The key lifecycle against the reference server: each step in order, each judged by the checks
// named for it, and the key it made revoked.

const TOKEN = 'omi_test_lifecycle_credential';
const scratch = scratchDir('lifecycle');
afterAll(scratch.remove);

async function lifecycleAgainst(fault?: string) {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '8' });
    await gate.start();
    const outcome = await gate.lifecycle();
    const left = await gate.cleanup();
    await gate.close();
    return { outcome, left, liveKeys: server.liveKeyCount(), requests: server.requestCount() };
  } finally {
    await server.close();
  }
}

test('against a conforming server every step passes and the key is gone afterwards', async () => {
  const { outcome, left, liveKeys } = await lifecycleAgainst();
  expect(outcome.violations).toEqual([]);
  expect(outcome.aborted).toBeUndefined();
  // list, create, list, revoke, list, use the revoked key, revoke again, revoke an unknown id.
  expect(outcome.sent).toBe(8);
  expect(outcome.phase).toBe('lifecycle');
  expect(outcome.operationId).toBe('keys');
  expect(left).toEqual([]);
  expect(liveKeys).toBe(0);
});

for (const [fault, check, location] of [
  ['list-always-empty', 'created_key_listed', 'id'],
  ['list-prefix-differs', 'created_key_listed', 'key_prefix'],
  ['revoke-keeps-listed', 'revoked_key_unlisted', 'id'],
  ['revoked-key-authenticates', 'revoked_key_rejected', 'revoked key as credential'],
  ['revoke-unknown-204', 'revoke_missing_is_404', 'revoke-again'],
] as const) {
  test(`${fault} is found by ${check} at its step`, async () => {
    const { outcome } = await lifecycleAgainst(fault);
    const found = outcome.violations.filter((v) => v.check === check);
    expect(found.map((v) => v.location)).toContain(location);
    expect(found[0].replayPath).toMatch(/^keys\/lifecycle:\d$/);
    expect(found[0].phase).toBe('lifecycle');
  });
}

test('an unknown id revoked with 204 is reported apart from the revoked one', async () => {
  const { outcome } = await lifecycleAgainst('revoke-unknown-204');
  expect(outcome.violations.filter((v) => v.check === 'revoke_missing_is_404').map((v) => v.location)).toEqual(['revoke-again', 'revoke-unknown']);
});

test('when no key can be created the scenario stops after the create and says why', async () => {
  const server = await scriptedServer((r) => (r.method === 'POST' ? { status: 422, body: '{"detail":"no"}' } : { status: 200, body: '[]' }));
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '8' });
    const outcome = await gate.lifecycle();
    await gate.close();
    expect(outcome.aborted).toBe('no key was created, so list and revoke could not be followed');
    expect(outcome.sent).toBe(2);
    expect(server.received.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(outcome.violations.map((v) => v.check)).toContain('positive_data_acceptance');
  } finally {
    await server.close();
  }
});

test('a contract without create, list and revoke has no lifecycle to follow', async () => {
  const doc = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8'));
  delete doc.paths['/v1/dev/keys/{key_id}'];
  const withoutRevoke = path.join(scratch.dir, 'openapi.json');
  writeFileSync(withoutRevoke, JSON.stringify(doc));
  const gate = testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '8', OMI_CONTRACT: withoutRevoke });
  expect(gate.declaredPhaseKeys()).not.toContain('keys/lifecycle');
  const outcome = await gate.lifecycle();
  await gate.close();
  expect(outcome.aborted).toBe('the contract has no create, list and revoke operations to follow');
  expect(outcome.sent).toBe(0);
});
