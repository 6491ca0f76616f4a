import { expect, test } from 'vitest';
import { KeyBudget, LIFECYCLE_KEY_RESERVE } from '../../../src/engine/key-budget';
import { RunJournal } from '../../../src/engine/run-journal';
import type { Case } from '../../../src/generate/case';

const create = (expectation: Case['expectation']) => ({ expectation }) as Case;

test('the key budget gives valid creates three quarters of it, keeps one key back, and counts what is in flight', () => {
  const journal = new RunJournal(undefined);
  const budget = new KeyBudget(9, journal);
  // 9 keys, 1 kept back: 8 to spend, 6 of them on valid creates.
  expect(LIFECYCLE_KEY_RESERVE).toBe(1);
  for (let i = 0; i < 6; i++) expect(budget.holdBack(create('accept')), `valid ${i}`).toBeUndefined();
  expect(budget.holdBack(create('accept'))).toMatch(/key budget is spent \(OMI_MAX_KEYS=9: three quarters for valid creates, 1 kept for the lifecycle\)/);
  expect(journal.validCreates).toBe(6);
  // Six in flight count against the whole budget too: two more invalid creates may go.
  expect(budget.holdBack(create('reject-input'))).toBeUndefined();
  for (let i = 0; i < 6; i++) budget.answered(create('accept'));
  for (let i = 0; i < 6; i++) journal.recordKey(`k${i}`, '');
  expect(budget.holdBack(create('reject-input'))).toBeUndefined();
  journal.recordKey('k6', '');
  journal.recordKey('k7', '');
  expect(budget.holdBack(create('reject-input'))).toMatch(/key budget is spent/);
});

test('a budget of two still lets one valid create go; a budget of one lets none', () => {
  const two = new KeyBudget(2, new RunJournal(undefined));
  expect(two.holdBack(create('accept'))).toBeUndefined();
  expect(two.holdBack(create('accept'))).toMatch(/spent/);
  const one = new KeyBudget(1, new RunJournal(undefined));
  expect(one.holdBack(create('accept'))).toMatch(/spent/);
  expect(one.holdBack(create('reject-input'))).toMatch(/spent/);
});

test('an answered invalid create does not free a valid one in flight', () => {
  const journal = new RunJournal(undefined);
  const budget = new KeyBudget(3, journal);
  expect(budget.holdBack(create('accept'))).toBeUndefined();
  // limit 2: one valid in flight, no key yet; an invalid one may go.
  expect(budget.holdBack(create('reject-input'))).toBeUndefined();
  budget.answered(create('reject-input'));
  journal.recordKey('x', '');
  expect(budget.holdBack(create('reject-input'))).toMatch(/spent/);
  budget.answered(create('accept'));
  budget.answered(create('accept'));
  expect(budget.holdBack(create('reject-input'))).toBeUndefined();
});

test('an invalid create that may go is not counted as a valid one', () => {
  const journal = new RunJournal(undefined);
  const budget = new KeyBudget(5, journal);
  expect(budget.holdBack(create('reject-input'))).toBeUndefined();
  expect(budget.holdBack(create('reject-auth'))).toBeUndefined();
  expect(journal.validCreates).toBe(0);
  // limit 4, valid creates 3: all three still go, none was used up by the invalid ones.
  for (let i = 0; i < 3; i++) expect(budget.holdBack(create('accept')), `valid ${i}`).toBeUndefined();
  expect(journal.validCreates).toBe(3);
});

test('an answer with no valid create in flight frees nothing', () => {
  const journal = new RunJournal(undefined);
  const budget = new KeyBudget(3, journal);
  // Answers the budget never let go (a replayed run's, say) must not make room for more.
  budget.answered(create('accept'));
  budget.answered(create('accept'));
  journal.recordKey('a', '');
  journal.recordKey('b', '');
  expect(budget.holdBack(create('reject-input'))).toMatch(/spent/);
});
