import type { Check } from '../../../src/model/check';
import { keyRoles } from '../../../src/contract/roles';
import { SecretLedger } from '../../../src/engine/state/secret-ledger';
import { RunJournal } from '../../../src/engine/state/run-journal';
import type { Operation } from '../../../src/contract/load';
import type { Case } from '../../../src/model/case';
import { Redactor } from '../../../src/engine/redact';
import type { Exchange, HttpResponse } from '../../../src/model/exchange';
import { contract, facts, oracle } from './contract';

// Crafted exchanges for the checks' tests: a case, the response it got, and the run it happened in.

export const operation = (id: string) => contract.operations.find((op) => op.id === id)!;
const json = { 'content-type': 'application/json' };
export const NOW = Date.parse('2026-01-01T00:01:00Z');

export function testCase(partial: Partial<Case> = {}): Case {
  return { operationId: 'createApiKey', phase: 'positive', expectation: 'accept', label: 'crafted', method: 'POST', pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'json', value: { name: 'n' }, contentType: 'application/json' }, ...partial };
}

export function exchange(response?: Partial<HttpResponse>, failure?: Exchange['failure']): Exchange {
  return {
    request: { method: 'POST', url: 'http://127.0.0.1:1/v1/dev/keys', headers: {} },
    response: response ? { status: 200, headers: json, body: '{}', ...response } : undefined,
    failure,
    elapsedMs: 1,
    receivedAt: NOW,
  };
}

export interface Scenario {
  /** Keys the run has already recorded. */
  ledger?: Record<string, unknown>[];
  /** Ids the key list showed before the run (default: none, and the list was read whole; null: it was not). */
  preexisting?: string[] | null;
  operationId?: string;
  /** An operation as the contract might have written it instead (a variant of operationId's). */
  operation?: Operation;
  testCase?: Partial<Case>;
  exchange: Exchange;
}

export const createdKey = { id: 'k1', name: 'n', key_prefix: 'omi_dev_ab12...cd34', key: 'omi_dev_ab12ef56cd34', created_at: '2026-01-01T00:00:00Z', last_used_at: null, scopes: ['memories:read'] };
export const created = JSON.stringify(createdKey);
export const createdWith = (fields: Record<string, unknown>) => JSON.stringify({ ...createdKey, ...fields });
export const scoped = (scopes: unknown) => ({ body: { kind: 'json' as const, value: scopes === undefined ? { name: 'n' } : { name: 'n', scopes }, contentType: 'application/json' } });
export const readDefault = facts.defaults[0].values;

/** Judges a crafted exchange as a run with these keys recorded would. */
export function judge(check: Check, scenario: Scenario) {
  const roles = keyRoles(contract);
  const journal = new RunJournal(undefined);
  const ledger = new SecretLedger(new Redactor(), journal, roles.resource!.collection);
  // As the gate records a key: as a resource the run made, and its secret.
  for (const body of scenario.ledger ?? []) {
    if (body.id !== undefined) journal.recordResource(roles.resource!.collection, String(body.id));
    ledger.record(body, 1, roles.secretProperty);
  }
  const before = scenario.preexisting === null ? undefined : new Set(scenario.preexisting ?? []);
  const run = { facts, roles, ledger, preexisting: (collection: string) => (collection === roles.resource!.collection ? before : undefined), clockToleranceMs: 5 * 60_000 };
  return check.judge({ contract, oracle, run, operation: scenario.operation ?? operation(scenario.operationId ?? 'createApiKey'), testCase: testCase(scenario.testCase), exchange: scenario.exchange });
}
