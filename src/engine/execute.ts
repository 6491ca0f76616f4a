import { caseOf } from '../model/case';
import { phaseResult, type PhaseOutcome, type PhaseResult } from '../model/outcome';
import type { RunContext } from './context';
import type { Judge } from './judge';
import type { PlannedPhase } from './plan';
import { reportKey, toViolation } from './phases/run-phase';

/**
 * Runs one phase of the plan with a judge of its own, and makes its outcome: what it found, each
 * check's tally, and what its requests exercised. A target that stopped answering before the phase
 * started is reported here, once, as a target_responds violation.
 */
export async function runPlanned(ctx: RunContext, phase: PlannedPhase): Promise<PhaseOutcome> {
  const judge = ctx.newJudge();
  ctx.coverage = {};
  const result = ctx.target.broken ? reportBroken(ctx, phase, judge) : await phase.run(ctx, judge);
  if (ctx.target.interrupted) result.aborted ??= ctx.target.interrupted;
  ctx.journal.requestsSent = ctx.target.sent;
  if (ctx.target.broken) ctx.journal.markBroken(ctx.redactor.redact(ctx.target.broken.failure?.message ?? 'no answer'));
  ctx.journal.save();
  const coverage = ctx.coverage;
  ctx.coverage = {};
  return { ...result, seed: ctx.config.seed, tallies: Object.fromEntries(judge.tallies), notChecked: ctx.notChecked, coverage };
}

/** The request that found the target not answering (at start, or while shrinking), reported by the next phase. */
function reportBroken(ctx: RunContext, phase: PlannedPhase, judge: Judge): PhaseResult {
  const exchange = ctx.target.broken!;
  const result = { ...phaseResult({ key: phase.key, phase: phase.name, operationId: phase.operationId, resource: phase.resource?.name, description: phase.title }), aborted: `the target stopped answering: ${exchange.failure?.message}` };
  const lister = ctx.roles.list ?? ctx.resources.find((r) => r.lister)?.lister ?? ctx.contract.operations[0];
  const testCase = caseOf(lister, 'setup', 'the request that got no answer');
  const finding = judge.findings(lister, testCase, exchange).find((f) => f.check.name === 'target_responds');
  if (finding && ctx.journal.firstReport(reportKey(finding))) {
    result.violations.push(toViolation(finding, result, { index: '0', testCase, exchange, shrunk: false }, ctx.config.seed, (v) => ctx.redactor.redactValue(v), exchange.sequence, ctx.config));
  }
  return result;
}
