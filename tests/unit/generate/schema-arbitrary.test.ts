import fc from 'fast-check';
import { expect, test } from 'vitest';
import { SuiteInputError } from '../../../src/contract/errors';
import { compileSchema } from '../../../src/generate/schema-arbitrary';
import { classifyString } from '../../../src/generate/strings';
import { readGateConfig } from '../../../src/target/config';
import { contract, operationCases, oracle } from '../support';

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
  expect(() => compileSchema({ type: 'string', pattern: '^a' }, '#/components/schemas/X/properties/name')).toThrow(
    new SuiteInputError('generator: keyword "pattern" at #/components/schemas/X/properties/name is not supported'),
  );
  expect(() => compileSchema({ type: 'object', properties: { a: { oneOf: [] } } }, '#/S')).toThrow(/keyword "oneOf" at #\/S\/properties\/a/);
  expect(() => compileSchema({ type: 'string', format: 'hostname' }, '#/S')).toThrow(/format "hostname" at #\/S\/format/);
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

test('strings are classified by what they hold: a control character is one that is not whitespace', () => {
  expect(classifyString('a\u0001b')).toEqual(['control']);
  expect(classifyString('a\u007fb')).toEqual(['control']);
  expect(classifyString('a\u0085b')).toEqual(['control']);
  // Tab, line feed and carriage return are whitespace, not the control class, wherever they stand.
  expect(classifyString('a\tb\nc\rd')).toEqual(['plain']);
  expect(classifyString('\tab')).toEqual(['padded']);
  expect(classifyString('\t\n')).toEqual(['whitespace-only']);
  expect(classifyString('')).toEqual(['empty']);
  expect(classifyString('é')).toEqual(['non-ascii']);
  expect(classifyString('a\u{1F600}')).toEqual(['non-ascii', 'astral']);
  expect(classifyString('e\u0301')).toEqual(['non-ascii', 'combining']);
  expect(classifyString('x'.repeat(1001))).toEqual(['long']);
  expect(classifyString('x'.repeat(1000))).toEqual(['plain']);
});
