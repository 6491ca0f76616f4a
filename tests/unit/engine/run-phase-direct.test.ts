import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Check } from '../../../src/model/check';
import { targetResponds } from '../../../src/checks/target-responds';
import { Judge, type JudgedFinding } from '../../../src/engine/judge';
import { drawAtPath, reportKey, runPhase, toViolation, type PhaseRunOptions } from '../../../src/engine/phases/run-phase';
import type { Case } from '../../../src/model/case';
import type { Draw, Phase } from '../../../src/model/phase';
import { readGateConfig } from '../../../src/config/config';
import { testGate } from '../support/contract';
import { scriptedServer, type ScriptedAnswer, type ScriptedRequest } from '../support/servers';
import { RunContext } from '../../../src/engine/context';

// runPhase driven directly, on a random phase of numbers whose shrinking the test controls: the
// list operation is sent `?n=a,b,...`, and the scripted server decides which numbers fail.

const TOKEN = 'omi_test_run_phase_direct_credential';
const SEED = 3;
const crash: ScriptedAnswer = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
const ok: ScriptedAnswer = { status: 200, body: '[]' };
const numbersOf = (r: ScriptedRequest) => new URL(r.url, 'http://x').searchParams.get('n')!.split(',').map(Number);

const caseOf = (ns: number[], extra: Partial<Case> = {}): Case => ({
  operationId: 'listApiKeys', phase: 'numbers', expectation: 'accept', label: `n = ${ns.join(',')}`, method: 'GET',
  pathParams: {}, queryParams: [['n', ns.join(',')]], auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' }, ...extra,
});

function numbersPhase(arbitrary: fc.Arbitrary<number[]>, extra: { runs?: number; skipWhen?: (ns: number[]) => boolean } = {}): Phase & { kind: 'fuzz' } {
  const { runs = 20, skipWhen = () => false } = extra;
  return {
    name: 'numbers', operationId: 'listApiKeys', kind: 'fuzz', description: 'random numbers', runs,
    arbitrary: arbitrary.map((ns): Draw => (skipWhen(ns) ? { skip: 'not a case of this route' } : { case: caseOf(ns) })),
  };
}

/** Answers that record a finding from every exchange, answered or not (for the shrink-abort filter). */
const noisy: Check = { name: 'noisy', reason: 'finds something everywhere', targets: ['mock', 'live'], judge: () => [{ message: 'noise', received: '', documented: '', location: 'noise' }] };

async function drive(phase: Phase, answer: (r: ScriptedRequest, n: number) => ScriptedAnswer | 'hang', options: Partial<PhaseRunOptions> & { env?: Record<string, string>; checks?: (gate: RunContext) => Check[]; kind?: 'mock' | 'live' } = {}) {
  let count = 0;
  const server = await scriptedServer((r) => answer(r, ++count));
  const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_CONCURRENCY: '1', OMI_CHECKS: 'not_a_server_error', ...options.env });
  const reported = new Set<string>();
  try {
    const checks = options.checks?.(gate) ?? gate.checks;
    const judge = new Judge(gate.contract, gate.oracle, checks, options.kind ?? 'live', {} as never);
    const { env: _env, checks: _checks, kind: _kind, ...rest } = options;
    const result = await runPhase(phase, gate.operation('listApiKeys'), gate.target, judge, {
      runs: 7, runSeed: SEED, redact: (v) => v, firstReport: (k) => !reported.has(k) && !!reported.add(k), ...rest,
    });
    return { result, received: server.received, gate };
  } finally {
    await gate.close();
    await server.close();
  }
}

/** The case a replay path names, as the label the run gave it. */
function replayedLabel(phase: Phase & { kind: 'fuzz' }, replayPath: string): string | undefined {
  const { draw } = drawAtPath(phase, SEED, replayPath.split(':').slice(1).join(':'));
  return draw && 'case' in draw ? draw.case.label : draw?.skip;
}

const fourNumbers = fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 })).map((t) => [...t]);

test('shrinking spends at most 60 requests and keeps the smallest case met by then, which its path replays', async () => {
  // Fails when every number is 1000 or more: shrinking all four down to 1000 takes far more than 60 requests.
  const phase = numbersPhase(fourNumbers);
  const { result, received } = await drive(phase, (r) => (numbersOf(r).every((n) => n >= 1000) ? crash : ok));
  expect(result.sent).toBe(20);
  expect(received).toHaveLength(20 + 60);
  const [v] = result.violations;
  expect(result.violations).toHaveLength(1);
  expect(v.shrunk).toBe(true);
  expect(v.caseLabel).not.toBe('n = 1000,1000,1000,1000');
  expect(replayedLabel(phase, v.replayPath)).toBe(v.caseLabel);
  expect(v.exchange.request.url).toContain(`?n=${v.caseLabel.slice(4).replace(/,/g, '%2C')}`);
  expect(result.aborted).toBeUndefined();
});

test('a short shrink reaches the smallest failing case, sent by the phase\'s own means only', async () => {
  const phase = numbersPhase(fc.integer({ min: 0, max: 1_000_000 }).map((n) => [n]));
  // No skipCase and no onExchange given: the phase does without them.
  const { result, received } = await drive(phase, (r) => (numbersOf(r)[0] >= 1000 ? crash : ok));
  const [v] = result.violations;
  expect(v.caseLabel).toBe('n = 1000');
  expect(v.shrunk).toBe(true);
  expect(v.firstSeenAt).toBeLessThanOrEqual(20);
  expect(replayedLabel(phase, v.replayPath)).toBe('n = 1000');
  expect(received.length).toBeGreaterThan(20);
  expect(received.length).toBeLessThanOrEqual(80);
  expect(result.aborted).toBeUndefined();
});

test('draws that leave the route are not sent while shrinking either, and do not count as the finding', async () => {
  const phase = numbersPhase(fc.integer({ min: 0, max: 1_000_000 }).map((n) => [n]), { skipWhen: ([n]) => n % 2 === 1 });
  const { result, received } = await drive(phase, (r) => (numbersOf(r)[0] >= 1000 ? crash : ok));
  expect(received.every((r) => numbersOf(r)[0] % 2 === 0)).toBe(true);
  const [v] = result.violations;
  expect(v.shrunk).toBe(true);
  expect(replayedLabel(phase, v.replayPath)).toBe(v.caseLabel);
  expect(Number(v.caseLabel.slice(4)) % 2).toBe(0);
  expect(result.skipped).toBeGreaterThan(0);
  expect(result.skipped + result.sent).toBe(20);
  expect(result.limited).toBeUndefined();
});

test('cases a limit holds back are not sent while shrinking: the shrink goes on around them', async () => {
  const phase = numbersPhase(fc.integer({ min: 0, max: 1_000_000 }).map((n) => [n]));
  const skipCase = (c: Case) => (Number(c.queryParams![0][1]) % 3 === 0 ? 'held back by the test' : undefined);
  const seen: string[] = [];
  const { result, received } = await drive(phase, (r) => (numbersOf(r)[0] >= 1000 ? crash : ok), { skipCase, onExchange: (_op, c) => seen.push(c.label) });
  expect(received.every((r) => numbersOf(r)[0] % 3 !== 0)).toBe(true);
  expect(seen).toHaveLength(received.length);
  const [v] = result.violations;
  expect(v.shrunk).toBe(true);
  expect(replayedLabel(phase, v.replayPath)).toBe(v.caseLabel);
  expect(Number(v.caseLabel.slice(4)) % 3).not.toBe(0);
  expect(result.skipped).toBeGreaterThan(0);
  expect(result.limited).toBe('held back by the test');
});

test('a phase\'s own number of runs wins over the run\'s; without one the run\'s is used', async () => {
  const never = () => ok;
  const own = await drive(numbersPhase(fc.integer().map((n) => [n]), { runs: 5 }), never, { runs: 7 });
  expect(own.received).toHaveLength(5);
  const { runs: _runs, ...withoutRuns } = numbersPhase(fc.integer().map((n) => [n]));
  const theRuns = await drive(withoutRuns as Phase, never, { runs: 7 });
  expect(theRuns.received).toHaveLength(7);
});

test('a list phase replaying a path past its cases sends nothing', async () => {
  const list: Phase = { name: 'fixed', operationId: 'listApiKeys', kind: 'list', description: 'two cases', cases: [caseOf([1]), caseOf([2])] };
  const past = await drive(list, () => ok, { replayPath: '2' });
  expect(past.result.sent).toBe(0);
  expect(past.received).toEqual([]);
  const last = await drive(list, () => ok, { replayPath: '1' });
  expect(last.received.map(numbersOf)).toEqual([[2]]);
});

test('a target that stops answering while a finding is shrunk: the phase says so, and the request that got no answer is reported', async () => {
  const phase = numbersPhase(fc.integer({ min: 0, max: 1_000_000 }).map((n) => [n]));
  // The phase's 20 requests are answered; shrinking gets three answers, then none.
  const { result, received } = await drive(phase, (r, n) => (n > 23 ? 'hang' : numbersOf(r)[0] >= 1000 ? crash : ok), {
    env: { OMI_REQUEST_TIMEOUT_MS: '150', OMI_CHECKS: 'not_a_server_error' },
    checks: (gate) => [...gate.checks, noisy],
  });
  expect(received).toHaveLength(24);
  expect(result.aborted).toBe('the target stopped answering while a finding was shrunk (no answer within 150 ms)');
  const responds = result.violations.filter((v) => v.check === 'target_responds');
  expect(responds).toHaveLength(1);
  expect(responds[0].received).toBe('timeout');
  expect(responds[0].shrunk).toBe(false);
  expect(responds[0].status).toBeUndefined();
  expect(responds[0].replayPath).toBe('listApiKeys/numbers:');
  expect(responds[0].firstSeenAt).toBe(24);
  expect(responds[0].caseLabel).toBe(`n = ${numbersOf(received[23]).join(',')}`);
  // The finding being shrunk keeps the smallest case met before.
  const crashes = result.violations.filter((v) => v.check === 'not_a_server_error');
  expect(crashes).toHaveLength(1);
  expect(replayedLabel(phase, crashes[0].replayPath)).toBe(crashes[0].caseLabel);
  // Only target_responds is taken from the request that got no answer.
  expect(result.violations.filter((v) => v.check === 'noisy').map((v) => v.status).sort()).toEqual([200, 500]);
});

test('the request that got no answer while shrinking is reported once per run', async () => {
  const phase = numbersPhase(fc.integer({ min: 0, max: 1_000_000 }).map((n) => [n]));
  const seenBefore = new Set<string>();
  const { result } = await drive(phase, (r, n) => (n > 21 ? 'hang' : numbersOf(r)[0] >= 1000 ? crash : ok), {
    env: { OMI_REQUEST_TIMEOUT_MS: '150' },
    // The run met this target_responds finding in an earlier phase.
    firstReport: (k) => !k.includes('target_responds') && !seenBefore.has(k) && !!seenBefore.add(k),
  });
  expect(result.aborted).toBe('the target stopped answering while a finding was shrunk (no answer within 150 ms)');
  expect(result.violations.map((v) => v.check)).toEqual(['not_a_server_error']);
});

test('a finding is reported once per bucket: the key names the bucket and the identity', () => {
  const judged = { check: targetResponds, finding: { message: '', received: '', documented: '', location: '' }, identity: 'op | check | 500 | ' } as JudgedFinding;
  expect(reportKey(judged)).toBe('violation:op | check | 500 | ');
  expect(reportKey({ ...judged, known: { reason: 'r' } })).toBe('known:op | check | 500 | ');
  expect(reportKey({ ...judged, allowance: { id: 'a', target: 'mock', reason: 'r', matches: () => true } })).toBe('allowed:op | check | 500 | ');
});

test('a violation carries what a person needs to see and replay it, and only the allowance\'s id and reason', () => {
  const config = readGateConfig({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_FUZZ_RUNS: '33' });
  const testCase = caseOf([5]);
  const exchange = { request: { method: 'GET', url: 'http://127.0.0.1:9/v1/dev/keys?n=5', headers: {} }, response: { status: 418, headers: {}, body: '' }, elapsedMs: 1, receivedAt: 2, sequence: 9 };
  const judged: JudgedFinding = {
    check: targetResponds, identity: 'listApiKeys | target_responds | 418 | here',
    finding: { message: 'the message', received: 'what came', documented: 'what is documented', location: 'here' },
    allowance: { id: 'the-allowance', target: 'live', reason: 'why it is allowed', matches: () => true },
  };
  const v = toViolation(judged, { key: 'keys/scenario', phase: 'scenario' }, { index: '4', testCase, exchange, shrunk: true }, 77, (x) => x, 9, config);
  expect(v).toEqual({
    identity: 'listApiKeys | target_responds | 418 | here',
    targetKind: 'live',
    targetEnv: 'OMI_API_BASE_URL=http://127.0.0.1:9 OMI_API_TOKEN="$OMI_API_TOKEN" OMI_FUZZ_RUNS=33',
    check: 'target_responds', reason: targetResponds.reason, operationId: 'listApiKeys', phase: 'scenario', status: 418,
    message: 'the message', received: 'what came', documented: 'what is documented', location: 'here', caseLabel: 'n = 5',
    testCase, exchange, replayPath: 'keys/scenario:4', seed: 77, shrunk: true, firstSeenAt: 9,
    allowance: { id: 'the-allowance', reason: 'why it is allowed' }, known: undefined,
  });
  const known = toViolation({ ...judged, allowance: undefined, known: { reason: 'accepted for now' } }, { key: 'keys/scenario', phase: 'scenario' }, { index: '4', testCase, exchange, shrunk: false }, 77, (x) => x, undefined, config);
  expect(known.allowance).toBeUndefined();
  expect(known.known).toEqual({ reason: 'accepted for now' });
  expect(known.firstSeenAt).toBeUndefined();
  expect(known.shrunk).toBe(false);
});

test('a violation\'s case is kept as generated, but its step, which carries what the target answered, is redacted', () => {
  const config = readGateConfig({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN });
  const secret = 'a-secret-the-list-leaked-0123456789';
  const hide = <T,>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll(secret, '[Filtered]')) as T;
  const generated = { ...caseOf([5]), label: `n = 5 ${secret}` };
  const testCase = { ...generated, step: { name: 'resource-listed-before' as const, resourceId: '', listed: { items: [{ id: 'k1', key: secret }], complete: true } } };
  const exchange = { request: { method: 'GET', url: 'http://127.0.0.1:9/v1/dev/keys', headers: {} }, response: { status: 200, headers: {}, body: `[{"key":"${secret}"}]` }, elapsedMs: 1, receivedAt: 2 };
  const judged: JudgedFinding = { check: targetResponds, identity: 'i', finding: { message: 'm', received: 'r', documented: 'd', location: 'l' } };
  const v = toViolation(judged, { key: 'keys/scenario', phase: 'scenario' }, { index: '0', testCase, exchange, shrunk: false }, 1, hide, undefined, config);
  expect(v.testCase.step).toEqual({ ...testCase.step, listed: { items: [{ id: 'k1', key: '[Filtered]' }], complete: true } });
  expect(v.exchange.response?.body).toBe('[{"key":"[Filtered]"}]');
  // What the gate generated is not touched: a saved case sends exactly it.
  expect(v.testCase.label).toBe(generated.label);
  const plain = toViolation(judged, { key: 'keys/scenario', phase: 'scenario' }, { index: '0', testCase: generated, exchange, shrunk: false }, 1, hide, undefined, config);
  expect(plain.testCase).toBe(generated);
});

test('a case that only fails as it was drawn is reported at its own index, not as shrunk', async () => {
  const phase = numbersPhase(fc.integer({ min: 0, max: 1_000_000 }).map((n) => [n]));
  const { draw } = drawAtPath(phase, SEED, '4');
  const only = draw && 'case' in draw ? draw.case.label : '';
  const { result, received } = await drive(phase, (r) => (`n = ${numbersOf(r).join(',')}` === only ? crash : ok));
  const [v] = result.violations;
  expect(v.caseLabel).toBe(only);
  expect(v.shrunk).toBe(false);
  expect(v.replayPath).toBe('listApiKeys/numbers:4');
  expect(v.firstSeenAt).toBe(5);
  // The shrink re-sent it (and tried smaller ones): it still failed.
  expect(received.filter((r) => `n = ${numbersOf(r).join(',')}` === only).length).toBeGreaterThanOrEqual(2);
});

test('a replayed case is judged as it is: never shrunk', async () => {
  const phase = numbersPhase(fc.integer({ min: 0, max: 1_000_000 }).map((n) => [n]));
  const { result, received } = await drive(phase, (r) => (numbersOf(r)[0] >= 1000 ? crash : ok), { replayPath: '2' });
  expect(received).toHaveLength(1);
  expect(result.violations.map((v) => [v.shrunk, v.replayPath])).toEqual([[false, 'listApiKeys/numbers:2']]);
});

test('an allowed departure of the target is reported as allowed, never shrunk', async () => {
  // On the mock, a 400 to malformed JSON is Prism's own: allowed.
  const malformed = fc.integer({ min: 0, max: 1_000_000 }).map((n): Draw => ({ case: caseOf([n], { transport: 'malformed-json' }) }));
  const phase: Phase = { name: 'numbers', operationId: 'listApiKeys', kind: 'fuzz', description: 'malformed', runs: 20, arbitrary: malformed };
  const { result, received } = await drive(phase, (r) => (numbersOf(r)[0] >= 1000 ? { status: 400, body: '{"detail":"bad"}' } : ok), { kind: 'mock', env: { OMI_CHECKS: 'status_code_conformance' } });
  expect(received).toHaveLength(20);
  expect(result.violations).toEqual([]);
  expect(result.allowed.map((v) => [v.check, v.shrunk, v.allowance?.id])).toEqual([['status_code_conformance', false, 'prism-malformed-json-400']]);
});

test('once the target stops answering in the phase, a finding met before is not shrunk and no case is considered again', async () => {
  const phase = numbersPhase(fc.integer({ min: 0, max: 1_000_000 }).map((n) => [n]));
  let considered = 0;
  const { result, received } = await drive(phase, (r, n) => (n > 12 ? 'hang' : numbersOf(r)[0] >= 1000 ? crash : ok), {
    env: { OMI_REQUEST_TIMEOUT_MS: '150' },
    skipCase: () => { considered++; return undefined; },
  });
  expect(received).toHaveLength(13);
  expect(considered).toBe(13);
  expect(result.aborted).toBe('the target stopped answering (no answer within 150 ms); no further cases were generated');
  expect(result.violations.map((v) => `${v.check}:${v.shrunk}`)).toEqual(['not_a_server_error:false', 'target_responds:false']);
});

test('a replay path that names no case of a random phase says why', () => {
  const phase = numbersPhase(fc.integer({ min: 0, max: 1000 }).map((n) => [n]));
  expect(drawAtPath(phase, SEED, 'abc')).toEqual({ problem: 'the path abc is not one of listApiKeys/numbers: Unable to replay, got invalid path=abc' });
  expect(drawAtPath(phase, SEED, '3::')).toEqual({ problem: 'the path 3:: leads to no case of listApiKeys/numbers' });
  expect(drawAtPath(phase, SEED, '20')).toEqual({ problem: 'listApiKeys/numbers has 20 cases, numbered from 0' });
  expect(drawAtPath(phase, SEED, '19').draw).toBeDefined();
});
