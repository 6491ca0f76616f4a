import { expect, test } from 'vitest';
import type { Resource } from '../../../src/contract/resources';
import { CreationBudget } from '../../../src/engine/state/creation-budget';
import { RunJournal } from '../../../src/engine/state/run-journal';
import type { Case } from '../../../src/model/case';

const create = (expectation: Case['expectation']) => ({ expectation }) as Case;
const keys = { collection: '/v1/dev/keys', name: 'keys' } as Resource;
const memories = { collection: '/v1/dev/user/memories', name: 'memories' } as Resource;
const budgetOf = (maxEach: number, journal: RunJournal, reserve = 1) => new CreationBudget(maxEach, journal, () => reserve);
const made = (journal: RunJournal, resource: Resource, ...ids: string[]) => ids.forEach((id) => journal.recordResource(resource.collection, id));

test('a budget gives valid creates three quarters of it, keeps the reserve back, and counts what is in flight', () => {
  const journal = new RunJournal(undefined);
  const budget = budgetOf(9, journal);
  // 9 keys, 1 kept back: 8 to spend, 6 of them on valid creates.
  for (let i = 0; i < 6; i++) expect(budget.holdBack(create('accept'), keys), `valid ${i}`).toBeUndefined();
  expect(budget.holdBack(create('accept'), keys)).toBe('the budget for keys is spent (OMI_MAX_KEYS=9 of each resource: three quarters for valid creates, 1 kept for the scenarios and probes)');
  expect(journal.validCreates(keys.collection)).toBe(6);
  // Six in flight count against the whole budget too: two more invalid creates may go.
  expect(budget.holdBack(create('reject-input'), keys)).toBeUndefined();
  for (let i = 0; i < 6; i++) budget.answered(create('accept'), keys);
  made(journal, keys, 'k0', 'k1', 'k2', 'k3', 'k4', 'k5');
  expect(budget.holdBack(create('reject-input'), keys)).toBeUndefined();
  made(journal, keys, 'k6', 'k7');
  expect(budget.holdBack(create('reject-input'), keys)).toMatch(/budget for keys is spent/);
});

test('each resource has a budget of its own', () => {
  const journal = new RunJournal(undefined);
  const budget = budgetOf(3, journal, 0);
  made(journal, keys, 'a', 'b', 'c');
  expect(budget.holdBack(create('reject-input'), keys)).toMatch(/budget for keys is spent/);
  expect(budget.holdBack(create('accept'), memories)).toBeUndefined();
  expect(journal.validCreates(memories.collection)).toBe(1);
  expect(journal.validCreates(keys.collection)).toBe(0);
  expect(budget.left(keys)).toBe(0);
  expect(budget.left(memories)).toBe(3);
  expect(budget.left(memories, 2)).toBe(1);
});

test('the reserve is asked per resource', () => {
  const journal = new RunJournal(undefined);
  const budget = new CreationBudget(4, journal, (r) => (r === keys ? 3 : 0));
  // keys: 1 to spend, and one valid create (at least one always goes); memories: 4.
  expect(budget.holdBack(create('accept'), keys)).toBeUndefined();
  expect(budget.holdBack(create('accept'), keys)).toMatch(/3 kept for the scenarios and probes/);
  for (let i = 0; i < 3; i++) expect(budget.holdBack(create('accept'), memories)).toBeUndefined();
  expect(budget.holdBack(create('accept'), memories)).toMatch(/budget for memories is spent .* 0 kept/);
});

test('a budget of two still lets one valid create go; a budget of one lets none', () => {
  const two = budgetOf(2, new RunJournal(undefined));
  expect(two.holdBack(create('accept'), keys)).toBeUndefined();
  expect(two.holdBack(create('accept'), keys)).toMatch(/spent/);
  const one = budgetOf(1, new RunJournal(undefined));
  expect(one.holdBack(create('accept'), keys)).toMatch(/spent/);
  expect(one.holdBack(create('reject-input'), keys)).toMatch(/spent/);
});

test('an answered invalid create does not free a valid one in flight', () => {
  const journal = new RunJournal(undefined);
  const budget = budgetOf(3, journal);
  expect(budget.holdBack(create('accept'), keys)).toBeUndefined();
  // limit 2: one valid in flight, nothing made yet; an invalid one may go.
  expect(budget.holdBack(create('reject-input'), keys)).toBeUndefined();
  budget.answered(create('reject-input'), keys);
  made(journal, keys, 'x');
  expect(budget.holdBack(create('reject-input'), keys)).toMatch(/spent/);
  budget.answered(create('accept'), keys);
  budget.answered(create('accept'), keys);
  expect(budget.holdBack(create('reject-input'), keys)).toBeUndefined();
});

test('an invalid create that may go is not counted as a valid one', () => {
  const journal = new RunJournal(undefined);
  const budget = budgetOf(5, journal);
  expect(budget.holdBack(create('reject-input'), keys)).toBeUndefined();
  expect(budget.holdBack(create('reject-auth'), keys)).toBeUndefined();
  expect(journal.validCreates(keys.collection)).toBe(0);
  // limit 4, valid creates 3: all three still go, none was used up by the invalid ones.
  for (let i = 0; i < 3; i++) expect(budget.holdBack(create('accept'), keys), `valid ${i}`).toBeUndefined();
  expect(journal.validCreates(keys.collection)).toBe(3);
});

test('an answer with no valid create in flight frees nothing', () => {
  const journal = new RunJournal(undefined);
  const budget = budgetOf(3, journal);
  // Answers the budget never let go (a scenario's, say) must not make room for more.
  budget.answered(create('accept'), keys);
  budget.answered(create('accept'), keys);
  made(journal, keys, 'a', 'b');
  expect(budget.holdBack(create('reject-input'), keys)).toMatch(/spent/);
});
