import { expect, test } from 'vitest';
import { caseOf } from '../../../src/model/case';
import { familyFirst } from '../../../src/engine/phases/run-phase';
import { costOf, planRequests, type PhaseCost } from '../../../src/engine/state/request-plan';

const fixed = (key: string, requests: number, tier: number, creates = 0): PhaseCost => ({ key, requests, deepens: false, tier, creates });
const random = (key: string, requests: number, creates = 0): PhaseCost => ({ key, requests, deepens: true, tier: 4, creates });

const PHASES = [
  fixed('a/examples', 2, 0),
  fixed('a/breaks', 20, 2),
  fixed('scenario', 30, 1),
  fixed('probes', 40, 3),
  random('a/positive', 100),
  random('b/positive', 100),
];

test('without a bound every phase is given all it plans, and nothing is kept for cleanup', () => {
  const plan = planRequests({ phases: PHASES, budget: Number.POSITIVE_INFINITY, maxCreated: 50 });
  expect(Object.fromEntries(plan.allowed)).toEqual({ 'a/examples': 2, 'a/breaks': 20, scenario: 30, probes: 40, 'a/positive': 100, 'b/positive': 100 });
  expect({ cut: plan.cut, cleanup: plan.cleanup, tooSmall: plan.tooSmall, onceOver: plan.onceOver }).toEqual({ cut: [], cleanup: 0, tooSmall: undefined, onceOver: 92 });
});

test('the contract is covered once first, and what is left is shared evenly among the random phases', () => {
  const plan = planRequests({ phases: PHASES, budget: 132, maxCreated: 0 });
  expect(Object.fromEntries(plan.allowed)).toEqual({ 'a/examples': 2, 'a/breaks': 20, scenario: 30, probes: 40, 'a/positive': 20, 'b/positive': 20 });
  expect(plan.cut).toEqual([{ key: 'a/positive', planned: 100, allowed: 20 }, { key: 'b/positive', planned: 100, allowed: 20 }]);
  expect(plan.tooSmall).toBeUndefined();
});

test('a random phase that wants less than its share leaves the rest to the others', () => {
  const plan = planRequests({ phases: [random('small', 5), random('big', 100)], budget: 60, maxCreated: 0 });
  expect(Object.fromEntries(plan.allowed)).toEqual({ small: 5, big: 55 });
});

test('a budget below one pass serves examples, then scenarios, then the other fixed cases, then the probes, and says so', () => {
  const plan = planRequests({ phases: PHASES, budget: 50, maxCreated: 0 });
  expect(Object.fromEntries(plan.allowed)).toEqual({ 'a/examples': 2, scenario: 30, 'a/breaks': 18, probes: 0, 'a/positive': 0, 'b/positive': 0 });
  expect(plan.tooSmall).toMatch(/about 50 requests .* about 92 .* 2 phase\(s\) will be cut.*a\/breaks, probes/);
});

test('cleanup keeps a delete for each resource the allowed creates may make, at most the run may make and half the budget', () => {
  const creating = [fixed('create/examples', 10, 0, 1), random('create/positive', 100, 1)];
  expect(planRequests({ phases: creating, budget: 1000, maxCreated: 30 }).cleanup).toBe(30);
  expect(planRequests({ phases: creating, budget: 1000, maxCreated: 500 }).cleanup).toBe(110);
  expect(planRequests({ phases: creating, budget: 16, maxCreated: 500 }).cleanup).toBe(8);
  const kept = planRequests({ phases: creating, budget: 60, maxCreated: 500 });
  expect(kept.cleanup + [...kept.allowed.values()].reduce((n, a) => n + a, 0)).toBeLessThanOrEqual(60);
});

test('the same inputs give the same plan', () => {
  const inputs = { phases: PHASES, budget: 77, maxCreated: 3 };
  expect(planRequests(inputs)).toEqual(planRequests(inputs));
});

test('a phase costs its cases, its runs, or its estimate, in the tier of what it is; a fixed list one of each kind first', () => {
  const sizes = { cases: 7, kinds: 3, runs: 50, estimate: 33, creates: 0 };
  const cost = (kind: string, name: string, random = false, more: Partial<typeof sizes> = {}) => costOf({ key: 'k', kind, name, random }, { ...sizes, ...more }).map((c) => [c.key, c.requests, c.tier, c.deepens]);
  expect(cost('operation', 'examples')).toEqual([['k', 7, 0, false]]);
  expect(cost('scenario', 'scenario', false, { cases: undefined })).toEqual([['k', 33, 1, false]]);
  expect(cost('operation', 'breaks')).toEqual([['k', 3, 2, false], ['k#more', 4, 3, false]]);
  expect(cost('scopes', 'scopes', false, { cases: undefined })).toEqual([['k', 33, 2, false]]);
  expect(cost('operation', 'positive', true)).toEqual([['k', 50, 4, true]]);
  expect(cost('sequences', 'sequences', true)).toEqual([['k', 33, 4, true]]);
});

test('every kind of every fixed phase, and the probes, come before any second case of a kind; the plan names each phase once', () => {
  const phases = [
    ...costOf({ key: 'a/breaks', kind: 'operation', name: 'breaks', random: false }, { cases: 10, kinds: 4, estimate: 0, creates: 0 }),
    ...costOf({ key: 'b/breaks', kind: 'operation', name: 'breaks', random: false }, { cases: 6, kinds: 2, estimate: 0, creates: 0 }),
    ...costOf({ key: 'scopes', kind: 'scopes', name: 'scopes', random: false }, { estimate: 20, creates: 0 }),
  ];
  const plan = planRequests({ phases, budget: 30, maxCreated: 0 });
  expect(Object.fromEntries(plan.allowed)).toEqual({ 'a/breaks': 6, 'b/breaks': 4, scopes: 20 });
  expect(plan.cut).toEqual([{ key: 'a/breaks', planned: 10, allowed: 6 }, { key: 'b/breaks', planned: 6, allowed: 4 }]);
});

test('a list phase cut by the budget sends each kind of case once before any kind twice, in its own order', () => {
  const op = { id: 'op', method: 'GET' };
  const cases = [caseOf(op, 'p', 'x', { rule: 'a' }), caseOf(op, 'p', 'y', { rule: 'a' }), caseOf(op, 'p', 'b'), caseOf(op, 'p', 'z', { rule: 'c' }), caseOf(op, 'p', 'w', { rule: 'c' })];
  expect(familyFirst(cases, 3)).toEqual([0, 2, 3]);
  expect(familyFirst(cases, 4)).toEqual([0, 1, 2, 3]);
  expect(familyFirst(cases)).toEqual([0, 1, 2, 3, 4]);
  expect(familyFirst(cases, 0)).toEqual([]);
});

test('a tier of covering the contract once that the budget cannot cover is shared in proportion to what each part needs', () => {
  const phases = [fixed('probes', 400, 2), fixed('a/breaks', 4, 2), fixed('b/breaks', 6, 2)];
  const plan = planRequests({ phases, budget: 205, maxCreated: 0 });
  expect(Object.fromEntries(plan.allowed)).toEqual({ probes: 200, 'a/breaks': 2, 'b/breaks': 3 });
  // The random phases share what is left evenly, whatever each wants.
  expect(Object.fromEntries(planRequests({ phases: [random('a', 400), random('b', 100)], budget: 100, maxCreated: 0 }).allowed)).toEqual({ a: 50, b: 50 });
});
