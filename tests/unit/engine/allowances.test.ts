import { expect, test } from 'vitest';
import type { Case } from '../../../src/model/case';
import { allowanceFor } from '../../../src/engine/allowances';

const negative = (over: Partial<Case> = {}): Case => ({
  operationId: 'listConversations', phase: 'negative', expectation: 'reject-input', label: 'broken', method: 'GET', pathParams: {},
  auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' }, ...over,
});

test('Prism\'s 422 for a refused request is allowed on the mock, for the checks that see its status and body', () => {
  for (const check of ['status_code_conformance', 'content_type_conformance', 'response_schema_conformance']) {
    expect(allowanceFor('mock', { check, status: 422 }, negative())?.id).toBe('prism-undocumented-422');
  }
  expect(allowanceFor('live', { check: 'status_code_conformance', status: 422 }, negative())).toBeUndefined();
  expect(allowanceFor('mock', { check: 'status_code_conformance', status: 418 }, negative())).toBeUndefined();
  expect(allowanceFor('mock', { check: 'status_code_conformance', status: 422 }, negative({ expectation: 'accept' }))).toBeUndefined();
  expect(allowanceFor('mock', { check: 'negative_data_rejection', status: 422 }, negative())).toBeUndefined();
});
