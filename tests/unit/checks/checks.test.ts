import { describe, expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import { keyRoles } from '../../../src/contract/roles';
import { Redactor } from '../../../src/engine/redact';
import { SecretLedger } from '../../../src/engine/state/secret-ledger';
import { RunJournal } from '../../../src/engine/state/run-journal';
import { contract, facts, oracle } from '../support/contract';
import type { ResourceStep, ScopeStep } from '../../../src/model/case';
import type { AccountStep } from '../../../src/model/case';
import { created, createdKey, createdWith, exchange, judge, NOW, operation, readDefault, scoped, testCase, type Scenario } from '../support/exchanges';

const json = (value: unknown) => ({ kind: 'json' as const, value, contentType: 'application/json' });
const memoryCreate = (value: Record<string, unknown>) => ({ operationId: 'createMemory', body: json(value) });
const memoryBatch = (n: number) => ({ operationId: 'createMemoriesBatch', body: json({ memories: Array.from({ length: n }, (_, i) => ({ content: `m${i}` })) }) });
const step = (operationId: string, resourceStep: ResourceStep) => ({ operationId, method: 'GET', body: { kind: 'none' as const }, step: resourceStep });
/** A scope probe: a key with `keyScopes` on an operation needing `required`. */
const probe = (operationId: string, method: string, name: ScopeStep['name'], keyScopes: string[], extra: Partial<ScopeStep> = {}) => ({
  operationId, method, body: { kind: 'none' as const }, step: { name, keyId: 'k1', keyScopes, required: 'memories:write', probedId: 'm1', ...extra },
});
/** An account probe: the second account (by its credential) asks for a resource the main account made. */
const intrude = (operationId: string, method: string, name: AccountStep['name'], extra: Partial<AccountStep> = {}) => ({
  operationId, method, body: { kind: 'none' as const }, account: 'other' as const, expectation: 'reject-auth' as const, step: { name, owner: 'main' as const, intruder: 'other' as const, viaKey: false, probedId: 'c1', ...extra },
});
const list = (operationId: string, queryParams: [string, string][]) => ({ operationId, method: 'GET', body: { kind: 'none' as const }, queryParams });

/** For each check: a response that breaks it (it must fire) and one that keeps it (it must stay silent). */
const SCENARIOS: Record<string, { breaks: Scenario; keeps: Scenario }> = {
  target_responds: {
    breaks: { exchange: exchange(undefined, { kind: 'timeout', message: 'no answer within 10 ms' }) },
    keeps: { exchange: exchange({ body: created }) },
  },
  not_a_server_error: {
    breaks: { exchange: exchange({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' }) },
    keeps: { exchange: exchange({ status: 422, body: '{"detail":"bad"}' }) },
  },
  status_code_conformance: {
    breaks: { exchange: exchange({ status: 403, body: '{"detail":"Not authenticated"}' }) },
    keeps: { exchange: exchange({ status: 401, body: '{"detail":"no"}' }) },
  },
  content_type_conformance: {
    breaks: { exchange: exchange({ headers: { 'content-type': 'text/html' }, body: created }) },
    keeps: { exchange: exchange({ headers: { 'content-type': 'Application/JSON; charset=utf-8' }, body: created }) },
  },
  response_schema_conformance: {
    breaks: { exchange: exchange({ status: 422, body: '{"detail":[{"loc":["body","name"],"msg":"field required"}]}' }) },
    keeps: { exchange: exchange({ status: 200, body: created }) },
  },
  positive_data_acceptance: {
    breaks: { exchange: exchange({ status: 422, body: '{"detail":"Key name cannot be empty"}' }) },
    keeps: { exchange: exchange({ body: created }) },
  },
  negative_data_rejection: {
    breaks: { testCase: { expectation: 'reject-input', field: '/scopes', phase: 'negative' }, exchange: exchange({ body: created }) },
    keeps: { testCase: { expectation: 'reject-input', field: '/scopes', phase: 'negative' }, exchange: exchange({ status: 422, body: '{"detail":"bad"}' }) },
  },
  auth_required: {
    breaks: { testCase: { expectation: 'reject-auth', auth: { kind: 'none' }, phase: 'auth' }, exchange: exchange({ status: 403, body: '{"detail":"Not authenticated"}' }) },
    keeps: { testCase: { expectation: 'reject-auth', auth: { kind: 'none' }, phase: 'auth' }, exchange: exchange({ status: 401, body: '{"detail":"Invalid API key"}' }) },
  },
  unknown_token_rejected: {
    breaks: { testCase: { expectation: 'reject-auth', auth: { kind: 'unknown-token', scheme: 'Bearer', token: 'omi_dev_0' }, phase: 'auth' }, exchange: exchange({ body: created }) },
    keeps: { testCase: { expectation: 'reject-auth', auth: { kind: 'unknown-token', scheme: 'Bearer', token: 'omi_dev_0' }, phase: 'auth' }, exchange: exchange({ status: 401, body: '{"detail":"x"}' }) },
  },
  foreign_credential_refused: {
    breaks: { testCase: { expectation: 'reject-auth', auth: { kind: 'foreign-credential', of: 'firebaseBearer' }, phase: 'auth' }, exchange: exchange({ body: created }) },
    keeps: { testCase: { expectation: 'reject-auth', auth: { kind: 'foreign-credential', of: 'firebaseBearer' }, phase: 'auth' }, exchange: exchange({ status: 401, body: '{"detail":"x"}' }) },
  },
  key_documented_prefix: {
    breaks: { exchange: exchange({ body: createdWith({ key: 'sk_live_ab12ef56cd34' }) }) },
    keeps: { exchange: exchange({ body: created }) },
  },
  key_prefix_consistent: {
    breaks: { exchange: exchange({ body: createdWith({ key_prefix: 'omi_dev_zz99...cd34' }) }) },
    keeps: { exchange: exchange({ body: createdWith({ key_prefix: 'omi_dev_ab12****' }) }) },
  },
  name_round_trip: {
    breaks: { testCase: { body: { kind: 'json', value: { name: ' n ' }, contentType: 'application/json' } }, exchange: exchange({ body: created }) },
    keeps: { exchange: exchange({ body: created }) },
  },
  scopes_round_trip: {
    breaks: { testCase: scoped(undefined), exchange: exchange({ body: createdWith({ scopes: ['memories:read'] }) }) },
    keeps: { testCase: scoped(['goals:write', 'goals:write', 'memories:read']), exchange: exchange({ body: createdWith({ scopes: ['memories:read', 'goals:write'] }) }) },
  },
  created_at_recent: {
    breaks: { exchange: exchange({ body: createdWith({ created_at: '2025-01-01T00:00:00Z' }) }) },
    keeps: { exchange: exchange({ body: created }) },
  },
  last_used_at_unset: {
    breaks: { exchange: exchange({ body: createdWith({ last_used_at: '2026-01-01T00:00:00Z' }) }) },
    keeps: { exchange: exchange({ body: createdWith({ last_used_at: undefined }) }) },
  },
  unique_ids_and_keys: {
    breaks: { ledger: [createdKey, { ...createdKey, key: 'omi_dev_other' }], exchange: exchange({ body: created }) },
    keeps: { ledger: [createdKey, { ...createdKey, id: 'k2', key: 'omi_dev_other' }], exchange: exchange({ body: created }) },
  },
  list_hides_secrets: {
    breaks: { operationId: 'listApiKeys', ledger: [createdKey], exchange: exchange({ body: JSON.stringify([createdKey]) }) },
    keeps: { operationId: 'listApiKeys', ledger: [createdKey], exchange: exchange({ body: JSON.stringify([{ ...createdKey, key: undefined }]) }) },
  },
  listed_key_prefix_matches: {
    breaks: { operationId: 'listApiKeys', ledger: [createdKey], testCase: { step: { name: 'resource-listed', resourceId: 'k1', listed: { items: [{ id: 'k1', key_prefix: 'omi_dev_zz99...zz99' }], complete: true } } }, exchange: exchange({ body: '[]' }) },
    keeps: { operationId: 'listApiKeys', ledger: [createdKey], testCase: { step: { name: 'resource-listed', resourceId: 'k1', listed: { items: [{ id: 'k1', key_prefix: createdKey.key_prefix }], complete: true } } }, exchange: exchange({ body: '[]' }) },
  },
  rejected_create_leaves_nothing: {
    breaks: { operationId: 'listApiKeys', ledger: [createdKey], testCase: { step: { name: 'resource-listed-before', resourceId: '', listed: { items: [{ id: 'k1' }, { id: 'stray' }], complete: true } } }, exchange: exchange({ body: '[]' }) },
    keeps: { operationId: 'listApiKeys', ledger: [createdKey], preexisting: ['old'], testCase: { step: { name: 'resource-listed-before', resourceId: '', listed: { items: [{ id: 'k1' }, { id: 'old' }], complete: true } } }, exchange: exchange({ body: '[]' }) },
  },
  revoked_key_rejected: {
    breaks: { operationId: 'listApiKeys', testCase: { expectation: 'reject-auth', step: { name: 'resource-used-after-delete', resourceId: 'k1' } }, exchange: exchange({ body: '[]' }) },
    keeps: { operationId: 'listApiKeys', testCase: { expectation: 'reject-auth', step: { name: 'resource-used-after-delete', resourceId: 'k1' } }, exchange: exchange({ status: 401, body: '{"detail":"revoked"}' }) },
  },
  created_as_sent: {
    breaks: { operationId: 'createMemory', testCase: memoryCreate({ content: '  dark mode ', tags: ['a', 'b'] }), exchange: exchange({ body: JSON.stringify({ id: 'm1', content: 'dark mode', tags: ['b', 'a'] }) }) },
    keeps: { operationId: 'createMemory', testCase: memoryCreate({ content: '  dark mode ', tags: ['a', 'b', 'a'] }), exchange: exchange({ body: JSON.stringify({ id: 'm1', content: '  dark mode ', tags: ['b', 'a'] }) }) },
  },
  list_limit_respected: {
    breaks: { operationId: 'listMemories', testCase: list('listMemories', [['limit', '2']]), exchange: exchange({ body: JSON.stringify([{ id: 'a' }, { id: 'b' }, { id: 'c' }]) }) },
    keeps: { operationId: 'listMemories', testCase: list('listMemories', [['limit', '2']]), exchange: exchange({ body: JSON.stringify([{ id: 'a' }, { id: 'b' }]) }) },
  },
  filtered_list_matches: {
    breaks: { operationId: 'listActionItems', testCase: list('listActionItems', [['completed', 'true']]), exchange: exchange({ body: JSON.stringify([{ id: 'a', completed: true }, { id: 'b', completed: false }]) }) },
    keeps: { operationId: 'listActionItems', testCase: list('listActionItems', [['completed', 'true']]), exchange: exchange({ body: JSON.stringify([{ id: 'a', completed: true }]) }) },
  },
  read_back_matches: {
    breaks: { operationId: 'getConversation', testCase: step('getConversation', { name: 'resource-read', resourceId: 'c1', expected: { started_at: '2025-12-06T14:00:00+00:00', language: 'en' } }), exchange: exchange({ body: JSON.stringify({ id: 'c1', started_at: '2026-01-01T00:00:00Z', language: 'en' }) }) },
    keeps: { operationId: 'getConversation', testCase: step('getConversation', { name: 'resource-read', resourceId: 'c1', expected: { started_at: '2025-12-06T14:00:00+00:00', text: 'not a field of the answer' } }), exchange: exchange({ body: JSON.stringify({ id: 'c1', started_at: '2025-12-06T16:00:00+02:00' }) }) },
  },
  created_resource_listed: {
    breaks: { operationId: 'listMemories', testCase: step('listMemories', { name: 'resource-listed', resourceId: 'm1', expectListed: true, listed: { items: [{ id: 'm0' }], complete: true } }), exchange: exchange({ body: '[]' }) },
    keeps: { operationId: 'listMemories', testCase: step('listMemories', { name: 'resource-listed', resourceId: 'm1', expectListed: true, listed: { items: [{ id: 'm0' }, { id: 'm1' }], complete: true } }), exchange: exchange({ body: '[]' }) },
  },
  update_applied: {
    breaks: { operationId: 'listMemories', testCase: step('listMemories', { name: 'resource-listed-after-update', resourceId: 'm1', expected: { content: 'new' }, listed: { items: [{ id: 'm1', content: 'old' }], complete: true } }), exchange: exchange({ body: '[]' }) },
    keeps: { operationId: 'listMemories', testCase: step('listMemories', { name: 'resource-listed-after-update', resourceId: 'm1', expected: { content: 'new' }, listed: { items: [{ id: 'm1', content: 'new' }], complete: true } }), exchange: exchange({ body: '[]' }) },
  },
  deleted_resource_gone: {
    breaks: { operationId: 'listMemories', testCase: step('listMemories', { name: 'resource-listed-after-delete', resourceId: 'm1', listed: { items: [{ id: 'm1' }], complete: true } }), exchange: exchange({ body: '[]' }) },
    keeps: { operationId: 'listMemories', testCase: step('listMemories', { name: 'resource-listed-after-delete', resourceId: 'm1', listed: { items: [{ id: 'm2' }], complete: true } }), exchange: exchange({ body: '[]' }) },
  },
  use_after_delete_404: {
    breaks: { operationId: 'getConversation', testCase: step('getConversation', { name: 'resource-read-after-delete', resourceId: 'c1' }), exchange: exchange({ body: '{"id":"c1"}' }) },
    keeps: { operationId: 'getConversation', testCase: step('getConversation', { name: 'resource-read-after-delete', resourceId: 'c1' }), exchange: exchange({ status: 404, body: '{"detail":"Not found"}' }) },
  },
  batch_answers_every_item: {
    breaks: { operationId: 'createMemoriesBatch', testCase: memoryBatch(2), exchange: exchange({ body: JSON.stringify({ memories: [{ id: 'a' }], created_count: 2 }) }) },
    keeps: { operationId: 'createMemoriesBatch', testCase: memoryBatch(2), exchange: exchange({ body: JSON.stringify({ memories: [{ id: 'a' }, { id: 'b' }], created_count: 2 }) }) },
  },
  page_exact: {
    breaks: { operationId: 'listMemories', testCase: { ...step('listMemories', { name: 'resource-paged', resourceId: 'b', listed: { items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }], complete: true } }), queryParams: [['offset', '1'], ['limit', '2']] }, exchange: exchange({ body: '[{"id":"c"},{"id":"d"}]' }) },
    keeps: { operationId: 'listMemories', testCase: { ...step('listMemories', { name: 'resource-paged', resourceId: 'b', listed: { items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }], complete: true } }), queryParams: [['offset', '1'], ['limit', '2']] }, exchange: exchange({ body: '[{"id":"b"},{"id":"c"}]' }) },
  },
  documented_default_holds: {
    breaks: { operationId: 'listMemories', testCase: step('listMemories', { name: 'resource-listed', resourceId: 'm1', listed: { items: [], complete: true, pages: [10, 10, 0] } }), exchange: exchange({ body: '[]' }) },
    keeps: { operationId: 'listMemories', testCase: step('listMemories', { name: 'resource-listed', resourceId: 'm1', listed: { items: [], complete: true, pages: [25, 5, 0] } }), exchange: exchange({ body: '[]' }) },
  },
  filter_complete: {
    breaks: { operationId: 'listMemories', testCase: { ...step('listMemories', { name: 'resource-filtered', resourceId: 'm1', expectListed: true, listed: { items: [{ id: 'm2' }], complete: true } }), queryParams: [['categories', 'system']] }, exchange: exchange({ body: '[{"id":"m2"}]' }) },
    keeps: { operationId: 'listMemories', testCase: { ...step('listMemories', { name: 'resource-filtered', resourceId: 'm1', expectListed: true, listed: { items: [{ id: 'm1' }], complete: true } }), queryParams: [['categories', 'system']] }, exchange: exchange({ body: '[{"id":"m1"}]' }) },
  },
  split_filter_partitions: {
    breaks: { operationId: 'listConversations', testCase: { ...step('listConversations', { name: 'resource-split', resourceId: '', split: { all: ['a', 'b'], yes: ['a'] }, listed: { items: [{ id: 'a' }, { id: 'b' }], complete: true } }), queryParams: [['starred', 'false']] }, exchange: exchange({ body: '[]' }) },
    keeps: { operationId: 'listConversations', testCase: { ...step('listConversations', { name: 'resource-split', resourceId: '', split: { all: ['a', 'b'], yes: ['a'] }, listed: { items: [{ id: 'b' }], complete: true } }), queryParams: [['starred', 'false']] }, exchange: exchange({ body: '[]' }) },
  },
  update_confined: {
    breaks: { operationId: 'getConversation', testCase: step('getConversation', { name: 'resource-other-after-update', resourceId: 'c2', expected: { title: 'two' } }), exchange: exchange({ body: '{"id":"c2","title":"one"}' }) },
    keeps: { operationId: 'getConversation', testCase: step('getConversation', { name: 'resource-other-after-update', resourceId: 'c2', expected: { title: 'two' } }), exchange: exchange({ body: '{"id":"c2","title":"two"}' }) },
  },
  sequence_state_matches: {
    breaks: { operationId: 'getConversation', testCase: step('getConversation', { name: 'resource-held', resourceId: 'c1', expected: { title: 'kept' } }), exchange: exchange({ body: '{"id":"c1","structured":{"title":"changed"}}' }) },
    keeps: { operationId: 'getConversation', testCase: step('getConversation', { name: 'resource-held', resourceId: 'c1', expected: { title: 'kept' } }), exchange: exchange({ body: '{"id":"c1","structured":{"title":"kept"}}' }) },
  },
  scope_enforced: {
    breaks: { operationId: 'deleteMemory', testCase: probe('deleteMemory', 'DELETE', 'scope-probe', ['memories:read']), exchange: exchange({ body: '{"success":true}' }) },
    keeps: { operationId: 'deleteMemory', testCase: probe('deleteMemory', 'DELETE', 'scope-probe', ['memories:read']), exchange: exchange({ status: 401, body: '{"detail":"Insufficient permissions"}' }) },
  },
  scope_granted: {
    breaks: { operationId: 'deleteMemory', testCase: probe('deleteMemory', 'DELETE', 'scope-probe', ['memories:write']), exchange: exchange({ status: 401, body: '{"detail":"Insufficient permissions"}' }) },
    keeps: { operationId: 'deleteMemory', testCase: probe('deleteMemory', 'DELETE', 'scope-probe', ['memories:write']), exchange: exchange({ body: '{"success":true}' }) },
  },
  refused_write_changes_nothing: {
    breaks: { operationId: 'listMemories', testCase: probe('listMemories', 'GET', 'scope-after-refusal', ['memories:read'], { expected: { content: 'before' }, readBack: { id: 'm1', content: 'after' } }), exchange: exchange({ body: '[{"id":"m1","content":"after"}]' }) },
    keeps: { operationId: 'listMemories', testCase: probe('listMemories', 'GET', 'scope-after-refusal', ['memories:read'], { expected: { content: 'before' }, readBack: { id: 'm1', content: 'before' } }), exchange: exchange({ body: '[{"id":"m1","content":"before"}]' }) },
  },
  revoked_key_refused_everywhere: {
    breaks: { operationId: 'listMemories', testCase: probe('listMemories', 'GET', 'scope-revoked-key', ['memories:read'], { required: 'memories:read' }), exchange: exchange({ body: '[]' }) },
    keeps: { operationId: 'listMemories', testCase: probe('listMemories', 'GET', 'scope-revoked-key', ['memories:read'], { required: 'memories:read' }), exchange: exchange({ status: 401, body: '{"detail":"Invalid API key"}' }) },
  },
  other_account_refused: {
    breaks: { operationId: 'getConversation', testCase: intrude('getConversation', 'GET', 'account-probe'), exchange: exchange({ body: '{"id":"c1"}' }) },
    keeps: { operationId: 'getConversation', testCase: intrude('getConversation', 'GET', 'account-probe'), exchange: exchange({ status: 404, body: '{"detail":"Not found"}' }) },
  },
  other_account_unlisted: {
    breaks: { operationId: 'listConversations', testCase: intrude('listConversations', 'GET', 'account-listed', { foreign: ['c1'], listed: [{ id: 'c0' }, { id: 'c1' }] }), exchange: exchange({ body: '[{"id":"c0"},{"id":"c1"}]' }) },
    keeps: { operationId: 'listConversations', testCase: intrude('listConversations', 'GET', 'account-listed', { foreign: ['c1'], listed: [{ id: 'c0' }, { id: 'c2' }] }), exchange: exchange({ body: '[{"id":"c0"},{"id":"c2"}]' }) },
  },
  widening_flag_applied: {
    breaks: { operationId: 'getConversation', testCase: { ...step('getConversation', { name: 'resource-read', resourceId: 'c1' }), queryParams: [['include_transcript', 'true']] }, exchange: exchange({ body: '{"id":"c1"}' }) },
    keeps: { operationId: 'getConversation', testCase: { ...step('getConversation', { name: 'resource-read', resourceId: 'c1' }), queryParams: [['include_transcript', 'true']] }, exchange: exchange({ body: '{"id":"c1","transcript_segments":[]}' }) },
  },
};

test("refused_write_changes_nothing judges an account probe's read-back too: changed or gone is a finding, as it was is not", () => {
  const check = EXCHANGE_CHECKS.find((c) => c.name === 'refused_write_changes_nothing')!;
  const readBack = (found: Record<string, unknown> | null) => ({ operationId: 'getConversation', testCase: { ...intrude('getConversation', 'GET', 'account-after-refusal', { expected: { title: 'mine' }, readBack: found }), account: undefined }, exchange: exchange({ body: '{}' }) });
  expect(judge(check, readBack({ id: 'c1', structured: { title: 'theirs' } }))).toEqual([{ message: 'structured.title changed though the write was refused', received: '"theirs"', documented: '"mine"', location: 'structured.title' }]);
  expect(judge(check, readBack(null))).toHaveLength(1);
  expect(judge(check, readBack({ id: 'c1', structured: { title: 'mine' } }))).toEqual([]);
});

test("scopes_round_trip: null on a new key and the default set are judged from the contract's words", () => {
  const check = EXCHANGE_CHECKS.find((c) => c.name === 'scopes_round_trip')!;
  expect(judge(check, { testCase: scoped(undefined), exchange: exchange({ body: createdWith({ scopes: null }) }) })).toHaveLength(1);
  expect(judge(check, { testCase: scoped(undefined), exchange: exchange({ body: createdWith({ scopes: [...readDefault].reverse() }) }) })).toEqual([]);
  expect(judge(check, { testCase: scoped([]), exchange: exchange({ body: createdWith({ scopes: readDefault }) }) })).toHaveLength(1);
});


test('created_at_recent fires on a timestamp past the tolerance on either side of the answer, and not within it', () => {
  const check = EXCHANGE_CHECKS.find((c) => c.name === 'created_at_recent')!;
  const at = (offsetMs: number) => judge(check, { exchange: exchange({ body: createdWith({ created_at: new Date(NOW + offsetMs).toISOString() }) }) });
  const tolerance = 5 * 60_000;
  expect(at(24 * 3600_000)).toHaveLength(1);
  expect(at(tolerance + 1000)).toHaveLength(1);
  expect(at(-(tolerance + 1000))).toHaveLength(1);
  expect(at(tolerance)).toEqual([]);
  expect(at(-tolerance)).toEqual([]);
  expect(at(0)).toEqual([]);
  // The same instant written with an offset is the same instant.
  expect(judge(check, { exchange: exchange({ body: createdWith({ created_at: '2026-01-01T02:01:00+02:00' }) }) })).toEqual([]);
  // Without an offset the instant is unknown: the schema check reports that, this one does not guess.
  expect(judge(check, { exchange: exchange({ body: createdWith({ created_at: '2020-01-01T00:00:00' }) }) })).toBe('not-applicable');
});

/** What each breaking scenario must report, as people read it: message, received, documented, location. */
const REPORTED: Record<string, [message: string, received: string, documented: string, location: string]> = {
  target_responds: ["No HTTP answer: no answer within 10 ms", "timeout", "an HTTP response", "no answer"],
  not_a_server_error: ["The server answered with a server error", "500", "no 5xx", ""],
  status_code_conformance: ["The status is not documented for this operation", "403", "200, 401, 422", ""],
  content_type_conformance: ["The Content-Type is not documented for this status", "text/html", "application/json", "content-type"],
  response_schema_conformance: ["The body breaks the schema at /detail: must be string", "[{\"loc\":[\"body\",\"name\"],\"msg\":\"field required\"}]", "#/components/responses/ValidationError/content/application~1json/schema/properties/detail/type", "#/components/responses/ValidationError/content/application~1json/schema/properties/detail/type"],
  positive_data_acceptance: ["A valid request was rejected", "422", "200", ""],
  negative_data_rejection: ["An invalid request was accepted", "200", "422", "/scopes"],
  auth_required: ["A request without a usable credential was not answered 401", "403", "401", "authorization"],
  unknown_token_rejected: ["An unknown token was not rejected with 401", "200", "401", "authorization: unknown token"],
  foreign_credential_refused: ["A credential of scheme firebaseBearer, which this operation does not accept, was not refused", "200", "401", "authorization: firebaseBearer"],
  key_documented_prefix: ["The new key does not start with the documented prefix omi_dev_", "[Filtered] (a key without the prefix; no part of it is shown)", "omi_dev_…", "key"],
  key_prefix_consistent: ["key_prefix is not a prefix of the key longer than the documented prefix", "omi_dev_zz99...cd34", "the start of the key, longer than omi_dev_", "key_prefix"],
  name_round_trip: ["The name came back changed", "\"n\"", "as sent: \" n \"", "name"],
  scopes_round_trip: ["scopes differ from what was asked for (left out (default))", "[\"memories:read\"]", "[\"conversations:read\",\"memories:read\",\"action_items:read\",\"goals:read\"]", "scopes: left out (default)"],
  created_at_recent: ["created_at is 31536060 s away from this machine's clock", "\"2025-01-01T00:00:00Z\"", "within 300 s of 2026-01-01T00:01:00.000Z", "created_at"],
  last_used_at_unset: ["last_used_at is set on a key just created", "\"2026-01-01T00:00:00Z\"", "null or absent", "last_used_at"],
  unique_ids_and_keys: ["Two created keys share an id", "k1", "a new id per key", "id"],
  list_hides_secrets: ["The list shows the full secret of 1 key(s)", "[Filtered]", "ids and prefixes only", "list item"],
  listed_key_prefix_matches: ["The new key is listed with another key_prefix", "omi_dev_zz99...zz99", "key_prefix omi_dev_ab12...cd34, as its create answered", "key_prefix"],
  rejected_create_leaves_nothing: ["1 key(s) in the list were never returned by a successful create", "stray (undefined)", "no key from a rejected create", "list"],
  revoked_key_rejected: ["A revoked key still opens the API", "200", "401", "revoked key as credential"],
  created_as_sent: ["content came back changed", "\"dark mode\"", "as sent: \"  dark mode \"", "content"],
  list_limit_respected: ["The list answered more items than limit allows", "3 items", "at most 2 (limit=2)", "query:limit"],
  filtered_list_matches: ["An item the completed filter excludes was listed", "item 1: {\"id\":\"b\",\"completed\":false}", "completed = true", "query:completed"],
  batch_answers_every_item: ["The batch answer's memories does not hold one item per item sent", "1 items", "2 items", "memories"],
  read_back_matches: ["started_at does not hold what was written", "\"2026-01-01T00:00:00Z\"", "\"2025-12-06T14:00:00+00:00\"", "started_at"],
  created_resource_listed: ["The resource just created is not in its list", "1 item(s) without id m1", "id m1 listed", "list"],
  update_applied: ["content does not hold what was written", "\"old\"", "\"new\"", "content"],
  deleted_resource_gone: ["A deleted resource is still listed", "id m1 listed", "gone after a successful delete", "list"],
  use_after_delete_404: ["A deleted resource was answered as if it still existed", "200", "404", "read-after-delete"],
  page_exact: ['The page at offset=1, limit=2 is not that slice of the list', 'ids ["c","d"]', 'ids ["b","c"] (items 1 to 2 of the list read just before)', 'page'],
  documented_default_holds: ['A page held 10 items, not the default 25, and more came after it', 'pages of 10, 10, 0 items', 'limit defaults to 25: full pages of 25 until the last with items', 'query:limit'],
  filter_complete: ['A resource that matches the filter is missing from its answer', '1 item(s) without id m1 (categories=system)', 'id m1 listed: it holds the value filtered on', 'query:categories'],
  split_filter_partitions: ['Items are in both the starred=true and the starred=false answers', 'ids ["a"] in both', 'each item in one half only', 'query:starred'],
  update_confined: ['title of another resource changed when this one was updated', '"one"', '"two"', 'title'],
  sequence_state_matches: ['structured.title does not hold what was written', '"changed"', '"kept"', 'structured.title'],
  scope_enforced: ['A key without memories:write was answered with success', '200 for a key with scopes [memories:read]', 'a refusal: memories:write is required', 'memories:write'],
  scope_granted: ['A key holding memories:write was refused', '401 for a key with scopes [memories:write]', 'memories:write is what the operation needs', 'memories:write'],
  refused_write_changes_nothing: ['content changed though the write was refused', '"after"', '"before"', 'content'],
  revoked_key_refused_everywhere: ['A revoked key was not refused', '200', '401', 'revoked key'],
  other_account_refused: ["Another account's resource was answered with success for the credential of the second account", '200 for GET of c1', 'the 404 of a resource that does not exist for this account, or a documented refusal', 'c1'],
  other_account_unlisted: ['The list for the credential of the second account shows a resource the other account made', 'id c1 listed', "only this account's resources", 'id'],
  widening_flag_applied: ['include_transcript=true did not bring transcript_segments into the answer', 'the answer without transcript_segments', 'transcript_segments present when include_transcript=true', 'transcript_segments'],
};

test('each check reports what it received against what is documented, and where', () => {
  for (const check of EXCHANGE_CHECKS) {
    const verdict = judge(check, SCENARIOS[check.name].breaks);
    const [message, received, documented, location] = REPORTED[check.name];
    expect(verdict, check.name).toEqual([{ message, received, documented, location }]);
  }
});

test('every exchange check has a breaking and a keeping scenario', () => {
  expect(Object.keys(SCENARIOS).sort()).toEqual(EXCHANGE_CHECKS.map((c) => c.name).sort());
});

for (const check of EXCHANGE_CHECKS) {
  describe(check.name, () => {
    test('fires on a response that breaks it', () => {
      const verdict = judge(check, SCENARIOS[check.name].breaks);
      expect(Array.isArray(verdict) && verdict.length > 0, JSON.stringify(verdict)).toBe(true);
    });
    test('stays silent on a response that keeps it', () => {
      expect(judge(check, SCENARIOS[check.name].keeps)).toEqual([]);
    });
    test('has a one-line reason', () => {
      expect(check.reason).toMatch(/^[^\n]{10,200}$/);
    });
  });
}

test('a 204 with a body breaks content_type_conformance; an empty 204 keeps it', () => {
  const check = EXCHANGE_CHECKS.find((c) => c.name === 'content_type_conformance')!;
  const revoke = { operationId: 'revokeApiKey', testCase: { operationId: 'revokeApiKey', method: 'DELETE' } };
  expect(judge(check, { ...revoke, exchange: exchange({ status: 204, body: '{"ok":true}' }) })).toHaveLength(1);
  expect(judge(check, { ...revoke, exchange: exchange({ status: 204, headers: {}, body: '' }) })).toEqual([]);
});

test('a documented 404 is an accepted answer to a valid revoke, a 401 is not', () => {
  const check = EXCHANGE_CHECKS.find((c) => c.name === 'positive_data_acceptance')!;
  const revoke = { operationId: 'revokeApiKey', testCase: { operationId: 'revokeApiKey', method: 'DELETE' } };
  expect(judge(check, { ...revoke, exchange: exchange({ status: 404, body: '{"detail":"Not found"}' }) })).toEqual([]);
  expect(judge(check, { ...revoke, exchange: exchange({ status: 401, body: '{"detail":"no"}' }) })).toHaveLength(1);
});

test('list_hides_secrets also knows keys an earlier worker of the run created (by digest only)', () => {
  const journal = new RunJournal(undefined);
  journal.recordResource('/v1/dev/keys', 'k0');
  journal.recordSecret('earlier-worker-secret-0123456789');
  const redactor = new Redactor();
  const ledger = new SecretLedger(redactor, journal, '/v1/dev/keys');
  const run = { facts, roles: keyRoles(contract), ledger, preexisting: () => new Set<string>(), clockToleranceMs: 5 * 60_000 };
  const check = EXCHANGE_CHECKS.find((c) => c.name === 'list_hides_secrets')!;
  const leaking = exchange({ body: JSON.stringify([{ id: 'k0', key: 'earlier-worker-secret-0123456789' }]) });
  const verdict = check.judge({ contract, oracle, run, operation: operation('listApiKeys'), testCase: testCase({ operationId: 'listApiKeys' }), exchange: leaking });
  expect(verdict).toHaveLength(1);
  expect(redactor.redact('earlier-worker-secret-0123456789')).toBe('[Filtered]');
});

describe('the account checks, at their edges', () => {
  const check = (name: string) => EXCHANGE_CHECKS.find((c) => c.name === name)!;
  const probeOf = (extra: Partial<AccountStep> = {}) => ({ operationId: 'getConversation', testCase: intrude('getConversation', 'GET', 'account-probe', extra) });

  test('other_account_refused names who asked, and holds only a 2xx to be a success', () => {
    const refused = check('other_account_refused');
    expect(judge(refused, { ...probeOf({ viaKey: true, intruder: 'main' }), exchange: exchange({ status: 299, body: '{}' }) })).toEqual([
      expect.objectContaining({ message: "Another account's resource was answered with success for a key made by the main account", received: '299 for GET of c1' }),
    ]);
    expect(judge(refused, { ...probeOf(), exchange: exchange({ status: 300, body: '{}' }) })).toEqual([]);
    expect(judge(refused, { ...probeOf(), exchange: exchange({ status: 101, body: '' }) })).toEqual([]);
  });

  test('other_account_unlisted reads numeric ids, passes over items without one, and judges only a 200 list', () => {
    const unlisted = check('other_account_unlisted');
    const listed = (items: unknown[], status = 200, foreign = ['7']) => ({ operationId: 'listConversations', testCase: intrude('listConversations', 'GET', 'account-listed', { foreign, listed: items }), exchange: exchange({ status, body: JSON.stringify(items) }) });
    expect(judge(unlisted, listed([{ id: 7 }]))).toEqual([expect.objectContaining({ received: 'id 7 listed' })]);
    expect(judge(unlisted, listed([{ id: null }, { id: { n: 7 } }, 'x'], 200, ['null', '[object Object]', 'undefined']))).toEqual([]);
    expect(judge(unlisted, listed([{ id: 7 }], 500))).toBe('not-applicable');
  });

  test("refused_write_changes_nothing says a refused delete removed the resource, in the owner's words", () => {
    const refused = check('refused_write_changes_nothing');
    const gone = { operationId: 'getConversation', testCase: intrude('getConversation', 'GET', 'account-after-refusal', { expected: {}, readBack: null }), exchange: exchange({ status: 404, body: '{}' }) };
    expect(judge(refused, gone)).toEqual([{ message: 'The resource is gone after a delete that was refused', received: "not found with its owner's credential", documented: 'the resource, unchanged', location: 'deleted' }]);
  });
});

test('where the words give 403 to a missing permission and 401 to no valid credential, a key without the scope must get the 403', () => {
  const check = EXCHANGE_CHECKS.find((c) => c.name === 'scope_enforced')!;
  const onList = (status: number) => ({ operationId: 'listConversations', testCase: probe('listConversations', 'GET', 'scope-probe', ['memories:read'], { required: 'conversations:read' }), exchange: exchange({ status, body: '{"detail":"no"}' }) });
  expect(judge(check, onList(403))).toEqual([]);
  expect(judge(check, onList(401))).toEqual([{ message: 'A key without conversations:read was refused 401, which the contract gives to a missing or invalid credential', received: '401', documented: '403: Insufficient permissions. Required scope: `conversations:read`.', location: 'conversations:read' }]);
  // Another refusal (404, 400) is still a refusal; and where no 403 is documented, a 401 is the refusal.
  expect(judge(check, onList(404))).toEqual([]);
  expect(judge(check, { operationId: 'deleteMemory', testCase: probe('deleteMemory', 'DELETE', 'scope-probe', ['memories:read']), exchange: exchange({ status: 401, body: '{"detail":"no"}' }) })).toEqual([]);
});
