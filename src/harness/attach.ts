import type { TestInfo } from '@playwright/test';
import type { PhaseOutcome, PhaseStats } from '../model/outcome';
import { reportBlock } from '../report/violation';

/** The attachments the summary reporter reads: counts, and the (redacted) violations for the tools. */
export const PHASE_STATS_ATTACHMENT = 'omi-gate-phase.json';
export const PHASE_VIOLATIONS_ATTACHMENT = 'omi-gate-violations.json';


/** Evidence goes to the test (HTML report), already redacted; the console gets the short blocks. */
export async function attachOutcome(testInfo: TestInfo, outcome: PhaseOutcome): Promise<void> {
  const stats: PhaseStats = {
    key: outcome.key,
    phase: outcome.phase,
    operationId: outcome.operationId,
    seed: outcome.seed,
    sent: outcome.sent,
    skipped: outcome.skipped,
    violations: outcome.violations.length,
    allowed: outcome.allowed.length,
    known: outcome.known.length,
    aborted: outcome.aborted,
    limited: outcome.limited,
    budgetCut: outcome.budgetCut,
    tallies: outcome.tallies,
    notChecked: outcome.notChecked,
    allowances: outcome.allowed.map((v) => v.allowance!),
    coverage: outcome.coverage,
    repeated: outcome.repeated ?? [],
    notJudged: outcome.notJudged,
  };
  // Indented: a reader who opens them in the HTML report can read them.
  await testInfo.attach(PHASE_STATS_ATTACHMENT, { body: JSON.stringify(stats, null, 2), contentType: 'application/json' });
  await testInfo.attach(PHASE_VIOLATIONS_ATTACHMENT, { body: JSON.stringify([...outcome.violations, ...outcome.known], null, 2), contentType: 'application/json' });
  // Attached as text with its charset: the HTML report shows each block inline and readable, served
  // by show-report or opened from file:// (the console reporter prints no attachment).
  const evidence = [
    ...outcome.violations.map((v, i) => ({ name: `violation-${i + 1}-${v.check}`, v })),
    ...outcome.known.map((v, i) => ({ name: `known-${i + 1}-${v.check}`, v })),
    ...outcome.allowed.map((v, i) => ({ name: `allowed-${i + 1}-${v.check}`, v })),
  ];
  for (const { name, v } of evidence) await testInfo.attach(name, { body: reportBlock(v), contentType: 'text/plain; charset=utf-8' });
  if (outcome.aborted) testInfo.annotations.push({ type: 'aborted', description: outcome.aborted });
}
