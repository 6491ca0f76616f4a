import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { mutationsOf, negativeArbitrary, type Mutant } from '../../../src/generate/negative';

const ajv = new Ajv2020({ strict: false });
/** Every mutation's own draws, without the validator's filter: each must already be invalid. */
const drawsOf = (schema: object, numRuns = 150): Mutant[] => mutationsOf(schema, '#/S').flatMap((arb, i) => fc.sample(arb, { seed: i + 1, numRuns }));
const details = (mutants: Mutant[], kind: string) => new Set(mutants.filter((m) => m.kind === kind).map((m) => m.detail));

test('each break is invalid by construction, before any validator filters it', () => {
  const schemas = [
    { type: 'string' }, { type: 'integer' }, { type: 'number' }, { type: 'boolean' }, { type: ['integer', 'null'] },
    { type: ['string', 'boolean'], enum: ['true', true] }, { type: ['string', 'number'] }, { type: ['string', 'null'] },
    { type: 'string', enum: ['x', 'y', 'true', 'false', '12', ' ', ''] }, { enum: ['a', 'b'] },
    { type: 'object', required: ['a'], properties: { a: { type: 'string', minLength: 1, maxLength: 2 }, b: { type: 'array', items: { type: 'integer', minimum: 0 }, maxItems: 1 } } },
  ];
  for (const schema of schemas) {
    const validate = ajv.compile(schema);
    const valid = drawsOf(schema).filter((m) => validate(m.value));
    expect(valid.map((m) => `${m.kind} at ${m.at}: ${JSON.stringify(m.value)}`), JSON.stringify(schema)).toEqual([]);
  }
});

test('a string is re-sent as a number or a boolean only when it reads as one', () => {
  const retyped = (values: string[]) => drawsOf({ type: 'string', enum: values }).filter((m) => m.kind === 'retyped').map((m) => [m.detail, m.value]);
  // Blank text and words are not numbers: only the wrapping array is left.
  for (const text of [' ', '', 'abc', 'Infinity']) expect(new Set(retyped([text]).map(([d]) => d)), text).toEqual(new Set(['string re-sent as array']));
  expect(new Set(retyped(['false']).map(([d, v]) => `${d}=${JSON.stringify(v)}`))).toEqual(new Set(['string re-sent as array=["false"]', 'string re-sent as boolean=false']));
  expect(new Set(retyped(['true']).map(([d, v]) => `${d}=${JSON.stringify(v)}`))).toEqual(new Set(['string re-sent as array=["true"]', 'string re-sent as boolean=true']));
  expect(new Set(retyped(['1.5']).map(([d, v]) => `${d}=${JSON.stringify(v)}`))).toEqual(new Set(['string re-sent as array=["1.5"]', 'string re-sent as number=1.5']));
});

test('a boolean is re-sent only as its text; a valid null has nothing to be re-sent as', () => {
  expect(details(drawsOf({ type: 'boolean' }), 'retyped')).toEqual(new Set(['boolean re-sent as string']));
  // (A schema of type null alone is left out: its re-typing draws nothing, and would never end.)
  expect(details(drawsOf({ type: ['integer', 'null'] }, 300), 'retyped')).toEqual(new Set(['integer re-sent as string', 'integer re-sent as array']));
  expect([...details(drawsOf({ type: ['string', 'null'] }), 'retyped')].every((d) => d.startsWith('string re-sent as'))).toBe(true);
});

test('a wrong type names every type the schema allows, null left out', () => {
  expect(details(drawsOf({ type: ['string', 'integer'] }), 'wrong-type')).toEqual(new Set(['boolean instead of string or integer', 'object instead of string or integer', 'array instead of string or integer']));
  expect(details(drawsOf({ type: ['string', 'null'] }), 'wrong-type')).toEqual(new Set(['number instead of string', 'boolean instead of string', 'object instead of string', 'array instead of string']));
  expect(details(drawsOf({ type: 'number' }), 'wrong-type')).toEqual(new Set(['string instead of number', 'boolean instead of number', 'object instead of number', 'array instead of number']));
});

test('objects put in place of another type are empty or hold one scalar', () => {
  const objects = drawsOf({ type: 'string' }, 400).filter((m) => m.detail === 'object instead of string').map((m) => m.value as object);
  expect(objects.some((o) => Object.keys(o).length === 0)).toBe(true);
  expect(objects.some((o) => Object.keys(o).length === 1)).toBe(true);
  expect(objects.every((o) => Object.keys(o).length <= 1 && Object.values(o).every((v) => v === null || typeof v !== 'object'))).toBe(true);
});

test('values outside an enum are 1 to 16 characters or a near miss of its values', () => {
  const values = drawsOf({ type: 'string', enum: ['abc'] }, 600).filter((m) => m.kind === 'enum').map((m) => m.value as string);
  expect(values.filter((v) => v === 'abc' || v.length === 0 || (v.length > 16 && v !== 'abc:admin'))).toEqual([]);
  expect(new Set(values.filter((v) => ['ABC', ' abc', 'abc ', 'ab', 'abcs', 'abc:admin'].includes(v)))).toEqual(new Set(['ABC', ' abc', 'abc ', 'ab', 'abcs', 'abc:admin']));
});

test('a bound that is not a number is no bound', () => {
  expect(drawsOf({ type: 'string', maxLength: '3', minLength: '2' }).filter((m) => m.kind.startsWith('too-'))).toEqual([]);
  expect(drawsOf({ type: 'integer', maximum: '3', minimum: null }).filter((m) => m.kind.endsWith('imum'))).toEqual([]);
});

test('properties, required and items break an object or array only when the schema says it is one', () => {
  expect(mutationsOf({ required: ['a'], properties: { a: { type: 'string' } } }, '#/S')).toEqual([]);
  expect(mutationsOf({ items: { type: 'string' } }, '#/S')).toEqual([]);
  const string = drawsOf({ type: 'string', required: ['a'], properties: { a: { type: 'string' } }, items: { type: 'string' } });
  expect(string.filter((m) => m.kind === 'missing-required' || m.at !== '')).toEqual([]);
  // An object with no required list loses nothing.
  expect(drawsOf({ type: 'object', properties: { a: { type: 'string' } } }).filter((m) => m.kind === 'missing-required')).toEqual([]);
  expect(mutationsOf(null, '#/S')).toEqual([]);
  expect(mutationsOf('string', '#/S')).toEqual([]);
});

test('an untyped array bound compiles its items under their own pointer', () => {
  expect(() => mutationsOf({ maxItems: 1, items: { type: 'string', not: {} } }, '#/S')).toThrow('generator: keyword "not" at #/S/items is not supported');
  expect(() => mutationsOf({ minItems: 2, items: { type: 'string', not: {} } }, '#/S')).toThrow('generator: keyword "not" at #/S/items is not supported');
});

test('negativeArbitrary keeps only the breaks its validator rejects', () => {
  const kept = fc.sample(negativeArbitrary({ type: 'string' }, '#/S', (v) => v === null || Array.isArray(v))!, { seed: 2, numRuns: 300 });
  expect(kept.filter((m) => m.value === null || Array.isArray(m.value))).toEqual([]);
  expect(kept.length).toBe(300);
});

/** Every mutant each arbitrary of the schema draws (30 each), as [kind, keyword, detail, value]. */
const mutantsOf = (schema: unknown, exact = false) =>
  mutationsOf(schema, '#/s', exact).flatMap((arbitrary) => fc.sample(arbitrary, { seed: 9, numRuns: 30 }).map((m) => [m.kind, m.keyword, m.detail, m.value] as const));

test('each bound is crossed under its own name and keyword, and only bounds the schema has', () => {
  const strings = mutantsOf({ type: 'string', minLength: 2, maxLength: 4 });
  const long = strings.filter(([kind]) => kind === 'too-long');
  expect(new Set(long.map(([, keyword, detail]) => `${keyword}: ${detail}`))).toEqual(new Set(['maxLength: longer than 4 characters']));
  expect(long.every(([, , , v]) => [...(v as string)].length > 4)).toBe(true);
  const short = strings.filter(([kind]) => kind === 'too-short');
  expect(new Set(short.map(([, keyword, detail]) => `${keyword}: ${detail}`))).toEqual(new Set(['minLength: shorter than 2 characters']));
  expect(short.every(([, , , v]) => [...(v as string)].length < 2)).toBe(true);
  const numbers = mutantsOf({ type: 'integer', minimum: 0, maximum: 9 });
  const above = numbers.filter(([kind]) => kind === 'above-maximum');
  const below = numbers.filter(([kind]) => kind === 'below-minimum');
  expect(new Set([...above, ...below].map(([, keyword, detail]) => `${keyword}: ${detail}`))).toEqual(new Set(['maximum: above 9', 'minimum: below 0']));
  expect(above.every(([, , , v]) => (v as number) > 9) && below.every(([, , , v]) => (v as number) < 0)).toBe(true);
  const arrays = mutantsOf({ type: 'array', minItems: 2, maxItems: 3, items: { type: 'string' } });
  const many = arrays.filter(([kind]) => kind === 'too-many-items');
  const few = arrays.filter(([kind]) => kind === 'too-few-items');
  expect(new Set([...many, ...few].map(([, keyword, detail]) => `${keyword}: ${detail}`))).toEqual(new Set(['maxItems: more than 3 items', 'minItems: fewer than 2 items']));
  expect(many.every(([, , , v]) => (v as unknown[]).length > 3) && few.every(([, , , v]) => (v as unknown[]).length < 2)).toBe(true);
  expect(few.some(([, , , v]) => (v as unknown[]).length === 0)).toBe(true);
  // Exactly one past in the deterministic phase.
  const exact = mutantsOf({ type: 'array', minItems: 2, maxItems: 3, items: { type: 'string' } }, true);
  expect(new Set(exact.filter(([k]) => k.startsWith('too-')).map(([k, , , v]) => `${k} ${(v as unknown[]).length}`))).toEqual(new Set(['too-many-items 4', 'too-few-items 1']));
  // No bound, no crossing: nothing about lengths for an array without them, or with minItems 0.
  expect(mutantsOf({ type: 'array', items: { type: 'string' } }).some(([k]) => k.startsWith('too-'))).toBe(false);
  expect(mutantsOf({ type: 'array', minItems: 0, items: { type: 'string' } }).some(([k]) => k.startsWith('too-'))).toBe(false);
});

test('an integer is a number: a number schema is never "broken" by one, and says what it wanted', () => {
  const mutants = mutantsOf({ type: 'number' });
  expect(mutants.filter(([kind, , , v]) => (kind === 'wrong-type' || kind === 'retyped') && typeof v === 'number')).toEqual([]);
  expect(mutants.filter(([kind]) => kind === 'wrong-type').every(([, , detail]) => detail.endsWith('instead of number'))).toBe(true);
  expect(mutantsOf({ type: ['string', 'null'] }).filter(([kind]) => kind === 'wrong-type').every(([, , detail]) => detail.endsWith('instead of string'))).toBe(true);
});
