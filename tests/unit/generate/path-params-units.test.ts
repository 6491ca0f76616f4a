import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Operation, ParameterSpec } from '../../../src/contract/load';
import { boundedForUrl, leavesRoute, pathParamsArbitrary } from '../../../src/generate/path-params';

const param = (name: string, where: ParameterSpec['in'], schema: unknown): ParameterSpec => ({
  name, in: where, required: where === 'path', description: '', style: where === 'query' ? 'form' : 'simple', explode: where === 'query', schema, pointer: `#/p/${name}`,
});
const operation = (parameters: ParameterSpec[]): Operation => ({ id: 'op', method: 'GET', path: '/x', pointer: '#/op', description: '', parameters, responses: [], security: [] });

test('only an empty value, a dot and two dots leave the route', () => {
  expect(['', '.', '..'].map(leavesRoute)).toEqual([true, true, true]);
  expect(['...', 'a', '.a', ' ', '%2e'].map(leavesRoute)).toEqual([false, false, false, false, false]);
});

test('string schemas are cut to the path-value bound; anything else is left as it is', () => {
  expect(boundedForUrl({ type: 'string' })).toEqual({ type: 'string', maxLength: 256 });
  expect(boundedForUrl({ type: 'string', maxLength: 10, minLength: 2 })).toEqual({ type: 'string', maxLength: 10, minLength: 2 });
  expect(boundedForUrl({ type: 'string', maxLength: 5000 })).toEqual({ type: 'string', maxLength: 256 });
  const integer = { type: 'integer', maximum: 3 };
  expect(boundedForUrl(integer)).toBe(integer);
  for (const schema of [undefined, null, true, 'string', 5]) expect(boundedForUrl(schema)).toBe(schema);
});

test('an operation without path parameters draws none; one with them draws each, and only them', () => {
  expect(fc.sample(pathParamsArbitrary(operation([param('q', 'query', { type: 'string' })])), { seed: 1, numRuns: 3 })).toEqual([
    { params: {}, leavesRoute: false }, { params: {}, leavesRoute: false }, { params: {}, leavesRoute: false },
  ]);
  const op = operation([param('a', 'path', { type: 'string', enum: ['x'] }), param('q', 'query', { type: 'string', enum: ['y'] }), param('b', 'path', { type: 'integer', enum: [7] })]);
  expect(fc.sample(pathParamsArbitrary(op), { seed: 1, numRuns: 2 })).toEqual([
    { params: { a: 'x', b: '7' }, leavesRoute: false }, { params: { a: 'x', b: '7' }, leavesRoute: false },
  ]);
  // One value that leaves the route is enough to mark the draw.
  const dotted = operation([param('a', 'path', { type: 'string', enum: ['x'] }), param('b', 'path', { type: 'string', enum: ['..'] })]);
  expect(fc.sample(pathParamsArbitrary(dotted), { seed: 1, numRuns: 1 })).toEqual([{ params: { a: 'x', b: '..' }, leavesRoute: true }]);
});

test('path values are drawn within the path-value bound', () => {
  const op = operation([param('a', 'path', { type: 'string', minLength: 200 })]);
  const values = fc.sample(pathParamsArbitrary(op), { seed: 3, numRuns: 200 }).map((d) => [...d.params.a].length);
  expect(values.every((n) => n >= 200 && n <= 256)).toBe(true);
});
