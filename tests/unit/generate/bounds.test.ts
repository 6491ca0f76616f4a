import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { negativeArbitrary } from '../../../src/generate/negative';

// A schema with every bound a negative can cross, each at its smallest meaningful value (minLength 1,
// minimum 0, minItems 1): the bounds real contracts write, and the ones an off-by-one misses.
const SCHEMA = {
  type: 'object',
  required: ['name', 'count', 'tags'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 3 },
    count: { type: 'integer', minimum: 0, maximum: 10 },
    tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 },
  },
};
const validate = new Ajv2020({ strict: false }).compile(SCHEMA);
const mutants = fc.sample(negativeArbitrary(SCHEMA, '#/S', (v) => validate(v))!, { seed: 4, numRuns: 4000 });

/** A valid value of each property, to put back: what is left must then be valid. */
const VALID: Record<string, unknown> = { name: 'ab', count: 5, tags: ['x'] };

/** Written out by hand, not read from the generator: each bound, where it sits, and what crosses it. */
const CROSSINGS: { kind: string; at: string; crosses: (value: unknown) => boolean }[] = [
  { kind: 'too-short', at: '/name', crosses: (v) => v === '' },
  { kind: 'too-long', at: '/name', crosses: (v) => typeof v === 'string' && [...v].length > 3 },
  { kind: 'below-minimum', at: '/count', crosses: (v) => typeof v === 'number' && v < 0 },
  { kind: 'above-maximum', at: '/count', crosses: (v) => typeof v === 'number' && v > 10 },
  { kind: 'too-few-items', at: '/tags', crosses: (v) => Array.isArray(v) && v.length === 0 },
  { kind: 'too-many-items', at: '/tags', crosses: (v) => Array.isArray(v) && v.length > 2 },
];

for (const { kind, at, crosses } of CROSSINGS) {
  test(`a ${kind} negative crosses the bound at ${at}, and only that`, () => {
    const found = mutants.filter((m) => m.kind === kind && m.at === at);
    expect(found.length, `${kind} at ${at}`).toBeGreaterThan(0);
    const property = at.slice(1);
    for (const m of found) {
      const body = m.value as Record<string, unknown>;
      expect(crosses(body[property]), JSON.stringify(body[property])).toBe(true);
      // Everything else in the body stays valid: only this one bound is broken.
      expect(validate({ ...body, [property]: VALID[property] }), JSON.stringify(body)).toBe(true);
    }
  });
}

test('no negative is valid: each one the validator accepts is dropped', () => {
  expect(mutants.filter((m) => validate(m.value))).toEqual([]);
});
