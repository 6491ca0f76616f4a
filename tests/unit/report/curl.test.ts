import { expect, test } from 'vitest';
import { curlLine, readableBody, requestText, responseText } from '../../../src/report/violation';

const request = { method: 'POST', url: 'http://127.0.0.1:1/v1/dev/keys', headers: { accept: 'application/json', authorization: 'Bearer [Filtered]', 'content-type': 'application/json' }, body: '{"name":"it\'s"}' };

test('a curl line sends the run\'s credential from the shell on a live target, any token on the mock, and the bytes of the body', () => {
  expect(curlLine(request, 'env')).toBe(`curl -i -X POST 'http://127.0.0.1:1/v1/dev/keys' -H 'accept: application/json' -H "authorization: Bearer $OMI_API_TOKEN" -H 'content-type: application/json' --data-binary '{"name":"it'\\''s"}'`);
  expect(curlLine(request, 'mock')).toContain(`-H 'authorization: Bearer any-token-the-mock-accepts'`);
  // Not the run's credential (an unknown token, a revoked key): it stays filtered, as it was sent.
  expect(curlLine(request)).toContain(`-H 'authorization: Bearer [Filtered]'`);
  expect(curlLine({ ...request, headers: { authorization: 'Basic abc' } }, 'env')).toContain(`-H 'authorization: Basic abc'`);
});

test('a body is indented for reading only when that changes nothing but whitespace: the evidence stays exact', () => {
  expect(readableBody('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
  for (const exact of ['{"a":1,"a":2}', '{"n":12345678901234567890}', '{ "spaced": true }', 'not json', '']) expect(readableBody(exact)).toBe(exact);
});

test('a request and a response read as sent and received, a missing answer says why', () => {
  expect(requestText(request)).toBe(`POST http://127.0.0.1:1/v1/dev/keys\naccept: application/json\nauthorization: Bearer [Filtered]\ncontent-type: application/json\n\n{\n  "name": "it's"\n}`);
  expect(requestText({ method: 'GET', url: 'http://127.0.0.1:1/x', headers: {} })).toBe('GET http://127.0.0.1:1/x');
  expect(responseText({ response: { status: 204, headers: { a: 'b' }, body: '' } })).toBe('204\na: b\n\n(empty body)');
  expect(responseText({ failure: { kind: 'timeout', message: 'no answer in 5 s' } })).toBe('no response: timeout: no answer in 5 s');
});
