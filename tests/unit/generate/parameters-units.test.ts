import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Operation, ParameterSpec } from '../../../src/contract/load';
import { parameterBreaks, parameterNegativeArbitrary } from '../../../src/generate/parameter-breaks';
import { parameterField, parameterLabel, parametersArbitrary } from '../../../src/generate/parameters';

const param = (name: string, where: ParameterSpec['in'], schema: unknown, extra: Partial<ParameterSpec> = {}): ParameterSpec => ({
  name, in: where, required: where === 'path', description: '', style: where === 'query' ? 'form' : 'simple', explode: where === 'query', schema, pointer: `#/p/${name}`, ...extra,
});
const operation = (...parameters: ParameterSpec[]): Operation => ({ id: 'op', method: 'GET', path: '/x', pointer: '#/op', description: '', parameters, responses: [], security: [] });
const positives = (op: Operation, numRuns = 200, options = {}) => fc.sample(parametersArbitrary(op, options), { seed: 5, numRuns }).map((d) => d.parameters);
/** A validator written from the schemas below: integers, the enum values, and nothing for absent values. */
const negatives = (op: Operation, isValid: (pointer: string, value: unknown) => boolean, numRuns = 400) => fc.sample(parameterNegativeArbitrary(op, isValid)!, { seed: 5, numRuns });
const never = () => false;

test('a parameter is named by where it goes and its name', () => {
  expect(parameterField({ in: 'query', name: 'limit' })).toBe('query:limit');
  expect(parameterLabel({ in: 'header', name: 'X-A' }, 'too long')).toBe('header "X-A": too long');
});

test('cases carry query pairs and headers only when the operation declares them', () => {
  const [onlyPath] = positives(operation(param('id', 'path', { type: 'string', enum: ['a'] })), 1);
  expect(onlyPath).toEqual({ pathParams: { id: 'a' } });
  expect('queryParams' in onlyPath || 'headerParams' in onlyPath).toBe(false);
  const [both] = positives(operation(param('q', 'query', { type: 'string', enum: ['v'] }, { required: true }), param('H', 'header', { type: 'string', enum: ['w'] }, { required: true })), 1);
  expect(both).toEqual({ pathParams: {}, queryParams: [['q', 'v']], headerParams: { H: 'w' } });
});

test('null is never written: a nullable parameter sends its other types, a null enum value is dropped', () => {
  const op = operation(param('n', 'query', { type: ['integer', 'null'] }, { required: true }), param('e', 'query', { enum: [null, 'x'] }, { required: true }), param('m', 'query', { type: ['integer', 'boolean', 'null'] }, { required: true }));
  const drawn = positives(op, 300);
  expect(drawn.filter((p) => !/^-?\d+$/.test(p.queryParams![0][1]))).toEqual([]);
  expect(new Set(drawn.map((p) => p.queryParams![1][1]))).toEqual(new Set(['x']));
  const mixed = new Set(drawn.map((p) => p.queryParams![2][1]).map((t) => (/^-?\d+$/.test(t) ? 'integer' : t)));
  expect(mixed).toEqual(new Set(['integer', 'true', 'false']));
});

test('a header sends only the enum values that are field values, and free text as visible ASCII of the same length', () => {
  const op = operation(param('H', 'header', { type: 'string', enum: ['ok', ' pad', 'é'] }, { required: true }), param('F', 'header', { type: 'string', minLength: 3, maxLength: 6 }, { required: true }));
  const drawn = positives(op, 300);
  expect(new Set(drawn.map((p) => p.headerParams!.H))).toEqual(new Set(['ok']));
  const free = drawn.map((p) => p.headerParams!.F);
  expect(free.filter((t) => !/^[\x21-\x7e]{3,6}$/.test(t))).toEqual([]);
  expect(free.some((t) => t.includes('_'))).toBe(true);
  expect(() => parametersArbitrary(operation(param('H', 'header', { type: 'string', enum: ['é', ' '] })))).toThrow('generator: no value of the enum at #/p/H can be written as header text as it is');
});

test('a comma-joined array has at least one item, none empty, none with a comma; exploded items keep their commas', () => {
  const op = operation(
    param('ids', 'query', { type: 'array', items: { type: 'string', maxLength: 4 } }, { required: true, explode: false }),
    param('e', 'query', { type: 'array', items: { type: 'string', enum: ['a,b', '', 'c'] } }, { required: true, explode: false }),
    param('x', 'query', { type: 'array', items: { type: 'string', enum: ['a,b'] } }, { required: true }),
  );
  const drawn = positives(op, 300);
  const ids = drawn.map((p) => p.queryParams!.find(([n]) => n === 'ids')![1]);
  expect(ids.filter((t) => t.split(',').some((item) => item === ''))).toEqual([]);
  expect(ids.some((t) => t.includes(';'))).toBe(true);
  expect(new Set(drawn.map((p) => p.queryParams!.find(([n]) => n === 'e')![1]).flatMap((t) => t.split(',')))).toEqual(new Set(['c']));
  expect(drawn.every((p) => p.queryParams!.filter(([n]) => n === 'x').length >= 1 && p.queryParams!.filter(([n]) => n === 'x').every(([, v]) => v === 'a,b'))).toBe(true);
});

test('optional parameters are sometimes sent, never when only required ones are asked for', () => {
  const op = operation(param('o', 'query', { type: 'string', enum: ['v'] }));
  expect(new Set(positives(op, 100).map((p) => p.queryParams!.length))).toEqual(new Set([0, 1]));
  expect(positives(op, 50, { requiredOnly: true }).every((p) => p.queryParams!.length === 0)).toBe(true);
});

test('negatives say what they break, in words', () => {
  const op = operation(
    param('i', 'query', { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 }),
    param('b', 'query', { type: 'boolean' }),
    param('ib', 'query', { type: ['integer', 'boolean'] }),
    param('d', 'query', { type: 'string', format: 'date' }),
    param('s', 'path', { type: 'string', minLength: 3 }),
    param('r', 'header', { type: 'number', minimum: 1.5 }, { required: true }),
    param('big', 'query', { type: 'integer', maximum: Number.MAX_SAFE_INTEGER }),
    param('a', 'query', { type: 'array', items: { type: 'integer' }, minItems: 1 }),
  );
  const found = negatives(op, never, 1500);
  expect(new Set(found.map((n) => `${n.rule} ${n.label}`))).toEqual(new Set([
    'wrong-type query "i": letters where an integer belongs',
    'below-minimum query "i": at or below the exclusive minimum 0',
    'above-maximum query "i": at or above the exclusive maximum 10',
    'wrong-type query "b": a word no boolean parser knows',
    'wrong-type query "ib": letters where an integer or a boolean belongs',
    'bad-format query "d": text with no date in it where a date belongs',
    'too-short path "s": shorter than the minLength 3',
    'missing-required header "r": required parameter left out',
    'wrong-type header "r": letters where a number belongs',
    'below-minimum header "r": below the minimum 1.5',
    'wrong-type query "big": letters where an integer belongs',
    'wrong-type query "a": an item: letters where an integer belongs',
  ]));
  const texts = (label: string) => found.filter((n) => n.label === label).map((n) => n.parameters);
  const q = (name: string) => (p: { queryParams?: [string, string][] }) => p.queryParams!.filter(([n]) => n === name).map(([, v]) => v);
  // Exclusive bounds are crossed from the bound itself; small steps are taken as well as large ones.
  const low = texts('query "i": at or below the exclusive minimum 0').map((p) => Number(q('i')(p)[0]));
  expect(low.includes(0) && low.every((n) => Number.isInteger(n) && n <= 0)).toBe(true);
  const high = texts('query "i": at or above the exclusive maximum 10').map((p) => Number(q('i')(p)[0]));
  expect(high.includes(10) && high.every((n) => Number.isInteger(n) && n >= 10) && high.some((n) => n > 1000)).toBe(true);
  const under = texts('header "r": below the minimum 1.5').map((p) => Number(p.headerParams!.r));
  expect(under.includes(0.5) && under.every((n) => n <= 0.5)).toBe(true);
  // A path value too short is still a value: one or two letters, never empty.
  expect(new Set(texts('path "s": shorter than the minLength 3').map((p) => p.pathParams.s.length))).toEqual(new Set([1, 2]));
  expect(texts('header "r": required parameter left out').every((p) => p.headerParams!.r === undefined)).toBe(true);
});

test('a number bound crossing by one is a whole unit past an inclusive bound', () => {
  const op = operation(param('n', 'query', { type: 'number', maximum: 2, exclusiveMinimum: -1 }, { required: true }));
  const found = negatives(op, never, 1500);
  const values = (rule: string) => found.filter((n) => n.rule === rule).map((n) => Number(n.parameters.queryParams![0][1]));
  expect(values('above-maximum').includes(3) && values('above-maximum').every((n) => n >= 3)).toBe(true);
  expect(values('below-minimum').includes(-1) && values('below-minimum').every((n) => n <= -1)).toBe(true);
});

test('array lengths are broken only where text can carry the crossing', () => {
  const labels = (schema: object) => new Set(negatives(operation(param('a', 'query', schema, { required: true })), never, 800).map((n) => n.label));
  expect(labels({ type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 })).toEqual(new Set(['query "a": required parameter left out', 'query "a": more than the maxItems 2']));
  expect(labels({ type: 'array', items: { type: 'string' }, minItems: 3 })).toEqual(new Set(['query "a": required parameter left out', 'query "a": fewer than the minItems 3']));
  const few = negatives(operation(param('a', 'query', { type: 'array', items: { type: 'string', enum: ['v'] }, minItems: 3 }, { required: true })), never, 300).filter((n) => n.label.includes('fewer'));
  expect(new Set(few.map((n) => n.parameters.queryParams!.length))).toEqual(new Set([1, 2]));
  const many = negatives(operation(param('a', 'query', { type: 'array', items: { type: 'string', enum: ['v'] }, maxItems: 1 }, { required: true, explode: false })), never, 300).filter((n) => n.label.includes('more'));
  expect(new Set(many.map((n) => n.parameters.queryParams![0][1]))).toEqual(new Set(['v,v', 'v,v,v', 'v,v,v,v']));
});

test('a header break goes out only as a field value, a path break only if it keeps the route', () => {
  const headers = negatives(operation(param('H', 'header', { type: 'string', maxLength: 2 })), never, 300);
  expect(headers.length).toBe(300);
  expect(headers.filter((n) => !/^[\x21-\x7e]+$/.test(n.parameters.headerParams!.H))).toEqual([]);
  const paths = negatives(operation(param('p', 'path', { type: 'string', enum: ['a'] })), never, 300);
  expect(paths.filter((n) => ['', '.', '..'].includes(n.parameters.pathParams.p))).toEqual([]);
  expect(paths.every((n) => n.label === 'path "p": a value outside the enum')).toBe(true);
});

/** What each break of one parameter is, as rule and detail, and the texts it sends (first 60 draws). */
function breaksOfOne(spec: ParameterSpec, isValid = never) {
  return parameterBreaks(operation(spec), isValid).map((b) => {
    const drawn = fc.sample(b.arbitrary, { seed: 5, numRuns: 60 });
    const texts = drawn.flatMap((n) => [...(n.parameters.queryParams ?? []).filter(([name]) => name === spec.name).map(([, v]) => v), ...Object.values(n.parameters.headerParams ?? {}), ...Object.values(n.parameters.pathParams)]);
    return { rule: b.rule, label: drawn[0].label, texts };
  });
}

test('each type has the breaks its text can carry, labelled for it, and no other', () => {
  expect(breaksOfOne(param('b', 'query', { type: 'boolean' })).map((b) => [b.rule, b.label])).toEqual([['wrong-type', 'query "b": a word no boolean parser knows']]);
  expect(breaksOfOne(param('n', 'query', { type: ['integer', 'null'] })).map((b) => [b.rule, b.label])).toEqual([['wrong-type', 'query "n": letters where an integer belongs']]);
  expect(breaksOfOne(param('m', 'query', { type: ['integer', 'boolean'] })).map((b) => b.label)).toEqual(['query "m": letters where an integer or a boolean belongs']);
  // No type (an enum alone): only the enum can be broken; length and number bounds apply to their own types only.
  expect(breaksOfOne(param('e', 'query', { enum: ['a', 'b'] })).map((b) => b.rule)).toEqual(['enum']);
  expect(breaksOfOne(param('s', 'query', { type: 'string', minimum: 3, maximum: 4 })).map((b) => b.rule)).toEqual([]);
  expect(breaksOfOne(param('i', 'query', { type: 'integer', minLength: 3, maxLength: 4 })).map((b) => b.rule)).toEqual(['wrong-type']);
  expect(breaksOfOne(param('f', 'query', { type: 'number', maximum: 2.5 })).map((b) => b.rule)).toEqual(['wrong-type', 'above-maximum']);
});

test('a string enum is broken by its near misses and by letters; an integer enum also by other integers', () => {
  const [words] = breaksOfOne(param('o', 'query', { type: 'string', enum: ['newest', 'oldest'] }));
  expect(words.texts).toEqual(expect.arrayContaining(['NEWEST', 'newests', 'newes', ' newest', 'newest ']));
  expect(words.texts).not.toContain('newest');
  const numbers = breaksOfOne(param('k', 'query', { type: 'integer', enum: [1, 2] })).find((b) => b.rule === 'enum')!;
  expect(numbers.texts.some((t) => /^-?\d+$/.test(t) && t !== '1' && t !== '2')).toBe(true);
  expect(numbers.texts).not.toContain('1');
});

test('an empty value is a short value in a query, never in a path, and a comma-joined item holds no comma', () => {
  expect(breaksOfOne(param('q', 'query', { type: 'string', minLength: 1 })).map((b) => [b.rule, b.texts.every((t) => t === '')])).toEqual([['too-short', true]]);
  expect(breaksOfOne(param('p', 'path', { type: 'string', minLength: 1 }))).toEqual([]);
  const joined = breaksOfOne(param('ids', 'query', { type: 'array', items: { type: 'string', maxLength: 2 } }, { explode: false }));
  const tooLong = joined.find((b) => b.rule === 'too-long')!;
  expect(tooLong.texts.every((t) => t.split(',').some((item) => item.length > 2))).toBe(true);
  expect(joined.find((b) => b.rule === 'too-long')!.label).toBe('query "ids": an item: longer than the maxLength 2');
});

test('a header break travels as a field value, or is not sent', () => {
  const [tooLong] = breaksOfOne(param('H', 'header', { type: 'string', maxLength: 3 }));
  expect(tooLong.texts.length).toBeGreaterThan(0);
  expect(tooLong.texts.every((t) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(t))).toBe(true);
});
