import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { CONTRACT_PATH, scratchDir, testGate } from '../support/contract';
import { createdKeyFor, scriptedServer, type ScriptedAnswer, type ScriptedRequest } from '../support/servers';
import { RunContext } from '../../../src/engine/context';
import { startRun, finishRun } from '../../../src/engine/run';
import { runScenarioPhase } from '../../support/run';
import { declaredKeys } from '../../../src/engine/plan';
import { scenarioKey } from '../../../src/engine/phases/resource-scenario';

// The key is one resource among them: its scenario is the generic one, with the two steps of its
// own (the list the random phases left, and its secret used after its delete), judged by the key's
// own checks and by every resource's.

const TOKEN = 'omi_test_key_scenario_credential';
const scratch = scratchDir('key-scenario');
afterAll(scratch.remove);

const keyScenario = (gate: RunContext) => runScenarioPhase(gate, gate.roles.resource!);
const KEYS_ONLY = path.join(path.dirname(CONTRACT_PATH), 'fixtures', 'contracts', 'keys-only.json');

async function againstReference(fault?: string) {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '8' });
    await startRun(gate);
    const outcome = await keyScenario(gate);
    const left = await finishRun(gate);
    await gate.close();
    return { outcome, left, liveKeys: server.liveKeyCount() };
  } finally {
    await server.close();
  }
}

test('the key resource is found from the contract, followed like every resource, and its phase is named after it', async () => {
  const gate = testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN });
  await gate.close();
  expect(gate.roles.resource?.collection).toBe('/v1/dev/keys');
  expect(gate.scenarioResources()).toContain(gate.roles.resource);
  expect(declaredKeys(gate)).toContain('keys/scenario');
  expect(declaredKeys(gate).some((k) => k.endsWith('/lifecycle'))).toBe(false);
  expect(declaredKeys(gate)).toContain('resources/sequences');
  // A contract whose only resource is the key has no random sequences to declare: a run of it is complete without them.
  const keysOnly = testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_CONTRACT: KEYS_ONLY });
  await keysOnly.close();
  expect(declaredKeys(keysOnly)).toContain('keys/scenario');
  expect(declaredKeys(keysOnly)).not.toContain('resources/sequences');
  expect(() => testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_CONTRACT: KEYS_ONLY, OMI_FUZZ_SEED: '1', OMI_FUZZ_PATH: 'resources/sequences:0' })).toThrow(/names no phase "resources\/sequences"/);
});

test('against a conforming server every step passes and the key is gone afterwards', async () => {
  const { outcome, left, liveKeys } = await againstReference();
  expect(outcome.violations).toEqual([]);
  expect(outcome.aborted).toBeUndefined();
  // list before, create, list, delete, delete again, use the deleted key, list after, delete an unknown id.
  expect(outcome.sent).toBe(8);
  expect(outcome.key).toBe('keys/scenario');
  expect(left).toEqual({ keys: [], resources: [] });
  expect(liveKeys).toBe(0);
});

for (const [fault, check, location] of [
  ['list-always-empty', 'created_resource_listed', 'list'],
  ['list-prefix-differs', 'listed_key_prefix_matches', 'key_prefix'],
  ['revoke-keeps-listed', 'deleted_resource_gone', 'list'],
  ['revoked-key-authenticates', 'revoked_key_rejected', 'revoked key as credential'],
  ['revoke-unknown-204', 'use_after_delete_404', 'deleted-again'],
] as const) {
  test(`${fault} is found by ${check} at its step`, async () => {
    const { outcome } = await againstReference(fault);
    const found = outcome.violations.filter((v) => v.check === check);
    expect(found.map((v) => v.location)).toContain(location);
    expect(found[0].replayPath).toMatch(/^keys\/scenario:\d$/);
  });
}

test('an unknown id deleted with 204 is reported apart from the deleted one', async () => {
  const { outcome } = await againstReference('revoke-unknown-204');
  expect(outcome.violations.filter((v) => v.check === 'use_after_delete_404').map((v) => v.location)).toEqual(['deleted-unknown', 'deleted-again']);
});

// Against a small stateful server whose answers a test can change.
// `shape` changes what a create answers (and stores).
// `start`: the run's snapshot of what exists is taken first, as a whole run does.
async function drive(answer?: (r: ScriptedRequest) => ScriptedAnswer | 'hang' | undefined, env: Record<string, string> = {}, shape = (created: Record<string, unknown>) => created, start = false) {
  const keys = new Map<string, unknown>();
  const server = await scriptedServer((r) => {
    const custom = answer?.(r);
    if (custom) return custom;
    if (r.method === 'POST') {
      const created = shape(JSON.parse(createdKeyFor(r.body)));
      keys.set(String(created.id), created.key);
      return { status: 200, body: JSON.stringify(created) };
    }
    if (r.method === 'DELETE') {
      const id = decodeURIComponent(r.url.split('/').pop()!);
      return keys.delete(id) ? { status: 204, headers: {}, body: '' } : { status: 404, body: '{"detail":"Not found"}' };
    }
    if (![...keys.values()].some((k) => r.headers.authorization === `Bearer ${k}`) && r.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: '{"detail":"Invalid API key"}' };
    return { status: 200, body: JSON.stringify([...keys.keys()].map((id) => ({ id }))) };
  });
  const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '8', ...env });
  try {
    if (start) await startRun(gate);
    const outcome = await keyScenario(gate);
    const left = await finishRun(gate);
    return { outcome, left, received: server.received, gate };
  } finally {
    await gate.close();
    await server.close();
  }
}

test('each step goes where it should; only the use after the delete sends the key\'s secret', async () => {
  const { outcome, received, gate } = await drive();
  const [key] = gate.secretLedger.keys;
  const shown = received.map((r) => `${r.method} ${r.url.replace(/never-issued-[0-9a-f]{12}$/, 'never-issued-…')} ${r.headers.authorization}`);
  expect(shown.slice(0, 4)).toEqual([
    `GET /v1/dev/keys Bearer ${TOKEN}`,
    `POST /v1/dev/keys Bearer ${TOKEN}`,
    `GET /v1/dev/keys Bearer ${TOKEN}`,
    `DELETE /v1/dev/keys/${key.id} Bearer ${TOKEN}`,
  ]);
  // After the delete: the deleted key's use and an unknown id's delete overlap, then the key is deleted again and the list read.
  expect(shown.slice(4, 6).sort()).toEqual([`DELETE /v1/dev/keys/never-issued-… Bearer ${TOKEN}`, `GET /v1/dev/keys Bearer ${key.secret}`]);
  expect(shown.slice(6)).toEqual([`DELETE /v1/dev/keys/${key.id} Bearer ${TOKEN}`, `GET /v1/dev/keys Bearer ${TOKEN}`]);
  expect(outcome.sent).toBe(8);
  // The secret is in no case: the target fills it in.
  expect(JSON.stringify(outcome)).not.toContain(key.secret);
  // The scenario deleted its key: cleanup has nothing left to do.
  expect(received.filter((r) => r.method === 'DELETE')).toHaveLength(3);
});

test('a key created without a secret is followed, but there is no deleted key to use', async () => {
  const { outcome, received } = await drive(undefined, {}, ({ key: _secret, ...shown }) => shown);
  expect(received.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'DELETE', 'DELETE', 'DELETE', 'GET']);
  expect(outcome.sent).toBe(7);
});

for (const [label, answer] of [
  ['answered 422', { status: 422, body: '{"detail":"no"}' }],
  ['that gets no answer', 'hang'],
] as const) {
  test(`a create ${label} is no key to follow: the scenario stops after it and says why`, async () => {
    const { outcome, received } = await drive((r) => (r.method === 'POST' ? answer : undefined), { OMI_REQUEST_TIMEOUT_MS: '150' });
    expect(outcome.aborted).toBe('the create made no keys, so the scenario could not be followed');
    expect(received.map((r) => r.method)).toEqual(['GET', 'POST']);
  });
}

test('the list before the scenario finds a key no successful create returned, once the run knows what was there before it', async () => {
  let lists = 0;
  const stray = (r: ScriptedRequest) => (r.method === 'GET' && r.url === '/v1/dev/keys' && r.headers.authorization === `Bearer ${TOKEN}` && ++lists > 1 ? { status: 200, body: JSON.stringify([{ id: 'stray', key_prefix: 'omi_dev_aaaa...aaaa' }]) } : undefined);
  // Without the list from the run's start, old keys cannot be told from strays: not judged.
  const unknown = await drive(stray);
  expect(unknown.outcome.violations.filter((v) => v.check === 'rejected_create_leaves_nothing')).toEqual([]);
  lists = 0;
  const known = await drive(stray, {}, undefined, true);
  const found = known.outcome.violations.filter((v) => v.check === 'rejected_create_leaves_nothing');
  expect(found.map((v) => v.received)).toEqual(['stray (omi_dev_aaaa...aaaa)']);
  expect(found[0].caseLabel).toBe('keys: listed-before');
});

test('a contract without a key delete has no key scenario to follow', async () => {
  const doc = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8'));
  delete doc.paths['/v1/dev/keys/{key_id}'];
  const withoutRevoke = path.join(scratch.dir, 'openapi.json');
  writeFileSync(withoutRevoke, JSON.stringify(doc));
  const gate = testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '8', OMI_CONTRACT: withoutRevoke });
  await gate.close();
  expect(gate.scenarioResources().map((r) => r.name)).not.toContain('keys');
  expect(declaredKeys(gate).map((k) => k.split('/')[0])).not.toContain('keys');
  expect(scenarioKey(gate.resources.find((r) => r.name === 'keys')!)).toBe('keys/scenario');
});
