import fc from 'fast-check';
import { expect, test } from 'vitest';
import { renderPath } from '../../../src/transport/url';
import { PATH_VALUE_MAX_LENGTH } from '../../../src/generate/path-params';
import { operationCases } from '../support/contract';

test('path parameters that would leave the route are skipped and counted, the rest percent-encoded and bounded', () => {
  const revoke = operationCases('revokeApiKey');
  const positive = revoke.phases().find((p) => p.name === 'positive')!;
  if (positive.kind !== 'fuzz') throw new Error('positive phase must be random');
  const draws = fc.sample(positive.arbitrary, { seed: 2, numRuns: 400 });
  const skips = draws.filter((d) => 'skip' in d).length;
  expect(skips).toBeGreaterThan(0);
  const ids = draws.flatMap((d) => ('case' in d ? [d.case.pathParams.key_id] : []));
  expect(ids.filter((id) => ['', '.', '..'].includes(id))).toEqual([]);
  // Each value stays one path segment, and short enough for any server's request line.
  const paths = ids.map((id) => renderPath('/v1/dev/keys/{key_id}', { key_id: id }));
  expect(paths.filter((p) => p.split('/').length !== 5 || decodeURIComponent(p.split('/')[4]) !== ids[paths.indexOf(p)])).toEqual([]);
  expect(ids.filter((id) => [...id].length > PATH_VALUE_MAX_LENGTH)).toEqual([]);
  expect(renderPath('/v1/dev/keys/{key_id}', { key_id: 'a/b ?#%' })).toBe('/v1/dev/keys/a%2Fb%20%3F%23%25');
});
test('path values are percent-encoded into one segment each', () => {
  expect(renderPath('/v1/{a}/x/{b}', { a: 'a/b', b: 'é ?' })).toBe('/v1/a%2Fb/x/%C3%A9%20%3F');
  expect(renderPath('/v1/{a}', {})).toBe('/v1/');
});
