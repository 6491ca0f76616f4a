import { expect, test } from 'vitest';
import { inputsOf, recordCoverage } from '../../../src/engine/state/coverage';
import type { Coverage } from '../../../src/model/coverage';
import { exchange, testCase } from '../support/exchanges';

// What the coverage matrix counts per case: the inputs a valid case sent and the one a broken case broke.

const json = (value: unknown) => ({ kind: 'json' as const, value, contentType: 'application/json' });

test('the inputs of a case are its parameters by place and its top-level body properties by pointer, once each', () => {
  const c = testCase({ pathParams: { id: '1' }, queryParams: [['tag', 'a'], ['tag', 'b']], headerParams: { 'x-h': 'v' }, body: json({ name: 'n', scopes: [] }) });
  expect(inputsOf(c)).toEqual(['path:id', 'query:tag', 'header:x-h', '/name', '/scopes']);
});

test('a body that is no object (null, an array, a string, raw bytes) names no property', () => {
  for (const body of [json(null), json(['a', 'b']), json('ab'), json(3), { kind: 'raw' as const, text: '{"a":1}' }, { kind: 'none' as const }]) {
    expect(inputsOf(testCase({ body })), JSON.stringify(body)).toEqual([]);
  }
});

test('a valid case counts as valid what it sent; a broken one counts only the field it broke, and none when it names none', () => {
  const coverage: Coverage = {};
  recordCoverage(coverage, testCase({ body: json({ name: 'n' }) }), exchange({ status: 200 }));
  recordCoverage(coverage, testCase({ expectation: 'reject-input', field: '/name', body: json({ name: 1, scopes: [] }) }), exchange({ status: 422 }));
  recordCoverage(coverage, testCase({ expectation: 'reject-input', body: { kind: 'raw', text: '{' } }), exchange({ status: 422 }));
  recordCoverage(coverage, testCase({ expectation: 'reject-auth', field: '/scopes' }), exchange(undefined, { kind: 'timeout', message: 't' } as never));
  expect(coverage.createApiKey).toEqual({ statuses: { 200: 1, 422: 2, 'no-response': 1 }, valid: ['/name'], broken: ['/name'] });
});
