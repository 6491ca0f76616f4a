import path from 'node:path';
import { expect, test } from 'vitest';
import { caseOf } from '../../../src/model/case';
import { ROOT, testGate } from '../support/contract';

// Each scheme's credential where its scheme carries it, and filtered from everything shown in every
// spelling it travels in: raw, percent-encoded in a query or a cookie, base64 for Basic.

const VARIED = path.join(ROOT, 'fixtures', 'contracts', 'varied');

test('an API key in the query and an OAuth2 token each go where their scheme says, and are filtered in every spelling', () => {
  const queryKey = 'k3y+abc/DEF=ghi:jkl&mno';
  const ctx = testGate({ OMI_CONTRACT: path.join(VARIED, 'notes-query-key.yaml'), OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: 'omi_test_oauth_bearer_token', OMI_API_TOKEN_QUERY_KEY: queryKey });
  const list = ctx.contract.operations.find((op) => op.id === 'listNotes')!;
  const add = ctx.contract.operations.find((op) => op.id === 'addNote')!;
  const listed = ctx.target.requestFor(caseOf(list, 'examples', 'x'));
  expect(listed.url).toBe(`http://127.0.0.1:9/notes?api_key=${encodeURIComponent(queryKey)}`);
  expect(listed.headers.authorization).toBeUndefined();
  expect(ctx.target.requestFor(caseOf(add, 'examples', 'x')).headers.authorization).toBe('Bearer omi_test_oauth_bearer_token');
  const shown = JSON.stringify(ctx.redactor.redactValue({ listed, raw: queryKey, form: new URLSearchParams({ k: queryKey }).toString() }));
  expect(shown).not.toContain('k3y');
  expect(shown).not.toContain('omi_test_oauth');
});

test('a Basic credential goes as base64 of user:password, filtered as written and as sent', () => {
  const ctx = testGate({ OMI_CONTRACT: path.join(VARIED, 'tree-3.1.json'), OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: 'gate-user:s3cret-password-1' });
  const list = ctx.contract.operations.find((op) => op.id === 'listTrees')!;
  const request = ctx.target.requestFor(caseOf(list, 'examples', 'x'));
  expect(request.headers.authorization).toBe(`Basic ${Buffer.from('gate-user:s3cret-password-1').toString('base64')}`);
  expect(JSON.stringify(ctx.redactor.redactValue(request))).not.toContain(Buffer.from('gate-user:s3cret-password-1').toString('base64'));
  // The public operation carries no credential at all.
  const health = ctx.contract.operations.find((op) => op.id === 'health')!;
  expect(ctx.target.requestFor(caseOf(health, 'examples', 'x')).headers.authorization).toBeUndefined();
});
