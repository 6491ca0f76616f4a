import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FORMATS } from '../../../src/generate/formats';
import { RECURSION } from '../../../src/contract/refs';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { SuiteInputError } from '../../../src/contract/errors';
import { compileSchema, typesOf } from '../../../src/generate/schema-arbitrary';
import { classifyString } from '../../../src/generate/strings';
import { readGateConfig } from '../../../src/config/config';
import { contract, operationCases, oracle } from '../support/contract';

const DEFAULT_RUNS = readGateConfig({}).runs;
const create = operationCases('createApiKey');
const bodyPointer = create.bodyPointer!;
const positive = create.phases().find((p) => p.name === 'positive')!;
if (positive.kind !== 'fuzz') throw new Error('positive phase must be random');

test('every positive body validates against the request schema', () => {
  const draws = fc.sample(positive.arbitrary, { seed: 7, numRuns: 5000 });
  const bodies = draws.map((d) => ('case' in d && d.case.body.kind === 'json' ? d.case.body.value : undefined));
  expect(bodies.filter((b) => b === undefined)).toHaveLength(0);
  // Assertions are gathered and made once: thousands of expect() calls would cost more than the generation.
  const invalid = bodies.filter((b) => !oracle.isValid(bodyPointer, b));
  expect(invalid).toEqual([]);
});

test('the same seed gives the same cases, another seed other cases', () => {
  const a = fc.sample(positive.arbitrary, { seed: 42, numRuns: 200 });
  const b = fc.sample(positive.arbitrary, { seed: 42, numRuns: 200 });
  const c = fc.sample(positive.arbitrary, { seed: 43, numRuns: 200 });
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
});

test("the default budget's positive cases reach every edge class at least 5 times", () => {
  const census = new Map<string, number>();
  const count = (name: string) => census.set(name, (census.get(name) ?? 0) + 1);
  const enumSize = (create.bodySchema as { properties: { scopes: { items: { enum: unknown[] } } } }).properties.scopes.items.enum.length;
  for (const draw of fc.sample(positive.arbitrary, { seed: 1, numRuns: DEFAULT_RUNS })) {
    if (!('case' in draw) || draw.case.body.kind !== 'json') continue;
    const body = draw.case.body.value as { name: string; scopes?: string[] };
    for (const edge of classifyString(body.name)) count(`name: ${edge}`);
    if (body.scopes === undefined) count('scopes absent');
    else {
      if (body.scopes.length === 0) count('scopes empty');
      if (new Set(body.scopes).size < body.scopes.length) count('scopes with duplicates');
      if (body.scopes.length > enumSize) count('more scopes than the enum has values');
    }
  }
  // Written out by hand: an expectation read from the generator's own list would shrink with it.
  const expected = [
    'name: non-ascii', 'name: astral', 'name: combining', 'name: control', 'name: padded', 'name: whitespace-only', 'name: empty', 'name: long',
    'scopes absent', 'scopes empty', 'scopes with duplicates', 'more scopes than the enum has values',
  ];
  for (const edge of expected) expect.soft(census.get(edge) ?? 0, edge).toBeGreaterThanOrEqual(5);
});

test('a keyword the compiler does not support fails at start, naming it and its path', () => {
  expect(() => compileSchema({ type: 'string', not: { const: 'a' } }, '#/components/schemas/X/properties/name')).toThrow(
    new SuiteInputError('generator: keyword "not" at #/components/schemas/X/properties/name is not supported'),
  );
  expect(() => compileSchema({ type: 'object', properties: { a: { not: { type: 'string' } } } }, '#/S')).toThrow(/keyword "not" at #\/S\/properties\/a/);
  expect(() => compileSchema({ type: 'object', properties: { a: { oneOf: [] } } }, '#/S')).toThrow(/oneOf at #\/S\/properties\/a has no branch/);
  expect(() => compileSchema({ type: 'string', format: 'iri-reference' }, '#/S')).toThrow(/format "iri-reference" at #\/S\/format/);
  expect(() => compileSchema({ type: 'string', format: 'uuid', maxLength: 10 }, '#/S')).toThrow(/no "uuid" value at #\/S has a length/);
});

test('min/max length, items and value hold in generated values', () => {
  const schema = { type: 'object', required: ['s', 'a', 'n'], properties: { s: { type: 'string', minLength: 3, maxLength: 5 }, a: { type: 'array', items: { type: 'integer', minimum: 2, maximum: 9 }, minItems: 1, maxItems: 3 }, n: { type: 'number', minimum: -1, maximum: 1 } } };
  const values = fc.sample(compileSchema(schema, '#/S'), { seed: 3, numRuns: 2000 }) as { s: string; a: number[]; n: number }[];
  const broken = values.filter(
    (v) => [...v.s].length < 3 || [...v.s].length > 5 || v.a.length < 1 || v.a.length > 3 || v.a.some((i) => !Number.isInteger(i) || i < 2 || i > 9) || v.n < -1 || v.n > 1,
  );
  expect(broken).toEqual([]);
});

test('the deterministic phase holds the example, each enum value alone, all of them and the empty array', () => {
  const examples = create.phases().find((p) => p.name === 'examples')!;
  if (examples.kind !== 'list') throw new Error('examples phase must be a list');
  const scopeEnum = (create.bodySchema as { properties: { scopes: { items: { enum: string[] } } } }).properties.scopes.items.enum;
  const bodies = examples.cases.map((c) => (c.body.kind === 'json' ? c.body.value : undefined)) as { scopes?: string[] }[];
  const documented = contract.operations.find((o) => o.id === 'createApiKey')!.requestBody!.content[0].examples[0];
  expect(bodies[0]).toEqual(documented);
  for (const scope of scopeEnum) expect(bodies.some((b) => JSON.stringify(b.scopes) === JSON.stringify([scope]))).toBe(true);
  expect(bodies.some((b) => JSON.stringify(b.scopes) === JSON.stringify(scopeEnum))).toBe(true);
  expect(bodies.some((b) => Array.isArray(b.scopes) && b.scopes.length === 0)).toBe(true);
});

test('bounds that combine hold too: maxItems 0, a format with a length, an inclusive and an exclusive minimum', () => {
  const schema = {
    type: 'object', required: ['none', 'when', 'n', 'i'],
    properties: {
      none: { type: 'array', items: { type: 'string' }, maxItems: 0 },
      when: { type: 'string', format: 'date', maxLength: 10, minLength: 10 },
      n: { type: 'number', minimum: 0, exclusiveMinimum: 5, maximum: 10, exclusiveMaximum: 7 },
      i: { type: 'integer', minimum: 3, exclusiveMinimum: 1, exclusiveMaximum: 9 },
    },
  };
  const values = fc.sample(compileSchema(schema, '#/S'), { seed: 9, numRuns: 2000 }) as { none: unknown[]; when: string; n: number; i: number }[];
  const schemaErrors = values.filter((v) => v.none.length !== 0 || v.when.length !== 10 || !(v.n > 5 && v.n < 7) || !(v.i >= 3 && v.i < 9));
  expect(schemaErrors).toEqual([]);
});

test('schemas compile to values of their types, formats and enums', () => {
  const sampleOf = (schema: object, numRuns = 300) => fc.sample(compileSchema(schema, '#/S'), { seed: 4, numRuns });
  expect(new Set(sampleOf({ type: 'boolean' }))).toEqual(new Set([true, false]));
  expect(sampleOf({ type: 'null' }, 5)).toEqual([null, null, null, null, null]);
  expect(sampleOf({ const: 'fixed' }, 3)).toEqual(['fixed', 'fixed', 'fixed']);
  expect(new Set(sampleOf({ enum: ['a', 'b'] }))).toEqual(new Set(['a', 'b']));
  expect(() => compileSchema({ enum: [] }, '#/S')).toThrow(/enum at #\/S\/enum is empty/);
  expect(() => compileSchema(5, '#/S')).toThrow(/schema at #\/S is not an object/);
  expect(() => compileSchema({ type: 'text' }, '#/S')).toThrow(/type "text" at #\/S\/type is not a JSON type/);
  expect(sampleOf({ type: 'string', format: 'date-time' }).every((v) => !Number.isNaN(Date.parse(v as string)))).toBe(true);
  expect(sampleOf({ type: 'string', format: 'date' }).every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v as string))).toBe(true);
  expect(sampleOf({ type: 'string', format: 'uuid' }).every((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v as string))).toBe(true);
  expect(sampleOf({ type: 'string', format: 'email' }).every((v) => (v as string).includes('@'))).toBe(true);
  expect(sampleOf({ type: 'string', format: 'uri' }).every((v) => /^https?:\/\//.test(v as string))).toBe(true);
  const mixed = sampleOf({ type: ['string', 'null'] });
  expect(mixed.some((v) => v === null) && mixed.some((v) => typeof v === 'string')).toBe(true);
  expect(new Set(sampleOf({}, 300).map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v))).size).toBeGreaterThan(3);
  expect(sampleOf(true as unknown as object, 3)).toHaveLength(3);
  expect(typesOf({})).toEqual(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);
  expect(typesOf({ type: 'string' })).toEqual(['string']);
});

test('objects: required properties always, optional ones sometimes, an extra property now and then unless forbidden', () => {
  const schema = { type: 'object', required: ['r'], properties: { r: { type: 'integer' }, o: { type: 'boolean' } } };
  const values = fc.sample(compileSchema(schema, '#/S'), { seed: 6, numRuns: 1000 }) as Record<string, unknown>[];
  expect(values.every((v) => Number.isInteger(v.r))).toBe(true);
  const withOptional = values.filter((v) => 'o' in v).length;
  expect(withOptional).toBeGreaterThan(100);
  expect(withOptional).toBeLessThan(900);
  const extras = values.filter((v) => Object.keys(v).some((k) => k !== 'r' && k !== 'o'));
  expect(extras.length).toBeGreaterThan(30);
  expect(extras.length).toBeLessThan(300);
  expect(extras.every((v) => Object.keys(v).every((k) => ['r', 'o', 'x_extra', 'unknown_field', 'metadata'].includes(k)))).toBe(true);
  const closed = fc.sample(compileSchema({ ...schema, additionalProperties: false }, '#/S'), { seed: 6, numRuns: 1000 }) as Record<string, unknown>[];
  expect(closed.every((v) => Object.keys(v).every((k) => k === 'r' || k === 'o'))).toBe(true);
  // A required property the schema does not describe still gets a value.
  const undescribed = fc.sample(compileSchema({ type: 'object', required: ['free'] }, '#/S'), { seed: 6, numRuns: 50 }) as Record<string, unknown>[];
  expect(undescribed.every((v) => 'free' in v)).toBe(true);
});

test('arrays: empty, typical, with a duplicate, and longer than the item enum, within their bounds', () => {
  const schema = { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] } };
  const values = fc.sample(compileSchema(schema, '#/S'), { seed: 5, numRuns: 1000 }) as string[][];
  expect(values.some((v) => v.length === 0)).toBe(true);
  expect(values.some((v) => v.length > 0 && new Set(v).size < v.length)).toBe(true);
  expect(values.some((v) => v.length > 3)).toBe(true);
  expect(Math.max(...values.map((v) => v.length))).toBeLessThanOrEqual(8);
  const unique = fc.sample(compileSchema({ ...schema, uniqueItems: true }, '#/S'), { seed: 5, numRuns: 500 }) as string[][];
  expect(unique.every((v) => new Set(v).size === v.length)).toBe(true);
  const bounded = fc.sample(compileSchema({ ...schema, minItems: 2, maxItems: 3 }, '#/S'), { seed: 5, numRuns: 500 }) as string[][];
  expect(bounded.every((v) => v.length >= 2 && v.length <= 3)).toBe(true);
  expect(bounded.some((v) => new Set(v).size < v.length)).toBe(true);
  expect(fc.sample(compileSchema({ type: 'array', maxItems: 0 }, '#/S'), { seed: 5, numRuns: 5 })).toEqual([[], [], [], [], []]);
  const untyped = fc.sample(compileSchema({ type: 'array' }, '#/S'), { seed: 5, numRuns: 200 }) as unknown[][];
  expect(untyped.some((v) => v.length > 0)).toBe(true);
});

test('integers and numbers keep inclusive and exclusive bounds, whichever is tighter', () => {
  const ints = fc.sample(compileSchema({ type: 'integer', minimum: 2, maximum: 4 }, '#/S'), { seed: 1, numRuns: 300 });
  expect(new Set(ints)).toEqual(new Set([2, 3, 4]));
  const exclusive = fc.sample(compileSchema({ type: 'integer', exclusiveMinimum: 2, exclusiveMaximum: 5 }, '#/S'), { seed: 1, numRuns: 300 });
  expect(new Set(exclusive)).toEqual(new Set([3, 4]));
  const fractional = fc.sample(compileSchema({ type: 'integer', minimum: 1.5, maximum: 3.5 }, '#/S'), { seed: 1, numRuns: 300 });
  expect(new Set(fractional)).toEqual(new Set([2, 3]));
  const tighter = fc.sample(compileSchema({ type: 'integer', minimum: 0, exclusiveMinimum: 3, maximum: 10, exclusiveMaximum: 5 }, '#/S'), { seed: 1, numRuns: 300 });
  expect(new Set(tighter)).toEqual(new Set([4]));
  const looser = fc.sample(compileSchema({ type: 'integer', minimum: 3, exclusiveMinimum: 0, maximum: 4, exclusiveMaximum: 10 }, '#/S'), { seed: 1, numRuns: 300 });
  expect(new Set(looser)).toEqual(new Set([3, 4]));
  const numbers = fc.sample(compileSchema({ type: 'number', exclusiveMinimum: 0, maximum: 1 }, '#/S'), { seed: 1, numRuns: 500 }) as number[];
  expect(numbers.every((n) => n > 0 && n <= 1 && Number.isFinite(n))).toBe(true);
  const unbounded = fc.sample(compileSchema({ type: 'integer' }, '#/S'), { seed: 1, numRuns: 300 }) as number[];
  expect(unbounded.every(Number.isSafeInteger)).toBe(true);
});

test('arrays keep their bounds and uniqueness: unique items by value, duplicates only where allowed and room for two', () => {
  const draws = (schema: unknown) => fc.sample(compileSchema(schema, '#/x'), { seed: 3, numRuns: 300 }) as unknown[][];
  const unique = draws({ type: 'array', uniqueItems: true, minItems: 2, maxItems: 2, items: { type: 'object', properties: { k: { enum: [1, 2, 3] } }, required: ['k'] } });
  expect(unique.every((a) => a.length === 2 && JSON.stringify(a[0]) !== JSON.stringify(a[1]))).toBe(true);
  const pair = draws({ type: 'array', maxItems: 2, items: { enum: ['a', 'b', 'c'] } });
  expect(pair.every((a) => a.length <= 2)).toBe(true);
  expect(pair.some((a) => a.length === 2 && a[0] === a[1])).toBe(true);
  expect(draws({ type: 'array', maxItems: 1, items: { type: 'string' } }).every((a) => a.length <= 1)).toBe(true);
  // Large exact sizes draw as they are: a batch of exactly 30.
  expect(draws({ type: 'array', minItems: 30, maxItems: 30, items: { type: 'integer' } }).every((a) => a.length === 30)).toBe(true);
});

test('numbers meet their edges: zero, one, minus one and each bound are drawn, and nothing outside the bounds', () => {
  const ints = fc.sample(compileSchema({ type: 'integer', minimum: -5, maximum: 7 }, '#/n'), { seed: 3, numRuns: 400 }) as number[];
  expect(ints.every((n) => n >= -5 && n <= 7)).toBe(true);
  for (const edge of [0, 1, -1, -5, 7]) expect(ints).toContain(edge);
  const reals = fc.sample(compileSchema({ type: 'number', exclusiveMinimum: 0, maximum: 2 }, '#/n'), { seed: 3, numRuns: 400 }) as number[];
  expect(reals.every((n) => n > 0 && n <= 2)).toBe(true);
  expect(reals).toContain(1);
  expect(reals).toContain(2);
  expect(reals).not.toContain(0);
});

test('a keyword the generator cannot honour inside an array is named where it sits', () => {
  expect(() => compileSchema({ type: 'array', items: { not: { type: 'string' } } }, '#/x')).toThrow(/at #\/x\/items/);
});

test('every format is drawn across its space, each value one ajv-formats accepts: date-times with offsets and without a fraction', () => {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  for (const format of Object.keys(FORMATS)) {
    const validate = ajv.compile({ type: 'string', format });
    const values = fc.sample(compileSchema({ type: 'string', format }, '#/S'), { seed: 5, numRuns: 300 }) as string[];
    expect(values.filter((v) => !validate(v)), format).toEqual([]);
  }
  const instants = fc.sample(compileSchema({ type: 'string', format: 'date-time' }, '#/S'), { seed: 5, numRuns: 300 }) as string[];
  for (const shape of [/\+05:30$/, /-08:00$/, /:\d\d[+-Z]/, /\.\d{3}[+-]/, /\.\d{3}Z$/]) expect(instants.some((v) => shape.test(v)), String(shape)).toBe(true);
});

test('anyOf, oneOf and allOf draw values their schema accepts; readOnly is never sent; a recursive part is left out', () => {
  const ajv = new Ajv2020({ strict: false });
  const schemas = [
    { anyOf: [{ type: 'integer', minimum: 5 }, { type: 'string', maxLength: 2 }] },
    { type: 'object', properties: { pet: { oneOf: [{ type: 'object', required: ['kind', 'bark'], properties: { kind: { const: 'dog' }, bark: { type: 'boolean' } } }, { type: 'object', required: ['kind'], properties: { kind: { const: 'cat' } } }], discriminator: { propertyName: 'kind' } } } },
    { allOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { required: ['b'], properties: { b: { type: 'integer', multipleOf: 5, maximum: 50 } } }] },
    { type: 'object', additionalProperties: { type: 'integer' }, properties: { id: { type: 'string', readOnly: true }, name: { type: 'string', pattern: '^[a-z]{2,4}-\\d+$' } } },
  ];
  for (const schema of schemas) {
    const validate = ajv.compile(schema);
    const values = fc.sample(compileSchema(schema, '#/S'), { seed: 9, numRuns: 300 });
    expect(values.filter((v) => !validate(v)), JSON.stringify(schema)).toEqual([]);
  }
  const withId = fc.sample(compileSchema(schemas[3], '#/S'), { seed: 9, numRuns: 300 }) as Record<string, unknown>[];
  expect(withId.some((v) => 'id' in v)).toBe(false);
  expect(withId.some((v) => typeof v.name === 'string')).toBe(true);
  const tree = { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { [RECURSION]: '#/components/schemas/Node' } }, parent: { [RECURSION]: '#/components/schemas/Node' } } };
  const nodes = fc.sample(compileSchema(tree, '#/S'), { seed: 9, numRuns: 100 }) as Record<string, unknown>[];
  expect(nodes.every((n) => !('parent' in n) && (n.children === undefined || (n.children as unknown[]).length === 0))).toBe(true);
});
