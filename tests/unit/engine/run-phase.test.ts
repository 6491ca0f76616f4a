import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { drawAtPath, phaseSeed, replayEnvOf } from '../../../src/engine/phases/run-phase';
import { readGateConfig } from '../../../src/config/config';
import { scratchDir, testGate } from '../support/contract';
import { createdKeyFor, scriptedServer, type ScriptedAnswer, type ScriptedRequest } from '../support/servers';
import { RunContext } from '../../../src/engine/context';
import { startRun } from '../../../src/engine/run';
import { runOperation } from '../../support/run';

const TOKEN = 'omi_test_run_phase_credential';
const crash: ScriptedAnswer = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
const conforming = (r: ScriptedRequest): ScriptedAnswer => (r.method === 'POST' ? { status: 200, body: createdKeyFor(r.body) } : r.method === 'DELETE' ? { status: 404, body: '{"detail":"Not found"}' } : { status: 200, body: '[]' });

// `start`: the run's snapshot of what exists is taken first (its requests are not the phase's), as a whole run does.
async function runPhaseAgainst(phaseName: string, answer: (r: ScriptedRequest) => ScriptedAnswer | undefined, env: Record<string, string> = {}, start = false) {
  const server = await scriptedServer((r) => answer(r) ?? conforming(r));
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '21', OMI_FUZZ_RUNS: '60', OMI_REQUEST_TIMEOUT_MS: '10000', ...env });
    if (start) await startRun(gate);
    const before = server.received.length;
    const [operationId, name] = phaseName.split('/');
    const outcome = await runOperation(gate, gate.phasesOf(operationId).find((p) => p.name === name)!);
    await gate.close();
    return { outcome, received: server.received.slice(before), gate };
  } finally {
    await server.close();
  }
}

test('each phase has its own seed, from the run seed and the phase', () => {
  expect(phaseSeed(1, 'a/positive')).toBe(phaseSeed(1, 'a/positive'));
  expect(phaseSeed(1, 'a/positive')).not.toBe(phaseSeed(2, 'a/positive'));
  expect(phaseSeed(1, 'a/positive')).not.toBe(phaseSeed(1, 'a/negative'));
  expect(Number.isInteger(phaseSeed(123456789, 'x'.repeat(100)))).toBe(true);
  expect(Math.abs(phaseSeed(123456789, 'x'.repeat(100)))).toBeLessThan(2 ** 31);
});

test('a replay line names the target and every setting that changes which case a path means', () => {
  expect(replayEnvOf(readGateConfig({}))).toBe('');
  expect(replayEnvOf(readGateConfig({ OMI_MOCK_MODE: 'dynamic' }))).toBe('OMI_MOCK_MODE=dynamic');
  expect(replayEnvOf(readGateConfig({ OMI_API_BASE_URL: 'http://127.0.0.1:9/', OMI_API_TOKEN: TOKEN }))).toBe('OMI_API_BASE_URL=http://127.0.0.1:9 OMI_API_TOKEN="$OMI_API_TOKEN"');
  expect(replayEnvOf(readGateConfig({ OMI_FUZZ_RUNS: '401', OMI_CONTRACT: 'other.json' }))).toMatch(/^OMI_FUZZ_RUNS=401 OMI_CONTRACT=\/.*other\.json$/);
  expect(replayEnvOf(readGateConfig({ OMI_FUZZ_RUNS: '400', OMI_CONTRACT: 'openapi.json' }))).toBe('');
});

test('a random finding is shrunk to the smallest case that still shows it, and its path replays that case', async () => {
  // The server crashes on three scopes or more: the smallest such case has exactly three.
  const manyScopes = (r: ScriptedRequest) => (r.method === 'POST' && (JSON.parse(r.body).scopes?.length ?? 0) >= 3 ? crash : undefined);
  const { outcome, gate } = await runPhaseAgainst('createApiKey/positive', manyScopes);
  const found = outcome.violations.filter((v) => v.check === 'not_a_server_error');
  expect(found).toHaveLength(1);
  const [v] = found;
  expect(v.shrunk).toBe(true);
  expect(JSON.parse(v.exchange.request.body!).scopes).toHaveLength(3);
  expect(v.caseLabel).toMatch(/^valid request /);
  expect(v.replayPath).toMatch(/^createApiKey\/positive:\d+(:\d+)+$/);
  expect(v.exchange.response?.status).toBe(500);
  const phase = gate.phasesOf('createApiKey').find((p) => p.name === 'positive')!;
  if (phase.kind !== 'fuzz') throw new Error('positive is random');
  const { draw } = drawAtPath(phase, 21, v.replayPath.split(':').slice(1).join(':'));
  expect(draw && 'case' in draw && JSON.stringify(draw.case.body.kind === 'json' && draw.case.body.value)).toBe(v.exchange.request.body);
  // Reported once, with the request number it was first seen at.
  expect(v.firstSeenAt).toBeGreaterThan(0);
  expect(v.identity).toBe('createApiKey | not_a_server_error | 500 | ');
});

test('a list phase sends its cases in order and is never shrunk', async () => {
  const { outcome, received } = await runPhaseAgainst('createApiKey/transport', (r) => (r.method === 'POST' ? { status: 200, body: '{}' } : undefined), { OMI_CONCURRENCY: '1' });
  const bodies = received.filter((r) => r.method === 'POST').map((r) => r.headers['content-type'] ?? '(none)');
  expect(bodies.slice(-5)).toEqual(['application/json', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', '(none)']);
  expect(outcome.sent).toBe(received.length);
  const rejection = outcome.violations.filter((v) => v.check === 'negative_data_rejection');
  expect(rejection).toHaveLength(1);
  expect(rejection[0].shrunk).toBe(false);
  expect(rejection[0].replayPath).toBe('createApiKey/transport:0');
  expect(rejection[0].message).toBe('An invalid request was accepted');
});

test('a target that stops answering ends the phase: reported once, nothing more sent, the reason named', async () => {
  let answered = 0;
  // Answers five requests, then holds every later one open.
  const server = await scriptedServer((r) => (++answered > 5 ? 'hang' : conforming(r)));
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '21', OMI_FUZZ_RUNS: '60', OMI_REQUEST_TIMEOUT_MS: '300', OMI_CONCURRENCY: '1' });
    const outcome = await runOperation(gate, gate.phasesOf('createApiKey').find((p) => p.name === 'positive')!);
    expect(outcome.aborted).toBe('the target stopped answering (no answer within 300 ms); no further cases were generated');
    expect(outcome.violations.map((v) => `${v.check}:${v.received}`)).toEqual(['target_responds:timeout']);
    expect(outcome.sent).toBe(6);
    expect(server.received).toHaveLength(6);
    // The runner skips every later phase for this reason.
    expect(gate.stoppedReason).toBe('the target stopped answering earlier in this run: no answer within 300 ms');
    await gate.close();
  } finally {
    await server.close();
  }
});

test('draws that leave the route are skipped and counted, not sent', async () => {
  const { outcome, received } = await runPhaseAgainst('revokeApiKey/positive', () => undefined, { OMI_FUZZ_RUNS: '300' }, true);
  expect(outcome.skipped).toBeGreaterThan(0);
  expect(outcome.sent + outcome.skipped).toBe(300);
  expect(received).toHaveLength(outcome.sent);
  expect(outcome.limited).toBeUndefined();
});

test('cases a limit of the run holds back are counted and named; the rest of the phase runs', async () => {
  const { outcome, received } = await runPhaseAgainst('createApiKey/positive', () => undefined, { OMI_MAX_KEYS: '5' });
  // 5 keys: 1 kept for the key scenario and 1 (a fifth) for the scope probes; of the 3 left, three quarters (2) for valid creates.
  expect(outcome.limited).toBe('the budget for keys is spent (OMI_MAX_KEYS=5 of each resource: three quarters for valid creates, 2 kept for the scenarios and probes)');
  expect(outcome.sent).toBe(2);
  expect(outcome.skipped).toBe(58);
  expect(received).toHaveLength(2);
});
// Replay paths: a random case's path names exactly the case that showed the violation, also when it
// was not shrunk (its path is then the case's own index, not one fast-check gave back).

const SEED = '5';
const scratch = scratchDir('replay-path');
afterAll(scratch.remove);
// A known discrepancy is reported as found, never shrunk: the finding keeps the index it was sent at.
const KNOWN_500 = path.join(scratch.dir, 'known.json');
writeFileSync(KNOWN_500, JSON.stringify({ discrepancies: [{ operation: 'createApiKey', check: 'not_a_server_error', status: 500, location: '', reason: 'the test fault' }] }));

const gateFor = (url: string, extra: Record<string, string> = {}) =>
  testGate({ OMI_API_BASE_URL: url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: SEED, OMI_FUZZ_RUNS: '40', OMI_CONCURRENCY: '1', ...extra });
const positiveOf = (gate: RunContext) => gate.phasesOf('createApiKey').find((p) => p.name === 'positive')!;
const creates = (received: ScriptedRequest[]) => received.filter((r) => r.method === 'POST').map((r) => r.body);

async function sentBodies(env: Record<string, string> = {}, failOn?: string) {
  const server = await scriptedServer((r) =>
    r.body === failOn ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' } : { status: 200, body: createdKeyFor(r.body) },
  );
  const gate = gateFor(server.url, env);
  try {
    const outcome = await runOperation(gate, positiveOf(gate));
    return { outcome, bodies: creates(server.received), gate };
  } finally {
    await gate.close();
    await server.close();
  }
}

test('a case that is not shrunk is reported at its own index, and that path replays exactly it', async () => {
  const { bodies: all } = await sentBodies();
  expect(all).toHaveLength(40);
  for (const index of [0, 16, 39]) {
    const { outcome } = await sentBodies({ OMI_KNOWN_DISCREPANCIES: KNOWN_500 }, all[index]);
    const found = outcome.known.find((v) => v.check === 'not_a_server_error')!;
    expect(found.shrunk).toBe(false);
    expect(found.replayPath).toBe(`createApiKey/positive:${index}`);
    expect(found.exchange.request.body).toBe(all[index]);
    const replay = await sentBodies({ OMI_FUZZ_PATH: found.replayPath });
    expect(replay.bodies).toEqual([all[index]]);
  }
});

test('drawAtPath names the same case the run sent at that index, and refuses paths past the budget', async () => {
  const { bodies: all, gate } = await sentBodies();
  const phase = positiveOf(gate);
  if (phase.kind !== 'fuzz') throw new Error('positive is random');
  for (const index of [0, 7, 39]) {
    const { draw } = drawAtPath(phase, Number(SEED), String(index));
    expect(draw && 'case' in draw && JSON.stringify(draw.case.body.kind === 'json' ? draw.case.body.value : undefined)).toBe(all[index]);
  }
  expect(drawAtPath(phase, Number(SEED), '40').problem).toMatch(/has 40 cases, numbered from 0/);
});

test('a fixed case replays by its index: path n sends case n of the list, and only it', async () => {
  const server = await scriptedServer((r) => ({ status: 200, body: createdKeyFor(r.body) }));
  const gate = gateFor(server.url, { OMI_FUZZ_PATH: 'createApiKey/examples:2' });
  try {
    const examples = gate.phasesOf('createApiKey').find((p) => p.name === 'examples')!;
    if (examples.kind !== 'list') throw new Error('examples is a list');
    await runOperation(gate, examples);
    const sent = creates(server.received).map((b) => JSON.parse(b));
    expect(sent).toEqual([(examples.cases[2].body as { value: unknown }).value]);
    expect(examples.cases[2].label).toBe('scopes = ["conversations:write"]');
  } finally {
    await gate.close();
    await server.close();
  }
});
