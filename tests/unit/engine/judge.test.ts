import { expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import { keyRoles } from '../../../src/contract/roles';
import { identityOf } from '../../../src/model/identity';
import { Judge } from '../../../src/engine/judge';
import { SecretLedger } from '../../../src/engine/state/secret-ledger';
import { KnownDiscrepancies } from '../../../src/engine/known-discrepancies';
import { RunJournal } from '../../../src/engine/state/run-journal';
import type { Case } from '../../../src/model/case';
import { Redactor } from '../../../src/engine/redact';
import type { Exchange } from '../../../src/model/exchange';
import { contract, facts, oracle } from '../support/contract';

const create = contract.operations.find((op) => op.id === 'createApiKey')!;
const byName = (...names: string[]) => names.map((n) => EXCHANGE_CHECKS.find((c) => c.name === n)!);
const run = { facts, roles: keyRoles(contract), ledger: new SecretLedger(new Redactor(), new RunJournal(undefined), '/v1/dev/keys'), preexisting: () => undefined, clockToleranceMs: 1 };
const malformed: Case = { operationId: 'createApiKey', phase: 'transport', expectation: 'reject-input', label: 'malformed JSON: truncated', field: 'body', transport: 'malformed-json', method: 'POST', pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'raw', text: '{', contentType: 'application/json' } };
const answer = (status: number): Exchange => ({ request: { method: 'POST', url: 'http://127.0.0.1:1/v1/dev/keys', headers: {} }, response: { status, headers: { 'content-type': 'application/json' }, body: '{"detail":"x"}' }, elapsedMs: 1, receivedAt: 0 });

test('an identity is operation, check, status and location; no answer has its own status word', () => {
  expect(identityOf('op', 'check', 422, '/name')).toBe('op | check | 422 | /name');
  expect(identityOf('op', 'check', undefined, 'no answer')).toBe('op | check | no-response | no answer');
});

test('each check\'s tally counts what it judged, what it had nothing to say about, and where each finding went', () => {
  const checks = byName('status_code_conformance', 'negative_data_rejection', 'positive_data_acceptance');
  const known = new KnownDiscrepancies([{ operation: 'createApiKey', check: 'negative_data_rejection', status: 400, location: 'body', reason: 'accepted' }]);
  const onMock = new Judge(contract, oracle, checks, 'mock', run, known);
  // Prism's 400 for malformed JSON is an allowed departure on the mock, for both checks that see it.
  const found = onMock.judge(create, malformed, answer(400));
  expect(found.map((f) => `${f.check.name}:${f.allowance?.id ?? (f.known ? 'known' : 'violation')}`)).toEqual([
    'status_code_conformance:prism-malformed-json-400', 'negative_data_rejection:prism-malformed-json-400',
  ]);
  expect(Object.fromEntries(onMock.tallies)).toEqual({
    status_code_conformance: { judged: 1, skipped: 0, violations: 0, allowed: 1, known: 0 },
    negative_data_rejection: { judged: 1, skipped: 0, violations: 0, allowed: 1, known: 0 },
    positive_data_acceptance: { judged: 0, skipped: 1, violations: 0, allowed: 0, known: 0 },
  });
  // Live, the same answer is no allowance: the known entry excuses one check, the other is a violation.
  const live = new Judge(contract, oracle, checks, 'live', run, known);
  const liveFound = live.judge(create, malformed, answer(400));
  expect(liveFound.map((f) => `${f.check.name}:${f.allowance?.id ?? (f.known ? 'known' : 'violation')}`)).toEqual(['status_code_conformance:violation', 'negative_data_rejection:known']);
  expect(liveFound[1].known).toEqual({ reason: 'accepted' });
  expect(liveFound[0].identity).toBe('createApiKey | status_code_conformance | 400 | ');
  expect(live.tallies.get('status_code_conformance')).toEqual({ judged: 1, skipped: 0, violations: 1, allowed: 0, known: 0 });
  expect(live.tallies.get('negative_data_rejection')).toEqual({ judged: 1, skipped: 0, violations: 0, allowed: 0, known: 1 });
});

test('findings() judges without counting: shrinking and replays re-send cases already counted', () => {
  const judge = new Judge(contract, oracle, byName('status_code_conformance'), 'live', run);
  expect(judge.findings(create, malformed, answer(400))).toHaveLength(1);
  expect(judge.tallies.get('status_code_conformance')).toEqual({ judged: 0, skipped: 0, violations: 0, allowed: 0, known: 0 });
  expect(judge.judge(create, malformed, answer(422))).toEqual([]);
  expect(judge.tallies.get('status_code_conformance')).toEqual({ judged: 1, skipped: 0, violations: 0, allowed: 0, known: 0 });
});

test('findings() does not count a check that had nothing to say either', () => {
  const judge = new Judge(contract, oracle, byName('positive_data_acceptance'), 'live', run);
  expect(judge.findings(create, malformed, answer(400))).toEqual([]);
  expect(judge.tallies.get('positive_data_acceptance')).toEqual({ judged: 0, skipped: 0, violations: 0, allowed: 0, known: 0 });
  judge.judge(create, malformed, answer(400));
  expect(judge.tallies.get('positive_data_acceptance')).toEqual({ judged: 0, skipped: 1, violations: 0, allowed: 0, known: 0 });
});
