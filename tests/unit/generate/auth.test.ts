import { expect, test } from 'vitest';
import { authVariants } from '../../../src/generate/auth';
import { operationCases } from '../support/contract';

test('the auth phase tries every unusable credential, and a lower-case scheme that must work', () => {
  const variants = authVariants({ name: 'bearerAuth', kind: 'authorization', word: 'Bearer' }, 'omi_dev_unknown');
  expect(variants.map((v) => [v.label, v.expectation])).toEqual([
    ['no Authorization header', 'reject-auth'], ['empty bearer token', 'reject-auth'], ['valid credential under the Basic scheme', 'reject-auth'],
    ['valid credential under the Token scheme', 'reject-auth'], ['unknown well-formed token', 'reject-auth'], ['lowercase bearer scheme', 'accept'],
  ]);
  expect(variants.map((v) => v.auth)).toEqual([
    { kind: 'none' },
    { kind: 'empty', scheme: 'Bearer' },
    { kind: 'credential', scheme: 'Basic' },
    { kind: 'credential', scheme: 'Token' },
    { kind: 'unknown-token', scheme: 'Bearer', token: 'omi_dev_unknown' },
    { kind: 'credential', scheme: 'bearer' },
  ]);
  const cases = operationCases('listApiKeys').phases().find((p) => p.name === 'auth')!;
  if (cases.kind !== 'list') throw new Error('auth is a list');
  expect(cases.cases.map((c) => c.auth.kind)).toEqual(['none', 'empty', 'credential', 'credential', 'unknown-token', 'credential']);
  expect(cases.cases.every((c) => c.phase === 'auth' && c.operationId === 'listApiKeys' && c.method === 'GET')).toBe(true);
});

test('a Basic scheme and an API key get their own unusable credentials; another scheme\'s credential must be refused', () => {
  const basic = authVariants({ name: 'basicAuth', kind: 'authorization', word: 'Basic' }, 'abc', ['firebaseBearer']);
  expect(basic.map((v) => [v.label, v.expectation])).toEqual([
    ['no Authorization header', 'reject-auth'], ['empty basic credential', 'reject-auth'], ['valid credential under the Bearer scheme', 'reject-auth'],
    ['unknown well-formed credential', 'reject-auth'], ['lowercase basic scheme', 'accept'],
    ['a valid credential of scheme firebaseBearer, which this operation does not accept', 'reject-auth'],
  ]);
  expect(basic[3].auth).toEqual({ kind: 'unknown-token', scheme: 'Basic', token: 'abc:abc' });
  expect(basic[5].auth).toEqual({ kind: 'foreign-credential', of: 'firebaseBearer' });
  const key = authVariants({ name: 'key', kind: 'api-key', in: 'query', parameter: 'api_key' }, 'abc');
  expect(key.map((v) => [v.label, v.expectation])).toEqual([
    ['no query api_key', 'reject-auth'], ['empty query api_key', 'reject-auth'], ['the credential as a bearer token instead of in query api_key', 'reject-auth'], ['unknown well-formed query api_key', 'reject-auth'],
  ]);
});
