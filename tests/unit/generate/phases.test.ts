import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Case } from '../../../src/model/case';
import { FUZZ_PART_RUNS, PHASE_ORDER, splitBudget } from '../../../src/generate/phases';
import type { Phase } from '../../../src/model/phase';
import { operationCases } from '../support/contract';
import { fixtureCases, fixtureOracle } from '../support/parameters-contract';

test('each operation has the phases its inputs allow, in order', () => {
  const names = (id: string) => operationCases(id).phases().map((p) => `${p.name}:${p.kind}`);
  expect(names('createApiKey')).toEqual(['examples:list', 'breaks:list', 'spellings:list', 'positive:fuzz', 'negative:fuzz', 'transport:list', 'auth:list']);
  // No body: no negatives or transport; a path parameter still gives random positives.
  expect(names('revokeApiKey')).toEqual(['examples:list', 'positive:fuzz', 'auth:list']);
  expect(names('listApiKeys')).toEqual(['examples:list', 'auth:list']);
  expect(PHASE_ORDER).toEqual(['examples', 'breaks', 'spellings', 'positive', 'negative', 'transport', 'auth']);
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

test('an operation with query or header parameters gets positive and negative phases, a GET list included', () => {
  const names = (id: string) => fixtureCases(id).phases().map((p) => `${p.name}:${p.kind}`);
  expect(names('listThings')).toEqual(['examples:list', 'breaks:list', 'spellings:list', 'positive:fuzz', 'negative:fuzz']);
  expect(names('addThing')).toEqual(['examples:list', 'breaks:list', 'spellings:list', 'positive:fuzz', 'negative:fuzz', 'transport:list']);
  // The fixed cases send the required query parameter, or a server would reject them for its absence.
  const examples = fixtureCases('listThings').phases().find((p) => p.name === 'examples')!;
  expect(examples.kind === 'list' && examples.cases.map((c) => [c.label, c.queryParams?.map(([name]) => name)])).toEqual([['documented call', ['q']]]);
  const positive = fixtureCases('listThings').phases().find((p) => p.name === 'positive')!;
  if (positive.kind !== 'fuzz') throw new Error('positive is random');
  const labels = fc.sample(positive.arbitrary, { seed: 4, numRuns: 200 }).flatMap((d) => ('case' in d ? [d.case.label] : []));
  expect(labels.every((l) => l.startsWith('valid request {"shelf":'))).toBe(true);
  expect(labels.some((l) => l.includes('"q":'))).toBe(true);
});

test('the negatives of an operation with a body and parameters break the body or one parameter, never both', () => {
  const add = fixtureCases('addThing');
  const negative = add.phases().find((p) => p.name === 'negative')!;
  if (negative.kind !== 'fuzz') throw new Error('negative is random');
  const cases = fc.sample(negative.arbitrary, { seed: 6, numRuns: 1000 }).map((d) => ('case' in d ? d.case : undefined)!);
  const notify = (c: Case) => c.queryParams?.filter(([name]) => name === 'notify').map(([, v]) => v);
  const bodyValid = (c: Case) => c.body.kind === 'json' && fixtureOracle.isValid(add.bodyPointer!, c.body.value);
  const bodyBreaks = cases.filter((c) => c.field!.startsWith('/'));
  const parameterBreaks = cases.filter((c) => !c.field!.startsWith('/'));
  expect(new Set(parameterBreaks.map((c) => c.field))).toEqual(new Set(['query:notify', 'path:shelf']));
  expect(bodyBreaks.length).toBeGreaterThan(300);
  expect(parameterBreaks.length).toBeGreaterThan(300);
  expect(bodyBreaks.filter((c) => bodyValid(c) || !['true', 'false'].includes(notify(c)?.join() ?? ''))).toEqual([]);
  expect(parameterBreaks.filter((c) => !bodyValid(c))).toEqual([]);
  expect(cases.every((c) => c.expectation === 'reject-input' && c.phase === 'negative')).toBe(true);
});
