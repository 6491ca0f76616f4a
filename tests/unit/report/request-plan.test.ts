import { expect, test } from 'vitest';
import { planLines } from '../../../src/report/request-plan';
import { formatSummary, summarize } from '../../../src/report/summary';

const stats = (key: string, sent: number, more: Record<string, unknown> = {}) => ({ key, phase: key.split('/')[1], seed: 1, sent, skipped: 0, violations: 0, known: 0, allowed: 0, allowances: [], coverage: {}, tallies: {}, repeated: [], notChecked: [], ...more }) as never;
const plan = { budget: 1500, cleanup: 150, onceOver: 1210, timeBudgetSeconds: 900, requestsPerSecond: 100 / 60, latencyMs: 42 };

test('a live run\'s summary says what its budget buys, and per operation what it sent and what the budget cut', () => {
  const phases = [
    stats('createMemory/examples', 2, { operationId: 'createMemory' }),
    stats('createMemory/positive', 12, { operationId: 'createMemory', budgetCut: { planned: 400, allowed: 12 } }),
    stats('listMemories/breaks', 30, { operationId: 'listMemories' }),
    stats('resources/sequences', 0, { budgetCut: { planned: 25, allowed: 0 } }),
  ];
  expect(planLines(plan, phases)).toEqual([
    'Request plan: about 1,500 requests in OMI_TIME_BUDGET_S=900 at 100 requests a minute (latency 42 ms): 150 kept for cleanup, 1,210 to cover the contract once, the rest shared by the random phases and sequences.',
    '  2 of 3 cut by the budget (allowed of planned):',
    '  createMemory: 14 sent; cut: positive 12 of 400',
    '  listMemories: 30 sent',
    '  resources/sequences: 0 sent; cut: sequences 0 of 25',
  ]);
  expect(planLines({ ...plan, requestsPerSecond: 20 }, [phases[2]])).toEqual([expect.stringContaining('at 20.0 requests a second'), '  Nothing was cut: every phase sent all it planned.', '  listMemories: 30 sent']);
});

test('the plan is in the summary of a run that had one, and only then', () => {
  const summary = summarize([], []);
  expect(formatSummary(summary)).not.toContain('Request plan');
  expect(formatSummary({ ...summary, plan })).toContain('Request plan: about 1,500 requests');
});
