import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { CONTRACT_PATH, scratchDir, testGate } from '../support/contract';
import type { RunView } from '../../../src/checks';
import type { KeyRoles } from '../../../src/contract/roles';
import { Judge } from '../../../src/engine/judge';
import { KeyLedger } from '../../../src/engine/key-ledger';
import { runLifecycle } from '../../../src/engine/lifecycle';
import { RunJournal } from '../../../src/engine/run-journal';
import type { Case } from '../../../src/generate/case';
import { Redactor } from '../../../src/report/redact';
import type { Exchange } from '../../../src/target/http';
import type { Target } from '../../../src/target/target';
import { createdKeyFor, scriptedServer, type ScriptedAnswer, type ScriptedRequest } from '../support/servers';

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
  expect(left).toEqual({ keys: [], resources: [] });
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

// The scenario driven directly: every case it sends is seen (through `record`), against a small
// stateful server whose answers a test can change step by step.

interface DriveOptions {
  /** Overrides the status (or the whole answer) of a request. */
  answer?: (r: ScriptedRequest, n: number) => ScriptedAnswer | 'hang' | undefined;
  roles?: Partial<KeyRoles>;
  /** Keys the ledger holds before the scenario starts. */
  before?: { id: string; key: string }[];
  /** Fakes the exchange of a request, as no HTTP server could answer. */
  exchange?: (testCase: Case, real: Exchange) => Exchange;
  env?: Record<string, string>;
  /** Judges with the run's checks, each finding reported once per run. */
  checks?: boolean;
}

async function drive(options: DriveOptions = {}) {
  const keys = new Map<string, string>();
  let n = 0;
  const server = await scriptedServer((r) => {
    const custom = options.answer?.(r, ++n);
    if (custom) return custom;
    if (r.method === 'POST') {
      const body = createdKeyFor(r.body);
      const { id, key } = JSON.parse(body);
      keys.set(id, key);
      return { status: 200, body };
    }
    if (r.method === 'DELETE') {
      const id = decodeURIComponent(r.url.split('/').pop()!);
      return keys.delete(id) ? { status: 204, headers: {}, body: '' } : { status: 404, body: '{"detail":"Not found"}' };
    }
    return { status: 200, body: JSON.stringify([...keys.keys()].map((id) => ({ id }))) };
  });
  const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '8', ...options.env });
  try {
    const roles: KeyRoles = { ...gate.roles, ...options.roles };
    const ledger = new KeyLedger(new Redactor(), new RunJournal(undefined));
    for (const [i, k] of (options.before ?? []).entries()) ledger.record(k, 100 + i, 'key');
    const cases: Case[] = [];
    const target = options.exchange
      ? (Object.assign(Object.create(gate.target), { send: async (c: Case, credential?: string) => options.exchange!(c, await gate.target.send(c, credential)) }) as Target)
      : gate.target;
    const result = await runLifecycle({
      roles, target, ledger, judge: options.checks ? (gate as unknown as { newJudge(): Judge }).newJudge() : new Judge(gate.contract, gate.oracle, [], 'live', {} as RunView), runSeed: 8,
      createBody: { kind: 'json', contentType: 'application/json', value: { name: 'lifecycle key' } },
      unknownId: 'never-issued-abc',
      redact: (v) => v,
      record: (exchange, testCase) => {
        cases.push(testCase);
        const status = exchange.response?.status ?? 0;
        if (testCase.operationId === 'createApiKey' && status >= 200 && status < 300) ledger.record(JSON.parse(exchange.response!.body), exchange.sequence ?? 0, 'key');
      },
      firstReport: options.checks ? (k) => gate.journal.firstReport(k) : () => true,
    });
    return { result, cases, received: server.received, ledger };
  } finally {
    await gate.close();
    await server.close();
  }
}

test('each step is its own case: named, labelled, with the credential and the key it is about', async () => {
  const { result, cases, received, ledger } = await drive();
  const [key] = ledger.keys;
  const bearer = { kind: 'credential', scheme: 'Bearer' };
  const base = { phase: 'lifecycle', expectation: 'accept', auth: bearer, body: { kind: 'none' }, pathParams: {} };
  expect(cases).toEqual([
    { ...base, operationId: 'listApiKeys', method: 'GET', label: 'lifecycle: list-after-negatives', step: { name: 'list-after-negatives' } },
    { ...base, operationId: 'createApiKey', method: 'POST', label: 'lifecycle: create', step: { name: 'create' }, body: { kind: 'json', contentType: 'application/json', value: { name: 'lifecycle key' } } },
    { ...base, operationId: 'listApiKeys', method: 'GET', label: 'lifecycle: list-after-create', step: { name: 'list-after-create', keyId: key.id } },
    { ...base, operationId: 'revokeApiKey', method: 'DELETE', label: 'lifecycle: revoke', step: { name: 'revoke', keyId: key.id }, pathParams: { key_id: key.id } },
    { ...base, operationId: 'listApiKeys', method: 'GET', label: 'lifecycle: list-after-revoke', step: { name: 'list-after-revoke', keyId: key.id } },
    { ...base, operationId: 'listApiKeys', method: 'GET', label: 'lifecycle: use-revoked-key', step: { name: 'use-revoked-key', keyId: key.id }, expectation: 'reject-auth' },
    { ...base, operationId: 'revokeApiKey', method: 'DELETE', label: 'lifecycle: revoke-again', step: { name: 'revoke-again', keyId: key.id }, pathParams: { key_id: key.id } },
    { ...base, operationId: 'revokeApiKey', method: 'DELETE', label: 'lifecycle: revoke-unknown', step: { name: 'revoke-unknown' }, pathParams: { key_id: 'never-issued-abc' } },
  ]);
  expect(received.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual([
    `GET /v1/dev/keys Bearer ${TOKEN}`,
    `POST /v1/dev/keys Bearer ${TOKEN}`,
    `GET /v1/dev/keys Bearer ${TOKEN}`,
    `DELETE /v1/dev/keys/${key.id} Bearer ${TOKEN}`,
    `GET /v1/dev/keys Bearer ${TOKEN}`,
    // Only the use of the revoked key sends that key's secret.
    `GET /v1/dev/keys Bearer ${key.secret}`,
    `DELETE /v1/dev/keys/${key.id} Bearer ${TOKEN}`,
    `DELETE /v1/dev/keys/never-issued-abc Bearer ${TOKEN}`,
  ]);
  expect(result.sent).toBe(8);
  expect(result.description).toBe('create, list, revoke, use the revoked key, revoke again');
  expect(result.violations).toEqual([]);
  expect(result.allowed).toEqual([]);
  expect(result.known).toEqual([]);
  expect(ledger.isRevoked(key.id)).toBe(true);
});

test('the key followed is the one this create made, not one the ledger held before', async () => {
  const { cases, ledger } = await drive({ before: [{ id: 'older-key', key: 'omi_dev_older_secret_0000000000000000' }] });
  expect(ledger.keys.map((k) => k.id)[0]).toBe('older-key');
  const created = ledger.keys[1];
  expect(cases.find((c) => c.step?.name === 'revoke')?.pathParams).toEqual({ key_id: created.id });
  expect(ledger.isRevoked('older-key')).toBe(false);
  expect(ledger.isRevoked(created.id)).toBe(true);
});

test('the revoke takes the key id in the revoke operation\'s path parameter, whatever comes before it', async () => {
  const probe = testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN });
  const revoke = probe.roles.revoke!;
  await probe.close();
  const withHeader = { ...revoke, parameters: [{ ...revoke.parameters[0], in: 'header', name: 'x-trace' }, ...revoke.parameters] } as typeof revoke;
  const { cases } = await drive({ roles: { revoke: withHeader } });
  expect(cases.filter((c) => c.operationId === 'revokeApiKey').map((c) => Object.keys(c.pathParams))).toEqual([['key_id'], ['key_id'], ['key_id']]);
});

for (const [status, revoked] of [[200, true], [204, true], [299, true], [300, false], [404, false], [500, false], [199, false]] as const) {
  test(`a revoke answered ${status} ${revoked ? 'marks' : 'does not mark'} the key revoked`, async () => {
    const { ledger } = await drive({
      exchange: (c, real) => (c.step?.name === 'revoke' ? { ...real, response: { status, headers: {}, body: '' } } : real),
    });
    expect(ledger.isRevoked(ledger.keys[0].id)).toBe(revoked);
  });
}

test('a revoke that got no answer does not mark the key revoked', async () => {
  const { ledger } = await drive({
    exchange: (c, real) => (c.step?.name === 'revoke' ? { ...real, response: undefined, failure: { kind: 'reset', message: 'connection reset' } } : real),
  });
  expect(ledger.isRevoked(ledger.keys[0].id)).toBe(false);
});

test('a key created without a secret is followed, but there is no revoked key to use', async () => {
  const { cases, result } = await drive({
    answer: (r) => (r.method === 'POST' ? { status: 200, body: JSON.stringify({ ...JSON.parse(createdKeyFor(r.body)), key: undefined }) } : undefined),
  });
  expect(cases.map((c) => c.step?.name)).toEqual(['list-after-negatives', 'create', 'list-after-create', 'revoke', 'list-after-revoke', 'revoke-again', 'revoke-unknown']);
  expect(result.sent).toBe(7);
});

test('a create answered 201 is not a created key to follow', async () => {
  const { result, cases } = await drive({ answer: (r) => (r.method === 'POST' ? { status: 201, body: createdKeyFor(r.body) } : undefined) });
  expect(result.aborted).toBe('no key was created, so list and revoke could not be followed');
  expect(cases).toHaveLength(2);
});

test('a create that gets no answer stops the scenario', async () => {
  const { result, cases } = await drive({ answer: (r) => (r.method === 'POST' ? 'hang' : undefined), env: { OMI_REQUEST_TIMEOUT_MS: '150' } });
  expect(result.aborted).toBe('no key was created, so list and revoke could not be followed');
  expect(cases).toHaveLength(2);
});

for (const missing of ['create', 'list', 'revoke'] as const) {
  test(`without a ${missing} operation there is no lifecycle, and nothing is sent`, async () => {
    const { result, received } = await drive({ roles: { [missing]: undefined } });
    expect(result.aborted).toBe('the contract has no create, list and revoke operations to follow');
    expect(result.sent).toBe(0);
    expect(received).toEqual([]);
  });
}

test('a finding met at several steps is reported once, unshrunk, at the step it was first met', async () => {
  // Every list answers 500: the same identity at four steps.
  const { result } = await drive({ answer: (r) => (r.method === 'GET' ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' } : undefined), checks: true });
  const found = result.violations.filter((v) => v.check === 'not_a_server_error');
  expect(found).toHaveLength(1);
  expect(found[0].replayPath).toBe('keys/lifecycle:0');
  expect(found[0].caseLabel).toBe('lifecycle: list-after-negatives');
  expect(found[0].shrunk).toBe(false);
  expect(found[0].firstSeenAt).toBe(1);
});
