import { expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import { keyRoles } from '../../../src/contract/roles';
import { Judge } from '../../../src/engine/judge';
import { Steps, type PhaseDeps } from '../../../src/engine/phases/step';
import { RunJournal } from '../../../src/engine/state/run-journal';
import { SecretLedger } from '../../../src/engine/state/secret-ledger';
import { Redactor } from '../../../src/engine/redact';
import { readGateConfig } from '../../../src/config/config';
import { caseOf, type Case } from '../../../src/model/case';
import type { Exchange } from '../../../src/model/exchange';
import { phaseResult } from '../../../src/model/outcome';
import type { Target } from '../../../src/transport/target';
import { contract, facts, oracle } from '../support/contract';

// The one step sender: a step the target interrupts (429, 503, 3xx) is judged as it is by the protocol
// checks only, then sent again after the wait the target asked for; what the step is judged by is the
// answer that follows, or the step is named as not judged.

const config = readGateConfig({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: 'omi_test_steps_credential' });
const run = { facts, roles: keyRoles(contract), ledger: new SecretLedger(new Redactor(), new RunJournal(undefined), '/v1/dev/keys'), preexisting: () => undefined, clockToleranceMs: 1 };
const deleteMemory = contract.operations.find((op) => op.id === 'deleteMemory')!;
const deletedAgain: Case = caseOf(deleteMemory, 'scenario', 'memories: deleted-again', { pathParams: { memory_id: 'm1' }, step: { name: 'resource-deleted-again', resourceId: 'm1' } });

/** Answers each request with the next of `statuses` (the last one repeats), each with the headers given. */
function scripted(answers: { status: number; headers?: Record<string, string> }[], broken = false, firstWaited = false) {
  const sent: Case[] = [];
  const target = {
    config,
    rateLimited: undefined as Exchange | undefined,
    broken: broken ? ({ failure: { kind: 'timeout', message: 'gone' } } as Exchange) : undefined,
    async send(c: Case): Promise<Exchange> {
      const answer = answers[Math.min(sent.length, answers.length - 1)];
      sent.push(c);
      const exchange: Exchange = { request: { method: c.method, url: 'http://127.0.0.1:9/', headers: {} }, response: { status: answer.status, headers: { 'content-type': 'application/json', ...answer.headers }, body: '{"detail":"x"}' }, elapsedMs: 0, receivedAt: 0, sequence: sent.length };
      // As the transport does: the run's first 429 is returned to be judged, later ones it waited out itself.
      if (answer.status === 429 && !target.rateLimited && !firstWaited) target.rateLimited = exchange;
      return exchange;
    },
  };
  return { sent, target: target as unknown as Target };
}

function steps(target: Target) {
  const result = phaseResult({ key: 'memories/scenario', phase: 'scenario', description: 'd' });
  const recorded: number[] = [];
  const reported = new Set<string>();
  const deps: PhaseDeps = {
    contract, target, judge: new Judge(contract, oracle, EXCHANGE_CHECKS, 'live', run), runSeed: 1, exampleBody: () => ({ kind: 'none' }),
    record: (exchange) => recorded.push(exchange.response?.status ?? 0), redact: (v) => v, firstReport: (key) => !reported.has(key) && !!reported.add(key),
  };
  return { result, recorded, steps: new Steps(deps, result) };
}

test('a step answered 429 is sent again after the wait asked for, and judged by the answer that follows: no semantic check names the 429', async () => {
  const { sent, target } = scripted([{ status: 429, headers: { 'retry-after': '0' } }, { status: 404 }]);
  const { result, recorded, steps: s } = steps(target);
  const exchange = await s.sendJudged(deletedAgain);
  expect(exchange.response?.status).toBe(404);
  expect(sent).toHaveLength(2);
  expect(recorded).toEqual([429, 404]);
  expect(result.sent).toBe(2);
  // The 429 is an undocumented status, reported by the protocol checks; use_after_delete_404 judged the 404 and held.
  expect(result.violations.map((v) => `${v.check} ${v.status}`)).toEqual(['status_code_conformance 429']);
  // The 429 takes its step's number with a try, so the steps after it keep theirs whether or not the target limited.
  expect(result.violations[0].replayPath).toBe('memories/scenario:0r1');
  expect(result.notJudged).toBeUndefined();
});

test('a 429 the transport already waited out is not sent again: the step is named as not judged', async () => {
  const { sent, target } = scripted([{ status: 429, headers: { 'retry-after': '0' } }, { status: 404 }], false, true);
  const { result, steps: s } = steps(target);
  await s.sendJudged(deletedAgain);
  expect(sent).toHaveLength(1);
  expect(result.notJudged).toEqual(['memories: deleted-again: answered 429']);
});

test('a 503 that stays is sent again three times, then named as not judged; a redirect is not sent again', async () => {
  const unavailable = scripted([{ status: 503, headers: { 'retry-after': '0' } }]);
  const waited = steps(unavailable.target);
  await waited.steps.sendJudged(deletedAgain);
  expect(unavailable.sent).toHaveLength(4);
  expect(waited.result.notJudged).toEqual(['memories: deleted-again: answered 503']);
  expect(waited.result.violations.map((v) => v.check).sort()).toEqual(['not_a_server_error', 'status_code_conformance']);
  const moved = scripted([{ status: 302, headers: { location: '/elsewhere' } }]);
  const redirected = steps(moved.target);
  await redirected.steps.sendJudged(deletedAgain);
  expect(moved.sent).toHaveLength(1);
  expect(redirected.result.notJudged).toEqual(['memories: deleted-again: answered 302']);
  expect(redirected.result.violations.map((v) => v.check)).toEqual(['status_code_conformance']);
});

test('a target that stopped answering is not asked again; an answer that is no interruption is judged as it is, once', async () => {
  const gone = scripted([{ status: 429, headers: { 'retry-after': '0' } }], true);
  const stopped = steps(gone.target);
  await stopped.steps.send(deletedAgain);
  expect(gone.sent).toHaveLength(1);
  expect(stopped.result.notJudged).toEqual(['memories: deleted-again: answered 429']);
  const kept = scripted([{ status: 200 }]);
  const { result, steps: s } = steps(kept.target);
  await s.sendJudged(deletedAgain);
  expect(kept.sent).toHaveLength(1);
  expect(result.violations.map((v) => v.check)).toEqual(['use_after_delete_404']);
  expect(result.violations[0].replayPath).toBe('memories/scenario:0');
});

test('steps run together overlap, and are judged in the order given whatever order their answers come in', async () => {
  const answered: string[] = [];
  const target = {
    config,
    rateLimited: undefined,
    async send(c: Case): Promise<Exchange> {
      // The first task's answer comes last.
      await new Promise((resolve) => setTimeout(resolve, c.label.endsWith('first') ? 30 : 1));
      answered.push(c.label);
      return { request: { method: c.method, url: 'http://127.0.0.1:9/', headers: {} }, response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }, elapsedMs: 0, receivedAt: 0 };
    },
  } as unknown as Target;
  const judged: string[] = [];
  const result = phaseResult({ key: 'memories/scenario', phase: 'scenario', description: 'd' });
  const deps: PhaseDeps = {
    contract, target, judge: { judge: (_op: unknown, c: Case) => (judged.push(c.label), []) } as never, runSeed: 1, exampleBody: () => ({ kind: 'none' }),
    record: () => undefined, redact: (v) => v, firstReport: () => true,
  };
  const s = new Steps(deps, result);
  const labelled = (label: string) => ({ ...deletedAgain, label });
  const [first, second] = await s.together([() => s.sendJudged(labelled('first')), async () => (await s.sendJudged(labelled('second'))).response?.status]);
  expect(answered).toEqual(['second', 'first']);
  expect([first.response?.status, second]).toEqual([200, 200]);
  expect(judged).toEqual(['first', 'second']);
  expect(result.sent).toBe(2);
});
