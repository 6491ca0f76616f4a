import { expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import type { Check } from '../../../src/model/check';
import { acceptanceStatuses, authRejectionStatuses, inputRejectionStatuses } from '../../../src/checks/statuses';
import type { Operation } from '../../../src/contract/load';
import { created, createdKey, createdWith, exchange, judge, operation, scoped, type Scenario } from '../support/exchanges';

const check = (name: string): Check => EXCHANGE_CHECKS.find((c) => c.name === name)!;
const withResponses = (statuses: string[], pathParam = false) => ({ parameters: pathParam ? [{ name: 'id', in: 'path' }] : [], responses: statuses.map((status) => ({ status })) }) as unknown as Operation;

test('which documented statuses accept, reject input, and refuse a credential', () => {
  expect(acceptanceStatuses(withResponses(['200', '201', '401', '404', '422']))).toEqual(['200', '201']);
  // A request that names a resource by path may find it gone: 404 is an answer to a valid request then.
  expect(acceptanceStatuses(withResponses(['204', '401', '404'], true))).toEqual(['204', '404']);
  expect(inputRejectionStatuses(withResponses(['200', '400', '401', '403', '404', '409', '422', '500']))).toEqual(['400', '409', '422']);
  expect(authRejectionStatuses(withResponses(['200', '401', '403']))).toEqual(['401']);
  expect(authRejectionStatuses(withResponses(['200']))).toEqual([]);
});

/** For each check, an exchange it has nothing to say about. */
const NOT_ITS_BUSINESS: Record<string, Scenario[]> = {
  not_a_server_error: [{ exchange: exchange(undefined, { kind: 'reset', message: 'reset' }) }],
  status_code_conformance: [{ exchange: exchange(undefined, { kind: 'refused', message: 'refused' }) }],
  content_type_conformance: [{ exchange: exchange({ status: 418 }) }, { exchange: exchange(undefined, { kind: 'timeout', message: 't' }) }],
  response_schema_conformance: [{ exchange: exchange({ status: 418 }) }, { operationId: 'revokeApiKey', exchange: exchange({ status: 204, headers: {}, body: '' }) }],
  positive_data_acceptance: [{ testCase: { expectation: 'reject-input' }, exchange: exchange({ status: 500 }) }, { exchange: exchange(undefined, { kind: 'timeout', message: 't' }) }],
  negative_data_rejection: [{ exchange: exchange({ status: 200 }) }, { operationId: 'listApiKeys', testCase: { expectation: 'reject-input' }, exchange: exchange({ status: 200, body: '[]' }) }],
  auth_required: [
    { exchange: exchange({ status: 403 }) },
    { testCase: { expectation: 'reject-auth', auth: { kind: 'unknown-token', scheme: 'Bearer', token: 'omi_dev_0' } }, exchange: exchange({ status: 200 }) },
    { testCase: { expectation: 'reject-auth', auth: { kind: 'foreign-credential', of: 'firebaseBearer' } }, exchange: exchange({ status: 200 }) },
    { testCase: { expectation: 'reject-auth', auth: { kind: 'none' }, step: { name: 'resource-used-after-delete', resourceId: 'k1' } }, exchange: exchange({ status: 200 }) },
  ],
  unknown_token_rejected: [{ testCase: { expectation: 'reject-auth', auth: { kind: 'none' } }, exchange: exchange({ status: 200 }) }],
  foreign_credential_refused: [{ testCase: { expectation: 'reject-auth', auth: { kind: 'unknown-token', scheme: 'Bearer', token: 'omi_dev_0' } }, exchange: exchange({ status: 200 }) }],
  key_documented_prefix: [{ exchange: exchange({ status: 422, body: '{"detail":"x"}' }) }, { testCase: { expectation: 'reject-input' }, exchange: exchange({ body: created }) }, { operationId: 'listApiKeys', exchange: exchange({ body: created }) }],
  key_prefix_consistent: [{ exchange: exchange({ status: 422, body: created }) }, { exchange: exchange({ body: '[]' }) }],
  name_round_trip: [
    { testCase: { body: { kind: 'json', value: { scopes: [] }, contentType: 'application/json' } }, exchange: exchange({ body: created }) },
    { exchange: exchange({ body: 'not json' }) },
    // A key in another case (Go reads NAME as name, the last one winning): the name sent is not pinned.
    { testCase: { body: { kind: 'json', value: { name: 'a', NAME: 'b' }, contentType: 'application/json' } }, exchange: exchange({ body: createdWith({ name: 'b' }) }) },
  ],
  scopes_round_trip: [
    { testCase: scoped(undefined), exchange: exchange({ body: createdWith({ scopes: 'memories:read' }) }) },
    { testCase: { body: { kind: 'raw', text: '{}', contentType: 'application/json' } }, exchange: exchange({ body: created }) },
    // Another case of an enum value: read as it, refused, or kept as sent, as frameworks choose.
    { testCase: scoped(['MEMORIES:READ']), exchange: exchange({ body: createdWith({ scopes: ['memories:read'] }) }) },
  ],
  created_at_recent: [{ exchange: exchange({ body: createdWith({ created_at: 'yesterday' }) }) }, { exchange: exchange({ body: createdWith({ created_at: 12 }) }) }],
  last_used_at_unset: [{ exchange: exchange({ status: 500, body: created }) }],
  unique_ids_and_keys: [{ exchange: exchange({ status: 199, body: created }) }],
  list_hides_secrets: [{ exchange: exchange({ body: created }) }, { operationId: 'listApiKeys', exchange: exchange({ status: 401, body: created }) }],
  listed_key_prefix_matches: [
    // Another step, a key not in the list (created_resource_listed's), a key the run never recorded, another operation.
    { operationId: 'listApiKeys', ledger: [createdKey], testCase: { step: { name: 'resource-listed-after-delete', resourceId: 'k1', listed: { items: [{ id: 'k1', key_prefix: 'x' }], complete: true } } }, exchange: exchange({ body: '[]' }) },
    { operationId: 'listApiKeys', ledger: [createdKey], testCase: { step: { name: 'resource-listed', resourceId: 'k1', listed: { items: [{ id: 'k2', key_prefix: 'x' }], complete: true } } }, exchange: exchange({ body: '[]' }) },
    { operationId: 'listApiKeys', ledger: [], testCase: { step: { name: 'resource-listed', resourceId: 'k9', listed: { items: [{ id: 'k9', key_prefix: 'x' }], complete: true } } }, exchange: exchange({ body: '[]' }) },
    { operationId: 'listMemories', ledger: [createdKey], testCase: { step: { name: 'resource-listed', resourceId: 'k1', listed: { items: [{ id: 'k1', key_prefix: 'x' }], complete: true } } }, exchange: exchange({ body: '[]' }) },
    { operationId: 'listApiKeys', ledger: [createdKey], testCase: { step: { name: 'resource-listed', resourceId: 'k1', listed: { items: [{ id: 'k1', key_prefix: 'x' }], complete: true } } }, exchange: exchange({ status: 401, body: '{}' }) },
  ],
  rejected_create_leaves_nothing: [
    { operationId: 'listApiKeys', testCase: { step: { name: 'resource-listed', resourceId: 'k1', listed: { items: [{ id: 'x' }], complete: true } } }, exchange: exchange({ body: '[]' }) },
    // A list not read to its end cannot show a stray for sure.
    { operationId: 'listApiKeys', testCase: { step: { name: 'resource-listed-before', resourceId: '', listed: { items: [{ id: 'x' }], complete: false } } }, exchange: exchange({ body: '[]' }) },
    { operationId: 'listMemories', testCase: { step: { name: 'resource-listed-before', resourceId: '', listed: { items: [{ id: 'x' }], complete: true } } }, exchange: exchange({ body: '[]' }) },
  ],
  revoked_key_rejected: [{ operationId: 'listApiKeys', testCase: { step: { name: 'resource-deleted-again', resourceId: 'k1' } }, exchange: exchange({ body: '[]' }) }, { operationId: 'listApiKeys', testCase: { step: { name: 'resource-used-after-delete', resourceId: 'k1' } }, exchange: exchange(undefined, { kind: 'timeout', message: 't' }) }],
};

for (const [name, scenarios] of Object.entries(NOT_ITS_BUSINESS)) {
  test(`${name} has nothing to say about exchanges that are not its business`, () => {
    for (const scenario of scenarios) expect(judge(check(name), scenario), JSON.stringify(scenario)).toBe('not-applicable');
  });
}

test('target_responds is silent on every answer, whatever its status', () => {
  expect(judge(check('target_responds'), { exchange: exchange({ status: 500 }) })).toEqual([]);
});

test('use_after_delete_404 has nothing to say about an operation that documents no 404', () => {
  const revoke = operation('revokeApiKey');
  const without404 = { ...revoke, responses: revoke.responses.filter((r) => r.status !== '404') };
  expect(judge(check('use_after_delete_404'), { operation: without404, testCase: { step: { name: 'resource-deleted-unknown', resourceId: 'never-issued-1' } }, exchange: exchange({ status: 204, body: '' }) })).toBe('not-applicable');
});

test('auth_required judges the body of a documented 401 too', () => {
  const noAuth = { expectation: 'reject-auth' as const, auth: { kind: 'none' as const } };
  const verdict = (body: string, headers = { 'content-type': 'application/json' }) => judge(check('auth_required'), { testCase: noAuth, exchange: exchange({ status: 401, headers, body }) });
  expect(verdict('Unauthorized', { 'content-type': 'text/plain' })).toEqual([{ message: 'The 401 body is not the documented error body', received: 'Unauthorized', documented: '#/components/responses/Unauthorized/content/application~1json/schema', location: 'authorization (body)' }]);
  expect(verdict('')).toEqual([{ message: 'The 401 body is not the documented error body', received: '(empty body)', documented: '#/components/responses/Unauthorized/content/application~1json/schema', location: 'authorization (body)' }]);
  expect(verdict('{"detail":["x"]}')).toEqual([{ message: 'The 401 body breaks its schema: must be string', received: '{"detail":["x"]}', documented: '#/components/responses/Unauthorized/content/application~1json/schema', location: 'authorization (body)' }]);
  expect(verdict('{"detail":"no"}')).toEqual([]);
});

test('response_schema_conformance: a body that is not JSON, and the media type it was sent as', () => {
  const schema = check('response_schema_conformance');
  expect(judge(schema, { exchange: exchange({ body: '' }) })).toEqual([{ message: 'The body is not JSON', received: '(empty body)', documented: 'application/json per #/paths/~1v1~1dev~1keys/post/responses/200/content/application~1json/schema', location: '(body is not JSON)' }]);
  expect(judge(schema, { exchange: exchange({ headers: { 'content-type': 'text/html' }, body: '<b>' }) })).toEqual([expect.objectContaining({ received: '<b>', location: '(body is not JSON)' })]);
  // Each error names the value found where the schema failed.
  expect(judge(schema, { exchange: exchange({ body: createdWith({ id: 5, name: true }) }) })).toEqual([
    expect.objectContaining({ message: 'The body breaks the schema at /id: must be string', received: '5' }),
    expect.objectContaining({ message: 'The body breaks the schema at /name: must be string', received: 'true' }),
  ]);
  expect(judge(schema, { exchange: exchange({ body: '"text"' }) })).toEqual([expect.objectContaining({ message: 'The body breaks the schema at /: must be object', received: '"text"' })]);
});

test('content_type_conformance: a documented body without a Content-Type', () => {
  expect(judge(check('content_type_conformance'), { exchange: exchange({ headers: {}, body: created }) })).toEqual([{ message: 'The Content-Type is not documented for this status', received: '(no Content-Type)', documented: 'application/json', location: 'content-type' }]);
  expect(judge(check('content_type_conformance'), { operationId: 'revokeApiKey', exchange: exchange({ status: 204, headers: {}, body: 'x' }) })).toEqual([{ message: 'A body was sent where the contract documents none', received: '(no Content-Type)', documented: '204: no body', location: 'body' }]);
});

test('negative_data_rejection: another rejection than the documented one', () => {
  expect(judge(check('negative_data_rejection'), { testCase: { expectation: 'reject-input', field: '/name' }, exchange: exchange({ status: 400 }) })).toEqual([
    { message: 'An invalid request got a rejection the contract does not document', received: '400', documented: '422', location: '/name' },
  ]);
  expect(judge(check('negative_data_rejection'), { testCase: { expectation: 'reject-input' }, exchange: exchange({ status: 500 }) })).toEqual([
    { message: 'An invalid request got a rejection the contract does not document', received: '500', documented: '422', location: '' },
  ]);
});

test('positive_data_acceptance names the credential as the place when an auth case is refused', () => {
  expect(judge(check('positive_data_acceptance'), { testCase: { phase: 'auth' }, exchange: exchange({ status: 401 }) })).toEqual([{ message: 'A valid request was rejected', received: '401', documented: '200', location: 'authorization' }]);
});

test('key_prefix_consistent: a key or key_prefix missing, and a display prefix no longer than the documented one', () => {
  const consistent = check('key_prefix_consistent');
  expect(judge(consistent, { exchange: exchange({ body: createdWith({ key_prefix: undefined }) }) })).toEqual([{ message: 'key_prefix is missing from the new key', received: '(absent)', documented: 'key_prefix, a prefix of key', location: 'key_prefix' }]);
  expect(judge(consistent, { exchange: exchange({ body: createdWith({ key: null }) }) })).toEqual([{ message: 'key is missing from the new key', received: '(no key)', documented: 'key_prefix, a prefix of key', location: 'key' }]);
  expect(judge(consistent, { exchange: exchange({ body: createdWith({ key_prefix: 'omi_dev_...' }) }) })).toHaveLength(1);
  expect(judge(consistent, { exchange: exchange({ body: createdWith({ key_prefix: 'omi_dev_a…' }) }) })).toEqual([]);
  expect(judge(consistent, { exchange: exchange({ body: createdWith({ key_prefix: 'omi_dev_ab12ef56cd34' }) }) })).toEqual([]);
  expect(judge(consistent, { exchange: exchange({ body: createdWith({ key_prefix: 'omi_dev_ab12ef56cd345' }) }) })).toHaveLength(1);
});

test('key_documented_prefix shows a key that is not a string as it is', () => {
  expect(judge(check('key_documented_prefix'), { exchange: exchange({ body: createdWith({ key: 42 }) }) })).toEqual([{ message: 'The new key does not start with the documented prefix omi_dev_', received: '42', documented: 'omi_dev_…', location: 'key' }]);
});

test('scopes_round_trip: absent scopes are not judged; an empty request is held to the empty set', () => {
  const scopes = check('scopes_round_trip');
  expect(judge(scopes, { testCase: scoped(['memories:read']), exchange: exchange({ body: createdWith({ scopes: undefined }) }) })).toEqual([]);
  expect(judge(scopes, { testCase: scoped([]), exchange: exchange({ body: createdWith({ scopes: [] }) }) })).toEqual([]);
  expect(judge(scopes, { testCase: scoped([]), exchange: exchange({ body: createdWith({ scopes: ['memories:read'] }) }) })).toEqual([{ message: 'scopes differ from what was asked for (empty)', received: '["memories:read"]', documented: '[]', location: 'scopes: empty' }]);
  expect(judge(scopes, { testCase: scoped(['goals:read']), exchange: exchange({ body: createdWith({ scopes: ['memories:read'] }) }) })).toEqual([{ message: 'scopes differ from what was asked for (requested)', received: '["memories:read"]', documented: '["goals:read"]', location: 'scopes: requested' }]);
  expect(judge(scopes, { testCase: scoped(['goals:read']), exchange: exchange({ body: createdWith({ scopes: null }) }) })).toEqual([{ message: 'scopes is null on a new key (null is for legacy keys)', received: 'null', documented: '["goals:read"]', location: 'scopes: null' }]);
});

test('unique_ids_and_keys: a secret shared by two keys is reported without showing it', () => {
  const verdict = judge(check('unique_ids_and_keys'), { ledger: [createdKey, { ...createdKey, id: 'k2' }], exchange: exchange({ body: createdWith({ id: 'k3' }) }) });
  expect(verdict).toEqual([{ message: 'Two created keys share a secret', received: '[Filtered]', documented: 'a new secret per key', location: 'key' }]);
  const both = judge(check('unique_ids_and_keys'), { ledger: [createdKey, createdKey], exchange: exchange({ body: created }) });
  expect(Array.isArray(both) && both.map((f) => f.location)).toEqual(['id', 'key']);
});

test('rejected_create_leaves_nothing names at most three strays, and needs to know what was there before', () => {
  const strays = JSON.stringify(['s1', 's2', 's3', 's4'].map((id) => ({ id, key_prefix: `p-${id}` })));
  const before = (preexisting?: string[] | null) => judge(check('rejected_create_leaves_nothing'), { operationId: 'listApiKeys', preexisting, testCase: { step: { name: 'resource-listed-before', resourceId: '', listed: { items: [...JSON.parse(strays), 'not an item', null], complete: true } } }, exchange: exchange({ body: '[]' }) });
  expect(before()).toEqual([{ message: '4 key(s) in the list were never returned by a successful create', received: 's1 (p-s1), s2 (p-s2), s3 (p-s3)', documented: 'no key from a rejected create', location: 'list' }]);
  expect(before(['s1', 's2', 's3', 's4'])).toEqual([]);
  // Without the whole list from before the run, old keys cannot be told from strays.
  expect(before(null)).toBe('not-applicable');
});

test('listed_key_prefix_matches: a listed key with another prefix, or one its create showed with none', () => {
  const listed = (items: unknown[], ledger: Record<string, unknown>[] = [createdKey]) => judge(check('listed_key_prefix_matches'), { operationId: 'listApiKeys', ledger, testCase: { step: { name: 'resource-listed', resourceId: 'k1', listed: { items, complete: true } } }, exchange: exchange({ body: '[]' }) });
  expect(listed([{ id: 'k1', key_prefix: 'omi_dev_zz...zz' }])).toEqual([{ message: 'The new key is listed with another key_prefix', received: 'omi_dev_zz...zz', documented: 'key_prefix omi_dev_ab12...cd34, as its create answered', location: 'key_prefix' }]);
  expect(listed([{ id: 'k1' }])).toEqual([expect.objectContaining({ received: 'undefined' })]);
  // A create that showed no prefix leaves nothing to compare.
  const { key_prefix: _prefix, ...withoutPrefix } = createdKey;
  expect(listed([{ id: 'k1', key_prefix: 'anything' }], [withoutPrefix])).toBe('not-applicable');
});

test('use_after_delete_404 says whether the id was deleted or never issued', () => {
  const again = judge(check('use_after_delete_404'), { operationId: 'revokeApiKey', testCase: { method: 'DELETE', step: { name: 'resource-deleted-again', resourceId: 'k1' } }, exchange: exchange({ status: 204, body: '' }) });
  expect(again).toEqual([{ message: 'A deleted resource was answered as if it still existed', received: '204', documented: '404', location: 'deleted-again' }]);
  const unknown = judge(check('use_after_delete_404'), { operationId: 'revokeApiKey', testCase: { method: 'DELETE', step: { name: 'resource-deleted-unknown', resourceId: 'never-issued-1' } }, exchange: exchange({ status: 204, body: '' }) });
  expect(unknown).toEqual([{ message: 'A delete of an id never issued was answered as if it existed', received: '204', documented: '404', location: 'deleted-unknown' }]);
});

test('the checks of a new key judge only a 2xx answer to a valid JSON create that is an object', () => {
  const lastUsed = check('last_used_at_unset');
  const setOnCreate = createdWith({ last_used_at: '2026-01-01T00:00:00Z' });
  const verdict = (scenario: Partial<Scenario>) => judge(lastUsed, { exchange: exchange({ body: setOnCreate }), ...scenario });
  expect(verdict({})).toHaveLength(1);
  expect(verdict({ exchange: exchange({ status: 299, body: setOnCreate }) })).toHaveLength(1);
  for (const [label, scenario] of [
    ['another operation', { operationId: 'listApiKeys' }],
    ['no answer', { exchange: exchange(undefined, { kind: 'timeout', message: 't' }) }],
    ['a 199', { exchange: exchange({ status: 199, body: setOnCreate }) }],
    ['a 300', { exchange: exchange({ status: 300, body: setOnCreate }) }],
    ['a raw body sent', { testCase: { body: { kind: 'raw', text: '{"name":"n"}', contentType: 'application/json' } } }],
    ['an invalid request', { testCase: { expectation: 'reject-input' } }],
    ['an array answered', { exchange: exchange({ body: `[${setOnCreate}]` }) }],
    ['null answered', { exchange: exchange({ body: 'null' }) }],
    ['a string answered', { exchange: exchange({ body: '"text"' }) }],
    ['a body that is not JSON', { exchange: exchange({ body: '{' }) }],
    ['null sent', { testCase: { body: { kind: 'json', value: null, contentType: 'application/json' } } }],
    ['a string sent', { testCase: { body: { kind: 'json', value: 'n', contentType: 'application/json' } } }],
  ] as const) {
    expect(verdict(scenario as Partial<Scenario>), label).toBe('not-applicable');
  }
});

test('the key list checks judge only a 200 answer of the list operation', () => {
  const prefix = check('listed_key_prefix_matches');
  const listedStep = { operationId: 'listApiKeys', ledger: [createdKey], testCase: { step: { name: 'resource-listed' as const, resourceId: 'k1', listed: { items: [{ id: 'k1', key_prefix: 'other' }], complete: true } } } };
  const verdict = (body: string, status = 200, operationId = 'listApiKeys') => judge(prefix, { ...listedStep, operationId, exchange: exchange({ status, body }) });
  expect(verdict('[]')).toHaveLength(1);
  expect(verdict('[]', 201)).toBe('not-applicable');
  expect(verdict('[]', 200, 'createApiKey')).toBe('not-applicable');
  expect(verdict('{"id":"k1"}')).toBe('not-applicable');
  expect(verdict('not json')).toBe('not-applicable');
  expect(judge(prefix, { ...listedStep, exchange: exchange(undefined, { kind: 'reset', message: 'r' }) })).toBe('not-applicable');
});

test('unknown_token_rejected and revoked_key_rejected say which statuses refuse, 401 when none is documented', () => {
  const listWithout401 = { ...operation('listApiKeys'), responses: operation('listApiKeys').responses.filter((r) => r.status !== '401') };
  const unknown = { expectation: 'reject-auth' as const, auth: { kind: 'unknown-token' as const, scheme: 'Bearer', token: 'omi_dev_0' } };
  expect(judge(check('unknown_token_rejected'), { operation: listWithout401, testCase: unknown, exchange: exchange({ body: '[]' }) })).toEqual([{ message: 'An unknown token was not rejected with 401', received: '200', documented: '401', location: 'authorization: unknown token' }]);
  expect(judge(check('revoked_key_rejected'), { operation: listWithout401, testCase: { expectation: 'reject-auth', step: { name: 'resource-used-after-delete', resourceId: 'k1' } }, exchange: exchange({ body: '[]' }) })).toEqual([{ message: 'A revoked key still opens the API', received: '200', documented: '401', location: 'revoked key as credential' }]);
  expect(judge(check('auth_required'), { operation: listWithout401, testCase: { expectation: 'reject-auth', auth: { kind: 'none' } }, exchange: exchange({ body: '[]' }) })).toEqual([{ message: 'A request without a usable credential was not answered 401', received: '200', documented: '401', location: 'authorization' }]);
});

test('a documented status without a body is judged by auth_required on its status alone', () => {
  const list = operation('listApiKeys');
  const bare401 = { ...list, responses: list.responses.map((r) => (r.status === '401' ? { ...r, content: [] } : r)) };
  expect(judge(check('auth_required'), { operation: bare401, testCase: { expectation: 'reject-auth', auth: { kind: 'none' } }, exchange: exchange({ status: 401, body: 'anything' }) })).toEqual([]);
});

test('a request that names a resource by path may be answered 404 whatever other parameters it has', () => {
  expect(acceptanceStatuses({ parameters: [{ name: 'id', in: 'path' }, { name: 'q', in: 'query' }], responses: [{ status: '200' }, { status: '404' }] } as unknown as Operation)).toEqual(['200', '404']);
});

test('negative_data_rejection calls any 2xx accepted and anything else an undocumented rejection', () => {
  const rejection = (status: number) => {
    const verdict = judge(check('negative_data_rejection'), { testCase: { expectation: 'reject-input', field: '/name' }, exchange: exchange({ status }) });
    return Array.isArray(verdict) ? verdict.map((f) => f.message) : verdict;
  };
  expect(rejection(200)).toEqual(['An invalid request was accepted']);
  expect(rejection(299)).toEqual(['An invalid request was accepted']);
  expect(rejection(300)).toEqual(['An invalid request got a rejection the contract does not document']);
  expect(rejection(199)).toEqual(['An invalid request got a rejection the contract does not document']);
  expect(rejection(422)).toEqual([]);
});

test('content_type_conformance accepts any of several documented media types', () => {
  const create = operation('createApiKey');
  const two = { ...create, responses: create.responses.map((r) => (r.status === '200' ? { ...r, content: [...r.content, { ...r.content[0], mediaType: 'text/csv' }] } : r)) };
  expect(judge(check('content_type_conformance'), { operation: two, exchange: exchange({ headers: { 'content-type': 'text/csv' }, body: 'a,b' }) })).toEqual([]);
  expect(judge(check('content_type_conformance'), { operation: two, exchange: exchange({ body: created }) })).toEqual([]);
  expect(judge(check('content_type_conformance'), { operation: two, exchange: exchange({ headers: { 'content-type': 'text/html' }, body: created }) })).toEqual([
    { message: 'The Content-Type is not documented for this status', received: 'text/html', documented: 'application/json, text/csv', location: 'content-type' },
  ]);
});

test('listed_key_prefix_matches looks for the key it was told to, among several keys and items', () => {
  const other = { ...createdKey, id: 'k0', key_prefix: 'omi_dev_0000...0000', key: 'omi_dev_other_secret_0000' };
  const listed = (items: unknown[]) => judge(check('listed_key_prefix_matches'), { operationId: 'listApiKeys', ledger: [other, createdKey], testCase: { step: { name: 'resource-listed', resourceId: 'k1', listed: { items, complete: true } } }, exchange: exchange({ body: '[]' }) });
  expect(listed([{ id: 'k0', key_prefix: other.key_prefix }, { id: 'k1', key_prefix: createdKey.key_prefix }])).toEqual([]);
  expect(listed([{ id: 'k0', key_prefix: other.key_prefix }, { id: 'k1', key_prefix: other.key_prefix }])).toEqual([expect.objectContaining({ location: 'key_prefix', documented: 'key_prefix omi_dev_ab12...cd34, as its create answered' })]);
  expect(listed([{ id: 'k0', key_prefix: createdKey.key_prefix }])).toBe('not-applicable');
});

test('created_at_recent leaves values that are not timestamps to the schema check', () => {
  for (const value of [-1230, true, null, 'Z', '2026-13-45T99:99:99Z']) {
    expect(judge(check('created_at_recent'), { exchange: exchange({ body: createdWith({ created_at: value }) }) }), String(value)).toBe('not-applicable');
  }
});

test('a request with only query parameters names no resource: its 404 is not an acceptance', () => {
  expect(acceptanceStatuses({ parameters: [{ name: 'q', in: 'query' }], responses: [{ status: '200' }, { status: '404' }] } as unknown as Operation)).toEqual(['200']);
});

test('findings list every documented status they were held to', () => {
  const create = operation('createApiKey');
  const with400 = { ...create, responses: [...create.responses, { status: '400', description: 'bad', content: [] }] };
  expect(judge(check('negative_data_rejection'), { operation: with400, testCase: { expectation: 'reject-input', field: '/name' }, exchange: exchange({ status: 200, body: created }) })).toEqual([
    { message: 'An invalid request was accepted', received: '200', documented: '422, 400', location: '/name' },
  ]);
  expect(judge(check('positive_data_acceptance'), { operationId: 'revokeApiKey', exchange: exchange({ status: 401, body: '{"detail":"no"}' }) })).toEqual([
    { message: 'A valid request was rejected', received: '401', documented: '204, 404', location: '' },
  ]);
});

test('response_schema_conformance judges the body by the media type it came as', () => {
  const create = operation('createApiKey');
  const json = create.responses.find((r) => r.status === '200')!.content[0];
  const withText = { ...create, responses: create.responses.map((r) => (r.status === '200' ? { ...r, content: [json, { ...json, mediaType: 'text/plain' }] } : r)) };
  const schema = check('response_schema_conformance');
  // Text is not judged as JSON; JSON is judged by its schema; with no Content-Type, by the first documented type.
  expect(judge(schema, { operation: withText, exchange: exchange({ headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'hello' }) })).toBe('not-applicable');
  expect(judge(schema, { operation: withText, exchange: exchange({ body: createdWith({ id: 1 }) }) })).toEqual([expect.objectContaining({ message: 'The body breaks the schema at /id: must be string' })]);
  expect(judge(schema, { operation: withText, exchange: exchange({ headers: {}, body: createdWith({ id: 1 }) }) })).toEqual([expect.objectContaining({ message: 'The body breaks the schema at /id: must be string' })]);
  expect(judge(schema, { operation: withText, exchange: exchange({ headers: {}, body: created }) })).toEqual([]);
});

test('positive_data_acceptance allows a refusal only as the contract words it: the status its words name for an input the case sends, or a validation error for an empty update whose words ask for a field', () => {
  const acceptance = check('positive_data_acceptance');
  const rejected = (status: string, documented: string) => [{ message: 'A valid request was rejected', received: status, documented, location: '' }];
  const listConversations = (queryParams: [string, string][], status: number, headerParams?: Record<string, string>) =>
    judge(acceptance, { operationId: 'listConversations', testCase: { method: 'GET', queryParams, headerParams, body: { kind: 'none' } }, exchange: exchange({ status, body: '{"detail":"Invalid categories"}' }) });
  // listConversations documents 400 for an invalid `categories` value.
  expect(listConversations([['categories', 'nope']], 400)).toEqual([]);
  expect(listConversations([['limit', '5'], ['categories', 'nope']], 400)).toEqual([]);
  expect(listConversations([['categories', 'nope']], 422)).toEqual(rejected('422', '200'));
  expect(listConversations([['limit', '5']], 400)).toEqual(rejected('400', '200'));
  expect(listConversations([], 400, { categories: 'nope' })).toEqual([]);
  expect(listConversations([], 400, { other: 'x' })).toEqual(rejected('400', '200'));
  // updateMemory's words ask for at least one field: an empty body may be refused with its validation error, a body with a field may not.
  const updateMemory = (value: unknown, status: number) =>
    judge(acceptance, { operationId: 'updateMemory', testCase: { method: 'PATCH', pathParams: { memory_id: 'm1' }, body: { kind: 'json', value, contentType: 'application/json' } }, exchange: exchange({ status, body: '{"detail":"x"}' }) });
  const documented = acceptanceStatuses(operation('updateMemory')).join(', ');
  expect(updateMemory({}, 422)).toEqual([]);
  expect(updateMemory({ content: 'x' }, 422)).toEqual(rejected('422', documented));
  expect(updateMemory([], 422)).toEqual(rejected('422', documented));
  expect(updateMemory(null, 422)).toEqual(rejected('422', documented));
  expect(updateMemory({}, 500)).toEqual(rejected('500', documented));
  // An operation whose words ask for nothing refuses no empty body.
  expect(judge(acceptance, { operationId: 'createApiKey', testCase: { body: { kind: 'json', value: {}, contentType: 'application/json' } }, exchange: exchange({ status: 422, body: '{"detail":"x"}' }) })).toEqual(rejected('422', '200'));
});
