import { expect, test } from 'vitest';
import type { JudgedFinding } from '../../../src/engine/judge';
import { reportedHere } from '../../../src/engine/phases/run-phase';
import type { PhaseResult } from '../../../src/model/outcome';
import { consoleSummaryOf, failureMessageOf } from '../../../src/report/violation';

// A violation is reported once per run, by the first test that meets it; a later test that meets it
// again fails too and names it in one line.

const judged = (identity: string, extra: Partial<JudgedFinding> = {}) => ({ check: { name: 'c', reason: 'r' }, finding: { message: 'm', received: 'r', documented: 'd', location: 'l' }, identity, ...extra }) as JudgedFinding;
const fresh = (): PhaseResult => ({ key: 'op/p', operationId: 'op', phase: 'p', description: '', sent: 0, skipped: 0, violations: [], allowed: [], known: [] });

test('the first test to meet a violation reports it; a later one notes it once, and excused findings are not noted', () => {
  const seen = new Set<string>();
  const firstReport = (key: string) => !seen.has(key) && !!seen.add(key);
  const first = fresh();
  expect(reportedHere(first, judged('a'), firstReport)).toBe(true);
  expect(first.repeated).toBeUndefined();
  const later = fresh();
  expect(reportedHere(later, judged('a'), firstReport)).toBe(false);
  expect(reportedHere(later, judged('a'), firstReport)).toBe(false);
  expect(later.repeated).toEqual(['a']);
  // Allowed and known findings are excused: met again, they fail nothing.
  expect(reportedHere(later, judged('b', { allowance: { id: 'x', reason: 'y' } as never }), firstReport)).toBe(true);
  expect(reportedHere(later, judged('b', { allowance: { id: 'x', reason: 'y' } as never }), firstReport)).toBe(false);
  expect(reportedHere(later, judged('k', { known: { reason: 'accepted' } }), firstReport)).toBe(true);
  expect(reportedHere(later, judged('k', { known: { reason: 'accepted' } }), firstReport)).toBe(false);
  expect(later.repeated).toEqual(['a']);
  // Met twice in the same test, it is that test's own violation, not a repeat.
  const own = { ...fresh(), violations: [{ identity: 'c' } as never] };
  expect(reportedHere(own, judged('c'), () => false)).toBe(false);
  expect(own.repeated).toBeUndefined();
});

test('a repeat is named in one line after the blocks', () => {
  expect(consoleSummaryOf([], ['op | c | 403 | l', 'op2 | c | 403 | l'])).toBe('✗ seen again here (first reported, with its evidence, by an earlier test): op · c · 403 · l\n✗ seen again here (first reported, with its evidence, by an earlier test): op2 · c · 403 · l');
  expect(consoleSummaryOf([])).toBe('');
});

test('a failed test\'s first line names every finding, the check as its type when there is one', () => {
  const v = (check: string, operationId: string, status?: number) => ({ check, operationId, status, message: 'm', received: 'r', documented: 'd', location: 'l', phase: 'p', caseLabel: 'c', seed: 1, replayPath: 'x/p:0', targetEnv: '', testCase: {} }) as never;
  const one = failureMessageOf([v('page_exact', 'listMemories', 200)]);
  expect(one.split('\n')[0]).toBe('page_exact: page_exact on listMemories (200)');
  expect(one).toContain('✗ page_exact · listMemories · p');
  expect(failureMessageOf([v('a_check', 'op1', 403), v('b_check', 'op2')], ['op3 | a_check | 403 | l']).split('\n')[0]).toBe('violations: a_check on op1 (403); b_check on op2 (no response); a_check on op3 (seen again)');
});
