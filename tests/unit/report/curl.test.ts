import { expect, test } from 'vitest';
import { curlLine } from '../../../src/report/violation';

const request = { method: 'POST', url: 'http://127.0.0.1:1/v1/dev/keys', headers: { accept: 'application/json', authorization: 'Bearer [Filtered]', 'content-type': 'application/json' }, body: '{"name":"it\'s"}' };

test('a curl line sends the run\'s credential from the shell on a live target, any token on the mock, and the bytes of the body', () => {
  expect(curlLine(request, 'env')).toBe(`curl -i -X POST 'http://127.0.0.1:1/v1/dev/keys' -H 'accept: application/json' -H "authorization: Bearer $OMI_API_TOKEN" -H 'content-type: application/json' --data-binary '{"name":"it'\\''s"}'`);
  expect(curlLine(request, 'mock')).toContain(`-H 'authorization: Bearer any-token-the-mock-accepts'`);
  // Not the run's credential (an unknown token, a revoked key): it stays filtered, as it was sent.
  expect(curlLine(request)).toContain(`-H 'authorization: Bearer [Filtered]'`);
  expect(curlLine({ ...request, headers: { authorization: 'Basic abc' } }, 'env')).toContain(`-H 'authorization: Basic abc'`);
});
