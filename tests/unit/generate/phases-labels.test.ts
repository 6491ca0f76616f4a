import fc from 'fast-check';
import { expect, test } from 'vitest';
import { OperationCases } from '../../../src/generate/phases';
import type { Phase } from '../../../src/model/phase';
import { Oracle } from '../../../src/validate/oracle';
import { loadDoc } from '../support/parameters-contract';
import { operationCases } from '../support/contract';

// Operations whose every valid body is one value, so a random case's label is known in advance.
const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };
const bodyOf = (n: string) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', required: ['n'], properties: { n: { type: 'string', enum: [n] } }, additionalProperties: false } } },
});
const VALUES: Record<string, string> = { short: 'ab', exact: 'e'.repeat(52), over: 'o'.repeat(53), long: 'l'.repeat(100) };
const doc = {
  openapi: '3.1.0',
  info: { title: 'labels', version: '1' },
  paths: {
    ...Object.fromEntries(Object.entries(VALUES).map(([id, n]) => [`/${id}`, { post: { operationId: id, requestBody: bodyOf(n), responses: { 200: ok } } }])),
    '/scalar': { post: { operationId: 'scalar', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['k'], properties: { k: { type: 'string', enum: ['a', 'b'] }, t: true }, additionalProperties: false } } } }, responses: { 200: ok } } },
    '/unsupported': { post: { operationId: 'unsupported', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', not: {} } } } }, responses: { 200: ok } } },
    '/query': { get: { operationId: 'query', parameters: [{ name: 'tag', in: 'query', required: true, schema: { type: 'array', items: { type: 'string', enum: ['t'] }, minItems: 2, maxItems: 2 } }], responses: { 200: ok } } },
  },
};
const contract = loadDoc(doc);
const oracle = new Oracle(contract);
const cases = (id: string) => new OperationCases(contract, contract.operations.find((op) => op.id === id)!, (p, v) => oracle.isValid(p, v), 'tok');
const phase = (id: string, name: string) => cases(id).phases().find((p) => p.name === name)!;
const firstLabel = (p: Phase) => {
  if (p.kind !== 'fuzz') throw new Error('random phase');
  const draw = fc.sample(p.arbitrary, { seed: 1, numRuns: 1 })[0];
  return 'case' in draw ? draw.case.label : draw.skip;
};

test('a random case label previews the body in at most 60 characters, an ellipsis marking a cut', () => {
  expect(firstLabel(phase('short', 'positive'))).toBe('valid request {"n":"ab"}');
  // {"n":"…"} around 52 characters is exactly 60: nothing is cut.
  expect(firstLabel(phase('exact', 'positive'))).toBe(`valid request {"n":"${'e'.repeat(52)}"}`);
  expect(firstLabel(phase('over', 'positive'))).toBe(`valid request {"n":"${'o'.repeat(53)}"…`);
  expect(firstLabel(phase('long', 'positive'))).toBe(`valid request {"n":"${'l'.repeat(54)}…`);
});

test('without a body the preview shows the parameters, a repeated query name as the array of its values', () => {
  expect(firstLabel(phase('query', 'positive'))).toBe('valid request {"tag":["t","t"]}');
});

test('each phase says what it sends', () => {
  const descriptions = (p: Phase[]) => p.map((x) => [x.name, x.description]);
  expect(descriptions(operationCases('createApiKey').phases())).toEqual([
    ['examples', "the spec's examples, each enum value alone, all of them, the empty array"],
    ['breaks', 'each single break the schemas allow, once, and each positive edge: the same cases every run'],
    ['spellings', 'each input written in the ways common frameworks read differently (docs/unpinned-values.md): no check reads a meaning into the value respelled'],
    ['positive', 'valid requests from the schemas'],
    ['negative', 'bodies that break the schema in one named way'],
    ['transport', 'malformed JSON, empty bodies, other media types'],
    ['auth', 'missing, empty, unknown and differently-schemed credentials'],
  ]);
  expect(phase('query', 'negative').description).toBe('parameters that break their schemas in one named way');
});

test('a scalar enum property is varied one value at a time, as itself; a property schema of true is passed over', () => {
  const examples = phase('scalar', 'examples');
  if (examples.kind !== 'list') throw new Error('examples is a list');
  expect(examples.cases.map((c) => c.label)).toEqual(['documented call', 'k = "a"', 'k = "b"']);
  expect(examples.cases.slice(1).map((c) => (c.body.kind === 'json' ? (c.body.value as { k: unknown }).k : undefined))).toEqual(['a', 'b']);
});

test('a body schema the generator cannot compile is named by where the body sits', () => {
  const unsupported = cases('unsupported');
  expect(unsupported.bodyPointer).toMatch(/requestBody/);
  expect(() => unsupported.phases()).toThrow(`generator: keyword "not" at ${unsupported.bodyPointer} is not supported`);
});
