import fc from 'fast-check';
import { expect, test } from 'vitest';
import { compileSchema } from '../../../src/generate/schema-arbitrary';

const sampleOf = (schema: object, numRuns = 300) => fc.sample(compileSchema(schema, '#/S'), { seed: 4, numRuns });

test('of an inclusive and an exclusive bound the tighter one holds; at the same value the exclusive one', () => {
  expect(new Set(sampleOf({ type: 'integer', minimum: 5, exclusiveMinimum: 5, maximum: 6 }))).toEqual(new Set([6]));
  expect(new Set(sampleOf({ type: 'integer', maximum: 5, exclusiveMaximum: 5, minimum: 4 }))).toEqual(new Set([4]));
  expect(new Set(sampleOf({ type: 'integer', minimum: 5, exclusiveMinimum: 3, maximum: 6 }))).toEqual(new Set([5, 6]));
  expect(new Set(sampleOf({ type: 'integer', maximum: 6, exclusiveMaximum: 8, minimum: 5 }))).toEqual(new Set([5, 6]));
  expect(new Set(sampleOf({ type: 'integer', exclusiveMinimum: 1, exclusiveMaximum: 3 }))).toEqual(new Set([2]));
});

test('a number is any finite number, fractions included, never NaN', () => {
  const values = sampleOf({ type: 'number', minimum: 0, maximum: 1 }, 500) as number[];
  expect(values.some((v) => !Number.isInteger(v))).toBe(true);
  expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
  const free = sampleOf({ type: 'number' }, 2000) as number[];
  expect(free.filter((v) => !Number.isFinite(v))).toEqual([]);
  expect(free.some((v) => !Number.isInteger(v))).toBe(true);
});

test('a format with length bounds keeps them, and bounds no value of the format meets fail at start', () => {
  expect((sampleOf({ type: 'string', format: 'email', minLength: 20 }, 200) as string[]).filter((v) => [...v].length < 20)).toEqual([]);
  expect((sampleOf({ type: 'string', format: 'date', maxLength: 10 }, 50) as string[]).every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))).toBe(true);
  expect(() => compileSchema({ type: 'string', format: 'uuid', maxLength: 10 }, '#/S')).toThrow('generator: no "uuid" value at #/S has a length within minLength/maxLength');
  expect(() => compileSchema({ type: 'string', format: 'uuid', minLength: 37 }, '#/S')).toThrow('generator: no "uuid" value at #/S has a length within minLength/maxLength');
});
