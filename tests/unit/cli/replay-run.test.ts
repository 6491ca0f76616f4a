import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runReplay, whyNotJudged } from '../../../src/cli/replay-run';
import { drawAtPath } from '../../../src/engine/phases/run-phase';
import { SuiteInputError } from '../../../src/contract/errors';
import { saveRegression } from '../../../src/generate/regressions';
import { ISOLATED_ENV, scratchDir, testGate } from '../support/contract';
import { createdKeyFor, scriptedServer, type ScriptedAnswer, type ScriptedRequest } from '../support/servers';

// The replay command against live loopback targets started here (against the mock it starts Prism:
// that path is tested end to end in tests/self/cli.spec.ts).

const TOKEN = 'omi_test_replay_command_credential';
const scratch = scratchDir('replay');
afterAll(scratch.remove);

/** A conforming create and list; `fault` answers instead where it returns something. */
function server(fault: (r: ScriptedRequest) => ScriptedAnswer | undefined = () => undefined) {
  return scriptedServer((r) => fault(r) ?? (r.method === 'POST' ? { status: 200, body: createdKeyFor(r.body) } : r.method === 'DELETE' ? { status: 204, headers: {} } : { status: 200, body: '[]' }));
}

async function replay(args: string[], fault?: (r: ScriptedRequest) => ScriptedAnswer | undefined, env: Record<string, string> = {}) {
  const target = await server(fault);
  const printed: string[] = [];
  try {
    const code = await runReplay(args, { ...ISOLATED_ENV, OMI_API_BASE_URL: target.url, OMI_API_TOKEN: TOKEN, ...env }, (line) => printed.push(line));
    return { code, printed: printed.join('\n'), received: target.received };
  } finally {
    await target.close();
  }
}

test('without a seed and a path, or a case file, it is a usage error', async () => {
  await expect(replay([])).rejects.toThrow(new SuiteInputError('usage: npm run replay -- --seed N --path operationId/phase:path [--check NAME]   |   npm run replay -- CASE.json'));
  await expect(replay(['--seed', '1'])).rejects.toThrow(/usage/);
  await expect(replay(['--path', 'createApiKey/positive:1'])).rejects.toThrow(/usage/);
});

test('a case file that is missing, or not a saved case, is a one-line error', async () => {
  await expect(replay([path.join(scratch.dir, 'absent.json')])).rejects.toThrow(/no case file .*absent\.json/);
  const other = path.join(scratch.dir, 'other.json');
  writeFileSync(other, JSON.stringify({ case: {} }));
  await expect(replay([other])).rejects.toThrow(/is not a saved regression case/);
});

test('a case that still breaks a check prints its block, sends only it, and exits 1', async () => {
  // Any valid create will do: the server crashes on every create here.
  const crashAll = (r: ScriptedRequest) => (r.method === 'POST' ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' } : undefined);
  const result = await replay(['--seed', '9', '--path', 'createApiKey/positive:3'], crashAll);
  expect(result.code).toBe(1);
  expect(result.printed).toMatch(/^✗ not_a_server_error · createApiKey · positive/m);
  expect(result.printed).toMatch(/Replay: OMI_API_BASE_URL=http:\/\/127\.0\.0\.1:\d+ OMI_API_TOKEN="\$OMI_API_TOKEN" OMI_FUZZ_SEED=9 OMI_FUZZ_PATH='createApiKey\/positive:3/);
  expect(result.printed).not.toContain(TOKEN);
  expect(result.received.filter((r) => r.method === 'POST')[0].body).not.toBe('');
});

test('a case that now passes says so and exits 0', async () => {
  const result = await replay(['--seed', '9', '--path', 'createApiKey/positive:3']);
  expect(result.code).toBe(0);
  expect(result.printed).toMatch(/^Not reproduced: the case passed every check on http:\/\/127\.0\.0\.1:\d+\.$/m);
  // The case is sent once (then its key is revoked): nothing else of the run is sent.
  expect(result.received.filter((r) => r.method === 'POST')).toHaveLength(1);
  expect(result.received.filter((r) => r.method === 'DELETE')).toHaveLength(1);
});

test('a path the run does not have is refused before anything is sent', async () => {
  await expect(replay(['--seed', '9', '--path', 'createApiKey/positive:400'])).rejects.toThrow(/has 400 cases, numbered from 0/);
  await expect(replay(['--seed', '9', '--path', 'noSuchOperation/positive:1'])).rejects.toThrow(/names no phase/);
});

test('a violation that is a known discrepancy reproduces as known, and exits 0', async () => {
  const known = path.join(scratch.dir, 'known.json');
  writeFileSync(known, JSON.stringify({ discrepancies: [{ operation: 'createApiKey', check: 'not_a_server_error', status: 500, location: '', reason: 'accepted in this test' }] }));
  const crashAll = (r: ScriptedRequest) => (r.method === 'POST' ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'boom' } : undefined);
  const result = await replay(['--seed', '9', '--path', 'createApiKey/positive:3'], crashAll, { OMI_KNOWN_DISCREPANCIES: known, OMI_CHECKS: 'not_a_server_error' });
  expect(result.code).toBe(0);
  expect(result.printed).toMatch(/· known discrepancy/);
  expect(result.printed).toMatch(/^Reproduced, but only as a known discrepancy or an allowed departure of this target\.$/m);
});

test('a saved case replays from its file, and keys it could not revoke are named and fail it', async () => {
  const gate = testGate({ OMI_FUZZ_SEED: '9' });
  const examples = gate.phasesOf('createApiKey').find((p) => p.name === 'examples')!;
  if (examples.kind !== 'list') throw new Error('examples is a list');
  const { file } = saveRegression(scratch.dir, { check: 'not_a_server_error', operationId: 'createApiKey', targetKind: 'live', status: 500, location: '', seed: 9, path: 'createApiKey/examples:0', case: examples.cases[0] });
  const refuseRevoke = (r: ScriptedRequest) => (r.method === 'DELETE' ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'no' } : undefined);
  const result = await replay([file], refuseRevoke);
  expect(result.code).toBe(1);
  expect(result.printed).toMatch(/^Not reproduced/m);
  expect(result.printed).toMatch(/^all_keys_revoked: 1 key\(s\) created by this run could not be revoked: [0-9a-f-]{36} \(omi_dev_[0-9a-f]{4}\.\.\.[0-9a-f]{4}\)$/m);
  expect(JSON.parse(result.received.find((r) => r.method === 'POST')!.body)).toEqual((examples.cases[0].body as { value: unknown }).value);
});

test('a case held back by a limit of the run is not judged: it says why and exits 2', async () => {
  const gate = testGate({ OMI_FUZZ_SEED: '9' });
  const examples = gate.phasesOf('createApiKey').find((p) => p.name === 'examples')!;
  if (examples.kind !== 'list') throw new Error('examples is a list');
  const { file } = saveRegression(scratch.dir, { check: 'not_a_server_error', operationId: 'createApiKey', targetKind: 'live', status: 500, location: '', seed: 9, path: 'createApiKey/examples:1', case: examples.cases[1] });
  const result = await replay([file], undefined, { OMI_MAX_KEYS: '1' });
  expect(result.code).toBe(2);
  expect(result.printed).toMatch(/^No case was sent: the budget for keys is spent \(OMI_MAX_KEYS=1 /m);
  expect(result.received.filter((r) => r.method === 'POST')).toEqual([]);
});

test('a target that does not answer is a finding, not "nothing sent"', async () => {
  const printed: string[] = [];
  const code = await runReplay(['--seed', '9', '--path', 'createApiKey/positive:3'], { ...ISOLATED_ENV, OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_REQUEST_TIMEOUT_MS: '2000' }, (line) => printed.push(line));
  expect(code).toBe(1);
  expect(printed.join('\n')).toMatch(/^✗ target_responds · listApiKeys · positive\n  No HTTP answer: connection refused/m);
});

const crashCreates = (r: ScriptedRequest) => (r.method === 'POST' ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' } : undefined);

test('a seed and path replay exactly the case of that phase, and a reproduced case says nothing more', async () => {
  const gate = testGate({ OMI_FUZZ_SEED: '9' });
  const positive = gate.phasesOf('createApiKey').find((p) => p.name === 'positive')!;
  if (positive.kind !== 'fuzz') throw new Error('positive is random');
  const { draw } = drawAtPath(positive, 9, '3');
  const expected = draw && 'case' in draw && draw.case.body.kind === 'json' ? draw.case.body.value : undefined;
  const result = await replay(['--seed', '9', '--path', 'createApiKey/positive:3'], crashCreates);
  expect(result.received.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body))).toEqual([expected]);
  expect(result.code).toBe(1);
  expect(result.printed).not.toMatch(/Reproduced, but only|Not reproduced|all_keys_revoked|No case was sent/);
});

test('a saved case replays by seed and path too, from the saved cases of the run', async () => {
  const dir = path.join(scratch.dir, 'saved');
  mkdirSync(dir);
  const gate = testGate({ OMI_FUZZ_SEED: '9' });
  const examples = gate.phasesOf('createApiKey').find((p) => p.name === 'examples')!;
  if (examples.kind !== 'list') throw new Error('examples is a list');
  saveRegression(dir, { check: 'not_a_server_error', operationId: 'createApiKey', targetKind: 'live', status: 500, location: '', seed: 9, path: 'createApiKey/examples:2', case: examples.cases[2] });
  const result = await replay(['--seed', '9', '--path', 'createApiKey/regressions:0'], crashCreates, { OMI_REGRESSIONS_DIR: dir });
  expect(result.code).toBe(1);
  expect(result.printed).toMatch(/^✗ not_a_server_error · createApiKey · regressions/m);
  expect(result.received.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body))).toEqual([(examples.cases[2].body as { value: unknown }).value]);
});

test('a saved case file that still breaks prints its block as a saved regression, and exits 1', async () => {
  const gate = testGate({ OMI_FUZZ_SEED: '9' });
  const examples = gate.phasesOf('createApiKey').find((p) => p.name === 'examples')!;
  if (examples.kind !== 'list') throw new Error('examples is a list');
  mkdirSync(path.join(scratch.dir, 'file'));
  const { file } = saveRegression(path.join(scratch.dir, 'file'), { check: 'not_a_server_error', operationId: 'createApiKey', targetKind: 'live', status: 500, location: '', seed: 9, path: 'createApiKey/examples:0', case: examples.cases[0] });
  const result = await replay([file], crashCreates);
  expect(result.code).toBe(1);
  expect(result.printed).toMatch(/^✗ not_a_server_error · createApiKey · regressions/m);
  expect(result.printed).not.toMatch(/Reproduced, but only|Not reproduced|all_keys_revoked/);
});

test('a file without a case is not a saved case', async () => {
  const file = path.join(scratch.dir, 'no-case.json');
  writeFileSync(file, '{}');
  await expect(replay([file])).rejects.toThrow(new SuiteInputError(`${file} is not a saved regression case`));
});

test('a replay prints what it sent and what it got, redacted', async () => {
  const result = await replay(['--seed', '9', '--path', 'createApiKey/positive:3'], crashCreates);
  expect(result.printed).toMatch(/^Sent:\n {2}POST http:\/\/127\.0\.0\.1:\d+\/v1\/dev\/keys\n(?: {2}.+\n)*? {2}authorization: Bearer \[Filtered\]\n/m);
  expect(result.printed).toMatch(/^Got:\n {2}500\n(?: {2}.*\n)* {2}Internal Server Error$/m);
  expect(result.printed).not.toContain(TOKEN);
});

test('a case whose check had nothing to judge on this target is not "not reproduced": it says so and exits 2', async () => {
  const result = await replay(['--seed', '9', '--path', 'createApiKey/positive:3', '--check', 'list_limit_respected']);
  expect(result.code).toBe(2);
  expect(result.printed).toMatch(/^Cannot judge it here: list_limit_respected had nothing to judge in this case on this target; replay it against the target it was found on\.$/m);
  expect(result.printed).not.toMatch(/Not reproduced/);
  // Its own check, judged and holding: not reproduced, exit 0.
  const held = await replay(['--seed', '9', '--path', 'createApiKey/positive:3', '--check', 'not_a_server_error']);
  expect(held.code).toBe(0);
  expect(held.printed).toMatch(/^Not reproduced/m);
  // Reproduced is reproduced, whatever check was named.
  expect((await replay(['--seed', '9', '--path', 'createApiKey/positive:3', '--check', 'list_limit_respected'], crashCreates)).code).toBe(1);
  await expect(replay(['--seed', '9', '--path', 'createApiKey/positive:3', '--check', 'no_such_check'])).rejects.toThrow(new SuiteInputError("--check no_such_check is not one of the gate's checks"));
});

test('a check this target cannot answer (a live-only check on the mock) is named with why', () => {
  const outcome = { notChecked: [{ check: 'revoked_key_rejected', reason: 'the mock keeps no state' }], tallies: { not_a_server_error: { judged: 1, skipped: 0, violations: 0, allowed: 0, known: 0 } } } as never;
  expect(whyNotJudged('revoked_key_rejected', outcome)).toBe('is not checked against this target (the mock keeps no state)');
  expect(whyNotJudged('list_limit_respected', outcome)).toBe('had nothing to judge in this case on this target');
  expect(whyNotJudged('not_a_server_error', outcome)).toBeUndefined();
});
