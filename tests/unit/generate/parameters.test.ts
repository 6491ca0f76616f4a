import fc from 'fast-check';
import { expect, test } from 'vitest';
import { renderQuery } from '../../../src/transport/url';
import { parameterNegativeArbitrary, type ParameterNegative } from '../../../src/generate/parameter-breaks';
import { parametersArbitrary, type CaseParameters } from '../../../src/generate/parameters';
import { fixtureOperation, fixtureOracle } from '../support/parameters-contract';

const list = fixtureOperation('listThings');
const isValid = (pointer: string, value: unknown) => fixtureOracle.isValid(pointer, value);

/** The texts a server receives for one parameter: every value of a query name, a header, a path segment. */
function received(parameters: CaseParameters, name: string): string[] | undefined {
  const parameter = list.parameters.find((p) => p.name === name)!;
  if (parameter.in === 'path') return [parameters.pathParams[name]];
  if (parameter.in === 'header') return parameters.headerParams?.[name] === undefined ? undefined : [parameters.headerParams[name]];
  const values = (parameters.queryParams ?? []).filter(([n]) => n === name).map(([, v]) => v);
  return values.length > 0 ? values : undefined;
}

// How a server reads each parameter of the fixture back, written from the fixture, not from the generator.
const integer = (text: string) => (/^-?\d+$/.test(text) ? Number(text) : text);
const number = (text: string) => (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : text);
const boolean = (text: string) => (text === 'true' ? true : text === 'false' ? false : text);
const dateTime = (text: string) => (Number.isNaN(Date.parse(text)) ? `unparseable ${text}` : text);
const SERVER_READS: Record<string, (texts: string[]) => unknown> = {
  shelf: ([t]) => t,
  limit: ([t]) => integer(t),
  offset: ([t]) => integer(t),
  starred: ([t]) => boolean(t),
  start_date: ([t]) => dateTime(t),
  folder_id: ([t]) => t,
  order: ([t]) => t,
  tags: (texts) => texts.map(integer),
  ids: ([t]) => t.split(','),
  q: ([t]) => t,
  'X-Trace-Level': ([t]) => number(t),
  'X-Client': ([t]) => t,
};
const NAMES = Object.keys(SERVER_READS);

/** Whether the parameter, as the server reads it, is valid (absent counts as valid when it is optional). */
function readsValid(parameters: CaseParameters, name: string): boolean {
  const parameter = list.parameters.find((p) => p.name === name)!;
  const texts = received(parameters, name);
  if (texts === undefined) return !parameter.required;
  return fixtureOracle.isValid(parameter.pointer, SERVER_READS[name](texts));
}

const positives = fc.sample(parametersArbitrary(list), { seed: 7, numRuns: 2000 }).filter((d) => !d.leavesRoute).map((d) => d.parameters);

test('the fixture declares the parameters the tests read back, and nothing else', () => {
  expect(list.parameters.map((p) => p.name).sort()).toEqual([...NAMES].sort());
});

test('every positive value, read back as a server would, is valid for its schema', () => {
  const invalid = positives.flatMap((parameters) => NAMES.filter((name) => !readsValid(parameters, name)).map((name) => `${name}=${JSON.stringify(received(parameters, name))}`));
  expect(invalid).toEqual([]);
  expect(positives.length).toBeGreaterThan(1500);
});

test('scalars are written in their one canonical spelling, arrays per their style', () => {
  const texts = (name: string) => positives.flatMap((p) => received(p, name) ?? []);
  expect(texts('starred').every((t) => t === 'true' || t === 'false')).toBe(true);
  expect(new Set(texts('starred'))).toEqual(new Set(['true', 'false']));
  expect(texts('limit').every((t) => /^-?\d+$/.test(t))).toBe(true);
  // Date-times in every RFC 3339 spelling: offsets, with and without a fraction.
  expect(texts('start_date').every((t) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(t) && !Number.isNaN(Date.parse(t)))).toBe(true);
  // Exploded form: one pair per item; form without explode: one pair, items comma-joined.
  expect(positives.some((p) => (received(p, 'tags')?.length ?? 0) >= 2)).toBe(true);
  expect(positives.every((p) => (received(p, 'ids')?.length ?? 1) === 1)).toBe(true);
  expect(positives.some((p) => (received(p, 'ids')?.[0].split(',').length ?? 0) >= 2)).toBe(true);
  // Header values reach the server as sent: no byte outside visible ASCII, nothing to trim.
  for (const name of ['X-Client', 'X-Trace-Level']) expect(texts(name).filter((t) => !/^([\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?)?$/.test(t))).toEqual([]);
  expect(texts('X-Client').length).toBeGreaterThan(0);
});

test('a required parameter is always sent; each optional one is sometimes left out and sometimes sent', () => {
  expect(positives.every((p) => received(p, 'q') !== undefined)).toBe(true);
  for (const name of NAMES.filter((n) => n !== 'q' && n !== 'shelf')) {
    const sent = positives.filter((p) => received(p, name) !== undefined).length;
    expect(sent, name).toBeGreaterThan(positives.length * 0.3);
    expect(sent, name).toBeLessThan(positives.length * 0.7);
  }
});

test('percent-encoded query strings decode to exactly the pairs drawn', () => {
  const mismatched = positives.filter((p) => JSON.stringify([...new URLSearchParams(renderQuery(p.queryParams))]) !== JSON.stringify(p.queryParams));
  expect(mismatched).toEqual([]);
  // The draws do hold characters that must be encoded.
  expect(positives.some((p) => p.queryParams!.some(([, v]) => encodeURIComponent(v) !== v))).toBe(true);
});

test('only required parameters, when asked, and the same cases for the same seed', () => {
  const required = fc.sample(parametersArbitrary(list, { requiredOnly: true }), { seed: 1, numRuns: 100 }).map((d) => d.parameters);
  expect(required.every((p) => p.queryParams!.map(([n]) => n).join() === 'q' && Object.keys(p.headerParams!).length === 0)).toBe(true);
  const again = fc.sample(parametersArbitrary(list), { seed: 7, numRuns: 2000 }).filter((d) => !d.leavesRoute).map((d) => d.parameters);
  expect(again).toEqual(positives);
});

const negatives: ParameterNegative[] = fc.sample(parameterNegativeArbitrary(list, isValid)!, { seed: 9, numRuns: 3000 });
const labelled = (label: string) => negatives.filter((n) => n.label === label);
const brokenTexts = (label: string, name: string) => labelled(label).map((n) => received(n.parameters, name));

/** Every break the fixture allows, by hand: the parameter and the rule, as labels say them. */
const EXPECTED_LABELS = [
  'query "q": required parameter left out',
  'query "q": longer than the maxLength 5',
  'query "limit": letters where an integer belongs',
  'query "offset": letters where an integer belongs',
  'query "offset": below the minimum 0',
  'query "starred": a word no boolean parser knows',
  'query "start_date": text with no date in it where a date-time belongs',
  'query "folder_id": shorter than the minLength 1',
  'query "order": a value outside the enum',
  'query "tags": an item: letters where an integer belongs',
  'query "tags": an item: above the maximum 100',
  'query "tags": more than the maxItems 3',
  'query "ids": fewer than the minItems 2',
  'header "X-Trace-Level": letters where a number belongs',
  'header "X-Trace-Level": above the maximum 10',
  'path "shelf": longer than the maxLength 8',
];

test('every negative is labelled with its parameter and the rule it breaks, and each rule of the fixture appears', () => {
  expect(new Set(negatives.map((n) => n.label))).toEqual(new Set(EXPECTED_LABELS));
  for (const n of negatives) {
    const [, location, name] = /^(query|header|path) "([^"]+)": /.exec(n.label)!;
    expect(n.field).toBe(`${location}:${name}`);
  }
  for (const label of EXPECTED_LABELS) expect(labelled(label).length, label).toBeGreaterThan(50);
});

test('exactly one parameter is broken in each negative: the one it names; the others read back valid', () => {
  const wrong = negatives.filter((n) => {
    const broken = n.field.slice(n.field.indexOf(':') + 1);
    return readsValid(n.parameters, broken) || NAMES.some((name) => name !== broken && !readsValid(n.parameters, name));
  });
  expect(wrong.map((n) => `${n.label}: ${JSON.stringify(n.parameters)}`)).toEqual([]);
});

// What FastAPI 0.92 with pydantic 1.10 were measured to accept: a negative must be none of these.
const PYDANTIC_BOOLEANS = ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0', 't', 'f', 'y', 'n'];
const PYTHON_FLOAT_WORDS = ['inf', 'infinity', 'nan'];

test('wrong-type and bad-format texts are letters no mainstream parser reads as the type', () => {
  const words = (label: string, name: string) => brokenTexts(label, name).flatMap((texts) => texts ?? []);
  for (const [label, name] of [['query "limit": letters where an integer belongs', 'limit'], ['query "offset": letters where an integer belongs', 'offset'], ['header "X-Trace-Level": letters where a number belongs', 'X-Trace-Level'], ['query "start_date": text with no date in it where a date-time belongs', 'start_date']]) {
    const texts = words(label, name);
    expect(texts.filter((t) => !/^[A-Za-z]+$/.test(t)), label).toEqual([]);
    expect(texts.filter((t) => PYTHON_FLOAT_WORDS.includes(t.toLowerCase()) || PYDANTIC_BOOLEANS.includes(t.toLowerCase())), label).toEqual([]);
  }
  const booleans = words('query "starred": a word no boolean parser knows', 'starred');
  expect(booleans.filter((t) => !/^[A-Za-z]+$/.test(t) || PYDANTIC_BOOLEANS.includes(t.toLowerCase()))).toEqual([]);
  expect(booleans).toContain('maybe');
  expect(words('query "start_date": text with no date in it where a date-time belongs', 'start_date')).toContain('never');
  // Within an array the broken item is letters, the others integers.
  for (const texts of brokenTexts('query "tags": an item: letters where an integer belongs', 'tags')) {
    expect(texts!.filter((t) => /^[A-Za-z]+$/.test(t))).toHaveLength(1);
    expect(texts!.filter((t) => !/^[A-Za-z]+$/.test(t) && !/^-?\d+$/.test(t))).toEqual([]);
  }
});

test('constraint breaks are valid text of the right type that crosses the bound', () => {
  const only = (label: string, name: string) => brokenTexts(label, name).map((texts) => texts!);
  expect(only('query "offset": below the minimum 0', 'offset').filter(([t]) => !/^-\d+$/.test(t))).toEqual([]);
  expect(only('query "folder_id": shorter than the minLength 1', 'folder_id').filter(([t]) => t !== '')).toEqual([]);
  expect(only('query "q": longer than the maxLength 5', 'q').filter(([t]) => t.length <= 5)).toEqual([]);
  expect(only('path "shelf": longer than the maxLength 8', 'shelf').filter(([t]) => t.length <= 8)).toEqual([]);
  expect(only('header "X-Trace-Level": above the maximum 10', 'X-Trace-Level').filter(([t]) => !(Number(t) > 10))).toEqual([]);
  expect(only('query "tags": more than the maxItems 3', 'tags').filter((texts) => texts.length <= 3 || !texts.every((t) => Number(t) <= 100))).toEqual([]);
  expect(only('query "tags": an item: above the maximum 100', 'tags').filter((texts) => texts.filter((t) => Number(t) > 100).length !== 1)).toEqual([]);
  expect(only('query "ids": fewer than the minItems 2', 'ids').filter(([t]) => t.split(',').length !== 1)).toEqual([]);
  const outside = only('query "order": a value outside the enum', 'order').map(([t]) => t);
  expect(outside.filter((t) => t === 'newest' || t === 'oldest')).toEqual([]);
  expect(outside).toEqual(expect.arrayContaining(['NEWEST', 'oldests', ' newest']));
  expect(labelled('query "q": required parameter left out').every((n) => received(n.parameters, 'q') === undefined)).toBe(true);
});

test('no break the schema accepts goes out: a nullable integer is not broken by "null", a string without constraints not at all', () => {
  const op = { ...list, parameters: [
    { ...list.parameters.find((p) => p.name === 'limit')!, schema: { type: ['integer', 'null'] } },
    list.parameters.find((p) => p.name === 'X-Client')!,
  ] };
  // The fixture's validator sees limit as a plain integer: this one says a null reading is valid.
  const nullable = (_pointer: string, value: unknown) => value === null || Number.isInteger(value);
  const texts = fc.sample(parameterNegativeArbitrary(op, nullable)!, { seed: 3, numRuns: 500 }).map((n) => [n.label, n.parameters.queryParams![0]?.[1]]);
  expect(new Set(texts.map(([label]) => label))).toEqual(new Set(['query "limit": letters where an integer belongs']));
  expect(texts.some(([, t]) => t === 'null')).toBe(false);
  expect(parameterNegativeArbitrary({ ...list, parameters: [list.parameters.find((p) => p.name === 'X-Client')!] }, isValid)).toBeUndefined();
});

test('the same seed gives the same negatives', () => {
  expect(fc.sample(parameterNegativeArbitrary(list, isValid)!, { seed: 9, numRuns: 3000 })).toEqual(negatives);
});
