import { describe, expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import type { Check } from '../../../src/model/check';
import { keyRoles } from '../../../src/contract/roles';
import { Judge } from '../../../src/engine/judge';
import { RunJournal } from '../../../src/engine/state/run-journal';
import { SecretLedger } from '../../../src/engine/state/secret-ledger';
import type { Case } from '../../../src/model/case';
import { documentsStatus } from '../../../src/contract/load';
import { isInterruption } from '../../../src/model/exchange';
import { Redactor } from '../../../src/engine/redact';
import { contract, facts, oracle } from '../support/contract';
import { exchange, operation, testCase } from '../support/exchanges';

// A rate-limited (429), unavailable (503) or redirected (3xx) answer says nothing about the request
// or the resource: only the protocol checks judge it. Each family's checks fire on the same case
// answered as usual, so the silence below is the interruption's doing.

const INTERRUPTIONS = [429, 503, 301, 302, 307];
const PROTOCOL = ['target_responds', 'not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];
const run = { facts, roles: keyRoles(contract), ledger: new SecretLedger(new Redactor(), new RunJournal(undefined), '/v1/dev/keys'), preexisting: () => new Set<string>(), clockToleranceMs: 60_000 };
const live = () => new Judge(contract, oracle, EXCHANGE_CHECKS, 'live', run);

/** The semantic checks that fire on a case answered with `status`. */
function semanticFindings(operationId: string, partial: Partial<Case>, status: number, body = '{"detail":"x"}'): string[] {
  const judged = live().judge(operation(operationId), testCase({ operationId, ...partial }), exchange({ status, body }));
  return [...new Set(judged.filter((f) => !f.check.protocol).map((f) => f.check.name))];
}

test('an interruption is 429, 503 or a 3xx the operation does not document, nothing else', () => {
  expect(INTERRUPTIONS.every((status) => isInterruption(status))).toBe(true);
  expect([200, 204, 400, 401, 404, 422, 500, 502, 504, undefined].some((status) => isInterruption(status))).toBe(false);
  // A documented redirect (a 303 after a create) is the operation's answer; a documented 429 still interrupts.
  expect(isInterruption(303, true)).toBe(false);
  expect(isInterruption(429, true)).toBe(true);
});

test('a 3xx documented by its code or its class is an answer, one documented only by default is not', () => {
  const list = operation('listMemories');
  const documenting = (status: string) => ({ ...list, responses: [{ ...list.responses[0], status }] });
  expect(documentsStatus(documenting('303'), 303)).toBe(true);
  expect(documentsStatus(documenting('3XX'), 307)).toBe(true);
  expect(documentsStatus(documenting('default'), 302)).toBe(false);
  expect(documentsStatus(operation('listMemories'), 302)).toBe(false);
});

test('the protocol checks are exactly the five that hold any answer to the documentation', () => {
  expect(EXCHANGE_CHECKS.filter((c) => c.protocol).map((c) => c.name)).toEqual(PROTOCOL);
});

test('no semantic check is asked about an interrupted answer, whatever the case', () => {
  const asked: string[] = [];
  const spied: Check[] = EXCHANGE_CHECKS.map((c) => ({ ...c, judge: (ctx) => (asked.push(c.name), c.judge(ctx)) }));
  const judge = new Judge(contract, oracle, spied, 'live', run);
  for (const status of INTERRUPTIONS) {
    for (const expectation of ['accept', 'reject-input', 'reject-auth'] as const) {
      judge.judge(operation('createApiKey'), testCase({ expectation }), exchange({ status }));
    }
  }
  expect([...new Set(asked)]).toEqual(PROTOCOL);
  // Counted as not applicable: the report shows they had nothing to say, not that they held.
  expect(judge.tallies.get('positive_data_acceptance')).toEqual({ judged: 0, skipped: INTERRUPTIONS.length * 3, violations: 0, allowed: 0, known: 0 });
});

describe('each family of semantic checks fires on a usual answer and is silent on an interrupted one', () => {
  const families: [string, string, Partial<Case>, number, string?][] = [
    ['acceptance: a valid request', 'createMemory', { expectation: 'accept', body: { kind: 'json', value: { content: 'c' }, contentType: 'application/json' } }, 400],
    ['rejection: an invalid request', 'createMemory', { expectation: 'reject-input', field: '/content', body: { kind: 'json', value: {}, contentType: 'application/json' } }, 200],
    ['auth: no credential', 'listMemories', { method: 'GET', expectation: 'reject-auth', auth: { kind: 'none' }, body: { kind: 'none' } }, 200, '[]'],
    ['tokens: a token no server issued', 'listMemories', { method: 'GET', expectation: 'reject-auth', auth: { kind: 'unknown-token', scheme: 'Bearer', token: 'omi_dev_0000' }, body: { kind: 'none' } }, 200, '[]'],
    ['state: a deleted resource used again', 'deleteMemory', { method: 'DELETE', body: { kind: 'none' }, step: { name: 'resource-deleted-again', resourceId: 'm1' } }, 200, '{"success":true}'],
    ['state: a resource read back', 'getConversation', { method: 'GET', body: { kind: 'none' }, step: { name: 'resource-read', resourceId: 'c1', expected: {} } }, 404],
    ['scopes: a key whose scope holds', 'listMemories', { method: 'GET', body: { kind: 'none' }, step: { name: 'scope-probe', keyId: 'k1', keyScopes: ['memories:read'], required: 'memories:read', probedId: '' } }, 403],
    ['accounts: another account\'s resource', 'getConversation', { method: 'GET', body: { kind: 'none' }, account: 'other', step: { name: 'account-probe', owner: 'main', intruder: 'other', viaKey: false, probedId: 'c1' } }, 200, '{"id":"c1"}'],
  ];
  for (const [family, operationId, partial, usual, body] of families) {
    test(family, () => {
      expect(semanticFindings(operationId, partial, usual, body)).not.toEqual([]);
      for (const status of INTERRUPTIONS) expect({ status, fired: semanticFindings(operationId, partial, status, body) }).toEqual({ status, fired: [] });
    });
  }
});
