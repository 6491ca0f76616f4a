import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { mutantLabel, mutationsOf, negativeArbitrary, type Mutant } from '../../../src/generate/negative';
import { foldedField as mutantField } from '../../../src/model/identity';
import { operationCases, oracle } from '../support/contract';

const create = operationCases('createApiKey');
const negative = create.phases().find((p) => p.name === 'negative')!;
if (negative.kind !== 'fuzz') throw new Error('negative phase must be random');

/** The pointer in a label, `wrong-type at /scopes/0: ...` -> `/scopes/0`. */
const labelledAt = (label: string) => /^[a-z-]+ at ([^:]*):/.exec(label)![1];

test('every schema negative fails validation, with the keyword and place its label claims', () => {
  const kinds = new Map<string, number>();
  const mismatches: string[] = [];
  for (const draw of fc.sample(negative.arbitrary, { seed: 11, numRuns: 3000 })) {
    if (!('case' in draw) || draw.case.body.kind !== 'json') throw new Error('negatives are JSON bodies');
    const errors = oracle.validate(create.bodyPointer!, draw.case.body.value);
    const kind = draw.case.label.split(' ')[0];
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const at = labelledAt(draw.case.label);
    const instancePath = at === '/' ? '' : at;
    const keyword = ({ 'missing-required': 'required', 'wrong-type': 'type', retyped: 'type', null: 'type', enum: 'enum' } as Record<string, string>)[kind];
    if (!errors.some((e) => e.keyword === keyword && e.instancePath === instancePath)) mismatches.push(`${draw.case.label}: ${JSON.stringify(errors)}`);
  }
  expect(mismatches).toEqual([]);
  for (const kind of ['missing-required', 'wrong-type', 'retyped', 'null', 'enum']) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(10);
});

test('negatives include a top-level value that is not an object and every property re-typed', () => {
  const labels = fc.sample(negative.arbitrary, { seed: 5, numRuns: 3000 }).map((d) => ('case' in d ? d.case.label : ''));
  expect(labels.some((l) => l.startsWith('wrong-type at /: array instead of object'))).toBe(true);
  expect(labels.some((l) => l.startsWith('wrong-type at /: string instead of object'))).toBe(true);
  expect(labels.some((l) => l.startsWith('retyped at /name'))).toBe(true);
  expect(labels.some((l) => l.startsWith('retyped at /scopes:'))).toBe(true);
  expect(labels.some((l) => l.startsWith('null at /scopes:'))).toBe(true);
});

const ajv = new Ajv2020({ strict: false });
const sample = (schema: object, numRuns = 2000, seed = 1): Mutant[] => fc.sample(negativeArbitrary(schema, '#/S', ajv.compile(schema))!, { seed, numRuns });
const kindsAt = (mutants: Mutant[], at: string) => new Set(mutants.filter((m) => m.at === at).map((m) => m.kind));

test('labels say the kind, where, and what was done; fields fold array indices', () => {
  expect(mutantLabel({ kind: 'wrong-type', at: '/scopes/0', detail: 'number instead of string' })).toBe('wrong-type at /scopes/0: number instead of string');
  expect(mutantLabel({ kind: 'null', at: '', detail: 'null where null is not allowed' })).toBe('null at /: null where null is not allowed');
  expect(mutantField('/scopes/0')).toBe('/scopes/*');
  expect(mutantField('/a/12/b/3')).toBe('/a/*/b/*');
  expect(mutantField('/a1/b')).toBe('/a1/b');
  expect(mutantField('')).toBe('/');
});

test('a string is replaced by every other JSON type and by null, never by another string', () => {
  const mutants = sample({ type: 'string' });
  const details = new Set(mutants.map((m) => `${m.kind}: ${m.detail}`));
  const always = ['null: null where null is not allowed', 'retyped: string re-sent as array', 'wrong-type: array instead of string', 'wrong-type: boolean instead of string', 'wrong-type: number instead of string', 'wrong-type: object instead of string'];
  // A random string reads as a number or a boolean only now and then: those re-typings may or may not be drawn.
  const sometimes = ['retyped: string re-sent as integer', 'retyped: string re-sent as number', 'retyped: string re-sent as boolean'];
  for (const d of always) expect(details.has(d), d).toBe(true);
  expect([...details].filter((d) => !always.includes(d) && !sometimes.includes(d))).toEqual([]);
  expect(mutants.every((m) => typeof m.value !== 'string')).toBe(true);
  expect(mutants.every((m) => m.keyword === 'type' && m.at === '')).toBe(true);
  // A string is re-sent as the one-element array holding it.
  const wrapped = mutants.find((m) => m.detail === 'string re-sent as array')!;
  expect(Array.isArray(wrapped.value) && (wrapped.value as unknown[]).length === 1 && typeof (wrapped.value as unknown[])[0] === 'string').toBe(true);
});

test('a nullable type is not broken by null; an integer is not broken by a number-typed integer', () => {
  expect(sample({ type: ['string', 'null'] }).some((m) => m.kind === 'null')).toBe(false);
  const integers = sample({ type: 'integer' });
  expect(integers.some((m) => m.detail === 'number instead of integer')).toBe(false);
  expect(integers.filter((m) => m.kind === 'retyped').map((m) => typeof m.value).every((t) => t === 'string' || t === 'object')).toBe(true);
  expect(integers.some((m) => m.detail === 'integer re-sent as string' && typeof m.value === 'string' && /^-?\d+$/.test(m.value as string))).toBe(true);
  expect(integers.some((m) => m.detail === 'integer re-sent as array' && Array.isArray(m.value) && Number.isInteger((m.value as unknown[])[0]))).toBe(true);
  const numbers = sample({ type: 'number' });
  expect(numbers.some((m) => m.kind === 'wrong-type' && /instead of number/.test(m.detail) && typeof m.value === 'number')).toBe(false);
});

test('booleans, arrays and objects are re-sent under other types with the same content', () => {
  const booleans = sample({ type: 'boolean' });
  expect(booleans.some((m) => m.detail === 'boolean re-sent as string' && (m.value === 'true' || m.value === 'false'))).toBe(true);
  const arrays = sample({ type: 'array', items: { type: 'integer', enum: [1, 2] }, minItems: 2, maxItems: 2 });
  expect(arrays.some((m) => m.detail === 'array re-sent as string' && /^\[\d,\d\]$/.test(m.value as string))).toBe(true);
  expect(arrays.some((m) => m.detail === 'array re-sent as string' && /^\d,\d$/.test(m.value as string))).toBe(true);
  const objects = sample({ type: 'object', properties: {}, additionalProperties: false });
  expect(objects.some((m) => m.detail === 'object re-sent as string' && m.value === '{}')).toBe(true);
  expect(objects.some((m) => m.detail === 'object re-sent as array' && JSON.stringify(m.value) === '[{}]')).toBe(true);
  // Strings that read as a number or a boolean are re-sent as one.
  const flags = sample({ type: 'string', enum: ['true', '12'] });
  expect(flags.some((m) => m.detail === 'string re-sent as boolean' && m.value === true)).toBe(true);
  expect(flags.some((m) => m.detail === 'string re-sent as integer' && m.value === 12)).toBe(true);
});

test('values outside an enum include near misses of its values, and never one of them', () => {
  const mutants = sample({ type: 'string', enum: ['memories:read', 'goals:write'] }, 3000).filter((m) => m.kind === 'enum');
  const values = new Set(mutants.map((m) => m.value));
  for (const near of ['MEMORIES:READ', ' memories:read', 'memories:read ', 'memories:rea', 'memories:reads', 'memories.read', 'memories:admin', 'goals:admin']) expect(values.has(near), near).toBe(true);
  expect(values.has('memories:read') || values.has('goals:write')).toBe(false);
  expect(mutants.every((m) => m.keyword === 'enum' && m.detail === 'a value outside the enum')).toBe(true);
  // An enum of numbers still gets values outside it.
  expect(sample({ enum: [1, 2] }).filter((m) => m.kind === 'enum').every((m) => m.value !== 1 && m.value !== 2)).toBe(true);
});

test('an object loses each required property and has each property broken in place', () => {
  const schema = { type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'boolean' } } };
  const mutants = sample(schema, 3000);
  const missing = mutants.filter((m) => m.kind === 'missing-required');
  expect(new Set(missing.map((m) => m.detail))).toEqual(new Set(['required property "a" left out', 'required property "b" left out']));
  expect(missing.every((m) => m.at === '' && m.keyword === 'required')).toBe(true);
  for (const m of missing) expect(m.detail.includes('"a"') ? 'a' in (m.value as object) : 'b' in (m.value as object)).toBe(false);
  expect(kindsAt(mutants, '/a')).toEqual(new Set(['wrong-type', 'null', 'retyped']));
  expect(kindsAt(mutants, '/c')).toEqual(new Set(['wrong-type', 'null', 'retyped']));
  expect(kindsAt(mutants, '')).toEqual(new Set(['wrong-type', 'null', 'retyped', 'missing-required']));
});

test('an array has one item broken, at any position, the other items kept', () => {
  const schema = { type: 'array', items: { type: 'string', enum: ['x'] } };
  const mutants = sample(schema, 3000).filter((m) => m.at.startsWith('/'));
  const positions = new Set(mutants.map((m) => m.at));
  expect([...positions].every((p) => /^\/\d+$/.test(p))).toBe(true);
  expect(positions.has('/0') && positions.has('/1') && positions.has('/2')).toBe(true);
  for (const m of mutants) {
    const items = m.value as unknown[];
    const index = Number(m.at.slice(1));
    expect(items.filter((item, i) => i !== index && item !== 'x'), JSON.stringify(m)).toEqual([]);
  }
});

test('a schema without a type is broken only by its constraints; one with nothing to break has no negatives', () => {
  expect(mutationsOf({ enum: ['a'] }, '#/S').length).toBe(1);
  expect(mutationsOf({}, '#/S')).toEqual([]);
  expect(mutationsOf(true, '#/S')).toEqual([]);
  expect(negativeArbitrary({}, '#/S', () => false)).toBeUndefined();
  // A maxItems-only array still gets too-many-items; a minItems 0 gets no too-few-items.
  const capped = sample({ type: 'array', items: { type: 'string' }, maxItems: 1, minItems: 0 });
  expect(capped.some((m) => m.kind === 'too-many-items' && (m.value as unknown[]).length >= 2)).toBe(true);
  expect(capped.some((m) => m.kind === 'too-few-items')).toBe(false);
  expect(sample({ type: 'string', minLength: 0 }).some((m) => m.kind === 'too-short')).toBe(false);
});
// Bounds at their smallest meaningful values.
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
const validate = ajv.compile(SCHEMA);
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

test('a schema of null alone is broken by every other type, and generation ends', () => {
  const mutants = sample({ type: 'null' }, 300);
  expect(new Set(mutants.map((m) => m.kind))).toEqual(new Set(['wrong-type']));
  expect(mutants.every((m) => m.value !== null)).toBe(true);
});
