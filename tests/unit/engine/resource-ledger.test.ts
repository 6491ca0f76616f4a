import { expect, test } from 'vitest';
import { ResourceLedger } from '../../../src/engine/state/resource-ledger';
import { RunJournal } from '../../../src/engine/state/run-journal';

const MEMORIES = '/v1/dev/user/memories';

test('a delete answered with success counts only when it is the owner\'s own and the contract expects it to succeed', () => {
  const ledger = new ResourceLedger(new RunJournal(undefined));
  ledger.record(MEMORIES, ['m1', 'm2', 'm3'], 1);
  ledger.record(MEMORIES, ['o1'], 2, 'other');
  ledger.answeredDeleted(MEMORIES, 'm1', { expected: true });
  ledger.answeredDeleted(MEMORIES, 'o1', { account: 'other', expected: true });
  // Another account's delete, and one the contract expects refused: answered, not proven.
  ledger.answeredDeleted(MEMORIES, 'm2', { account: 'other', expected: true });
  ledger.answeredDeleted(MEMORIES, 'm3', { expected: false });
  // An id this worker did not make, in this collection or another.
  ledger.answeredDeleted(MEMORIES, 'x9', { expected: true });
  ledger.answeredDeleted('/v1/dev/keys', 'm3', { expected: true });
  expect(['m1', 'o1', 'm2', 'm3', 'x9'].map((id) => ledger.isDeleted(MEMORIES, id))).toEqual([true, true, false, false, false]);
  expect(['m1', 'o1', 'm2', 'm3', 'x9'].map((id) => ledger.wasAnsweredDeleted(MEMORIES, id))).toEqual([false, false, true, true, true]);
  expect(ledger.isDeleted('/v1/dev/keys', 'm3')).toBe(false);
  expect(ledger.undeleted().map((r) => r.id)).toEqual(['m2', 'm3']);
});

test('what the run created is known across workers through the journal, by collection', () => {
  const journal = new RunJournal(undefined);
  const first = new ResourceLedger(journal);
  first.record(MEMORIES, ['m1', 'm1'], 1);
  const next = new ResourceLedger(journal);
  expect([next.createdByRun(MEMORIES, 'm1'), next.createdByRun(MEMORIES, 'm2'), next.createdByRun('/v1/dev/keys', 'm1')]).toEqual([true, false, false]);
  expect(journal.resourceIds(MEMORIES)).toHaveLength(2);
  // Each worker deletes only its own creations, each once.
  expect(next.undeleted()).toEqual([]);
  expect(first.undeleted().map((r) => r.id)).toEqual(['m1']);
});
