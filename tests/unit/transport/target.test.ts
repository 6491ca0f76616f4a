import { afterAll, expect, test } from 'vitest';
import type { Case } from '../../../src/model/case';
import { readGateConfig } from '../../../src/config/config';
import { Target } from '../../../src/transport/target';
import { fixture } from '../support/parameters-contract';
import { scriptedServer } from '../support/servers';

const server = await scriptedServer(() => ({ status: 200, body: '[]' }));
// Guarded by a bearer scheme, as the gate's contracts are (a public operation gets no credential).
const guarded = fixture.operations.map((op) => ({ ...op, security: [{ name: 'bearerAuth', kind: 'authorization' as const, word: 'Bearer' as const }] }));
const target = new Target(readGateConfig({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: 'omi_test_target_token' }), guarded);
afterAll(async () => {
  await target.close();
  await server.close();
});

const listCase = (partial: Partial<Case>): Case => ({
  operationId: 'listThings', phase: 'positive', expectation: 'accept', label: 'crafted', method: 'GET',
  pathParams: { shelf: 'a b' }, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' }, ...partial,
});

test('query pairs go in order after the path, names and values percent-encoded; header parameters are sent as they are', () => {
  const request = target.requestFor(listCase({ queryParams: [['q', 'a&b=c'], ['tags', '1'], ['tags', '2'], ['folder id', 'é+%']], headerParams: { 'X-Trace-Level': '2.5' } }));
  expect(request.url).toBe(`${server.url}/v1/shelves/a%20b/things?q=a%26b%3Dc&tags=1&tags=2&folder%20id=%C3%A9%2B%25`);
  expect(request.headers).toEqual({ 'X-Trace-Level': '2.5', accept: 'application/json', authorization: 'Bearer omi_test_target_token' });
});

test('a case without query or header parameters, as saved before they existed, is sent as it was', () => {
  const request = target.requestFor(listCase({}));
  expect(request.url).toBe(`${server.url}/v1/shelves/a%20b/things`);
  expect(request.headers).toEqual({ accept: 'application/json', authorization: 'Bearer omi_test_target_token' });
  expect(target.requestFor(listCase({ queryParams: [] })).url).toBe(`${server.url}/v1/shelves/a%20b/things`);
});

test('the server reads back exactly the values sent, whatever characters they hold', async () => {
  const awkward = ['', ' ', '&', '=', '+', '%', '%41', '#', '?', '/', 'a,b', 'é', '😀', '\u0000', 'line\nbreak', ' padded '];
  const exchange = await target.send(listCase({ queryParams: awkward.map((v): [string, string] => ['v', v]), headerParams: { 'X-Client': 'a; b=c, "d"' } }));
  expect(exchange.response?.status).toBe(200);
  const received = server.received.at(-1)!;
  expect(new URL(received.url, server.url).searchParams.getAll('v')).toEqual(awkward);
  expect(received.headers['x-client']).toBe('a; b=c, "d"');
});
