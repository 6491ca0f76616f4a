import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { authVariants } from '../../../src/generate/auth';
import { renderPath } from '../../../src/generate/case';
import { FUZZ_PART_RUNS, PHASE_ORDER, splitBudget, type Phase } from '../../../src/generate/phases';
import { loadRegressions, regressionName, saveRegression } from '../../../src/generate/regressions';
import { transportNegatives } from '../../../src/generate/transport';
import { operationCases, scratchDir } from '../support';

const scratch = scratchDir('phases');
afterAll(scratch.remove);

test('each operation has the phases its inputs allow, in order', () => {
  const names = (id: string) => operationCases(id).phases().map((p) => `${p.name}:${p.kind}`);
  expect(names('createApiKey')).toEqual(['examples:list', 'positive:fuzz', 'negative:fuzz', 'transport:list', 'auth:list']);
  // No body: no negatives or transport; a path parameter still gives random positives.
  expect(names('revokeApiKey')).toEqual(['examples:list', 'positive:fuzz', 'auth:list']);
  expect(names('listApiKeys')).toEqual(['examples:list', 'auth:list']);
  expect(PHASE_ORDER).toEqual(['examples', 'positive', 'negative', 'transport', 'auth']);
});

test('a budget is split into parts of at most 500 cases, the last one taking the rest', () => {
  const fuzz: Phase = { name: 'positive', operationId: 'op', kind: 'fuzz', description: 'valid', arbitrary: fc.constant({ skip: 'x' }) };
  expect(splitBudget(fuzz, 400).map((p) => [p.name, p.kind === 'fuzz' && p.runs, p.description])).toEqual([['positive', 400, 'valid']]);
  expect(splitBudget(fuzz, FUZZ_PART_RUNS).map((p) => p.name)).toEqual(['positive']);
  expect(splitBudget(fuzz, 1201).map((p) => [p.name, p.kind === 'fuzz' && p.runs, p.description])).toEqual([
    ['positive#1', 500, 'valid (part 1 of 3)'], ['positive#2', 500, 'valid (part 2 of 3)'], ['positive#3', 201, 'valid (part 3 of 3)'],
  ]);
  const list: Phase = { name: 'examples', operationId: 'op', kind: 'list', description: 'd', cases: [] };
  expect(splitBudget(list, 5000)).toEqual([list]);
});

test('the auth phase tries every unusable credential, and a lower-case scheme that must work', () => {
  const variants = authVariants('omi_dev_unknown');
  expect(variants.map((v) => [v.label, v.expectation])).toEqual([
    ['no Authorization header', 'reject-auth'], ['empty bearer token', 'reject-auth'], ['valid credential under the Basic scheme', 'reject-auth'],
    ['valid credential under the Token scheme', 'reject-auth'], ['unknown well-formed token', 'reject-auth'], ['lowercase bearer scheme', 'accept'],
  ]);
  expect(variants[4].auth).toEqual({ kind: 'unknown-token', scheme: 'Bearer', token: 'omi_dev_unknown' });
  const cases = operationCases('listApiKeys').phases().find((p) => p.name === 'auth')!;
  if (cases.kind !== 'list') throw new Error('auth is a list');
  expect(cases.cases.map((c) => c.auth.kind)).toEqual(['none', 'empty', 'credential', 'credential', 'unknown-token', 'credential']);
  expect(cases.cases.every((c) => c.phase === 'auth' && c.operationId === 'listApiKeys' && c.method === 'GET')).toBe(true);
});

test('transport cases are all derived from one valid body, each broken below the schema in its own way', () => {
  const body = { name: 'n', scopes: ['a', 'b'] };
  const cases = transportNegatives(body, 'application/json');
  expect(cases.map((c) => [c.label, c.kind, c.body.kind === 'raw' ? c.body.contentType : undefined])).toEqual([
    ['malformed JSON: truncated', 'malformed-json', 'application/json'],
    ['malformed JSON: trailing comma', 'malformed-json', 'application/json'],
    ['malformed JSON: single quotes', 'malformed-json', 'application/json'],
    ['malformed JSON: unterminated string', 'malformed-json', 'application/json'],
    ['malformed JSON: NaN literal', 'malformed-json', 'application/json'],
    ['malformed JSON: two documents', 'malformed-json', 'application/json'],
    ['empty body', 'empty-body', 'application/json'],
    ['Content-Type text/plain', 'media-type', 'text/plain'],
    ['Content-Type application/xml', 'media-type', 'application/xml'],
    ['Content-Type form', 'media-type', 'application/x-www-form-urlencoded'],
    ['no Content-Type', 'no-content-type', undefined],
  ]);
  const text = (label: string) => { const c = cases.find((x) => x.label === label)!; return c.body.kind === 'raw' ? c.body.text : ''; };
  expect(text('malformed JSON: truncated')).toBe('{"name":"n","scopes":["a","b"]');
  expect(text('malformed JSON: trailing comma')).toBe('{"name":"n","scopes":["a","b"],}');
  expect(text('malformed JSON: single quotes')).toBe("{'name':'n','scopes':['a','b']}");
  expect(text('malformed JSON: unterminated string')).toBe('{"name":"n","scopes":["a","b');
  expect(text('malformed JSON: NaN literal')).toBe('{"name":NaN,"scopes":["a","b"]}');
  expect(text('malformed JSON: two documents')).toBe('{"name":"n","scopes":["a","b"]}{"name":"n","scopes":["a","b"]}');
  expect(text('empty body')).toBe('');
  expect(text('Content-Type text/plain')).toBe(JSON.stringify(body));
  expect(text('Content-Type application/xml')).toBe('<request><name>n</name><scopes>a</scopes><scopes>b</scopes></request>');
  expect(text('Content-Type form')).toBe('name=n&scopes=a&scopes=b');
  expect(text('no Content-Type')).toBe(JSON.stringify(body));
  // Markup in values is escaped; a text that happens to parse as JSON is not "malformed".
  const xml = transportNegatives({ name: '<a>&</a>' }, 'application/json').find((c) => c.kind === 'media-type' && c.body.kind === 'raw' && c.body.contentType === 'application/xml')!;
  expect(xml.body.kind === 'raw' && xml.body.text).toBe('<request><name>&lt;a&gt;&amp;&lt;/a&gt;</name></request>');
  expect(transportNegatives(5, 'application/json').filter((c) => c.kind === 'malformed-json').map((c) => c.label)).toEqual(['malformed JSON: truncated', 'malformed JSON: unterminated string']);
  const form = transportNegatives([1, 2], 'application/json').find((c) => c.label === 'Content-Type form')!;
  expect(form.body.kind === 'raw' && form.body.text).toBe('value=%5B1%2C2%5D');
  const nested = transportNegatives({ n: 1, o: { a: 1 } }, 'application/json').find((c) => c.label === 'Content-Type form')!;
  expect(nested.body.kind === 'raw' && nested.body.text).toBe('n=1&o=%7B%22a%22%3A1%7D');
});

test('path values are percent-encoded into one segment each', () => {
  expect(renderPath('/v1/{a}/x/{b}', { a: 'a/b', b: 'é ?' })).toBe('/v1/a%2Fb/x/%C3%A9%20%3F');
  expect(renderPath('/v1/{a}', {})).toBe('/v1/');
});

test('the examples phase starts from the documented example and varies one enum at a time', () => {
  const examples = operationCases('createApiKey').phases().find((p) => p.name === 'examples')!;
  if (examples.kind !== 'list') throw new Error('examples is a list');
  expect(examples.cases[0].label).toBe('documented example 1');
  expect(examples.cases.slice(1, 3).map((c) => c.label)).toEqual(['scopes = ["conversations:read"]', 'scopes = ["conversations:write"]']);
  expect(examples.cases.slice(-2).map((c) => c.label)).toEqual(['scopes = every enum value', 'scopes = []']);
  expect(examples.cases.every((c) => c.expectation === 'accept' && c.phase === 'examples')).toBe(true);
  const list = operationCases('listApiKeys').phases().find((p) => p.name === 'examples')!;
  expect(list.kind === 'list' && list.cases.map((c) => [c.label, c.body.kind])).toEqual([['documented call', 'none']]);
});

test('a random case is labelled with a short preview of what it sends', () => {
  const positive = operationCases('createApiKey').phases().find((p) => p.name === 'positive')!;
  if (positive.kind !== 'fuzz') throw new Error('positive is random');
  const labels = fc.sample(positive.arbitrary, { seed: 3, numRuns: 300 }).map((d) => ('case' in d ? d.case.label : d.skip));
  expect(labels.every((l) => l.startsWith('valid request {'))).toBe(true);
  expect(Math.max(...labels.map((l) => l.length))).toBeLessThanOrEqual('valid request '.length + 61);
  expect(labels.some((l) => l.endsWith('…'))).toBe(true);
  const revoke = operationCases('revokeApiKey').phases().find((p) => p.name === 'positive')!;
  if (revoke.kind !== 'fuzz') throw new Error('positive is random');
  const draws = fc.sample(revoke.arbitrary, { seed: 3, numRuns: 300 });
  expect(draws.filter((d) => 'skip' in d).map((d) => 'skip' in d && d.skip)).toContain('a path parameter that leaves the route');
  expect(draws.some((d) => 'case' in d && d.case.label.startsWith('valid request {"key_id":'))).toBe(true);
});

test('a saved case is named after what it reproduces, written once, and loaded back by operation in name order', () => {
  const dir = path.join(scratch.dir, 'regressions');
  mkdirSync(dir);
  const examples = operationCases('createApiKey').phases().find((p) => p.name === 'examples')!;
  if (examples.kind !== 'list') throw new Error('examples is a list');
  const base = { check: 'not_a_server_error', operationId: 'createApiKey', targetKind: 'live', status: 500 as const, location: '', seed: 1, path: 'createApiKey/examples:0' };
  const name = regressionName({ ...base, case: examples.cases[0] });
  expect(name).toMatch(/^not_a_server_error--createApiKey--documented-example-1--live--[0-9a-f]{8}$/);
  expect(regressionName({ ...base, case: { ...examples.cases[0], label: '!!!' } })).toMatch(/--case--live--/);
  expect(regressionName({ ...base, case: examples.cases[1] })).not.toBe(name);
  const first = saveRegression(dir, { ...base, case: { ...examples.cases[0], source: 'somewhere.json' } });
  expect(first).toEqual({ file: path.join(dir, `${name}.json`), created: true });
  expect(saveRegression(dir, { ...base, case: examples.cases[0] }).created).toBe(false);
  const saved = JSON.parse(readFileSync(first.file, 'utf8'));
  expect(saved.name).toBe(name);
  expect(saved.case.source).toBeUndefined();
  saveRegression(dir, { ...base, case: examples.cases[1] });
  writeFileSync(path.join(dir, 'notes.txt'), 'not a case');
  const loaded = loadRegressions(dir);
  expect([...loaded.keys()]).toEqual(['createApiKey']);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  expect(loaded.get('createApiKey')!.map((r) => r.case.source)).toEqual(files.map((f) => path.relative(process.cwd(), path.join(dir, f))));
  expect(loadRegressions(path.join(scratch.dir, 'none')).size).toBe(0);
  writeFileSync(path.join(dir, 'broken.json'), '{');
  expect(() => loadRegressions(dir)).toThrow(/broken\.json is not valid JSON/);
  writeFileSync(path.join(dir, 'broken.json'), '{"case": {"operationId": "x"}}');
  expect(() => loadRegressions(dir)).toThrow(/broken\.json is not a saved regression case/);
});
