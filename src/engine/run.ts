import type { LeftKey, LeftResource, PhaseOutcome } from '../model/outcome';
import { cleanup } from './state/cleanup';
import type { RunContext } from './context';
import { runPlanned } from './execute';
import { planOf, type PlannedPhase } from './plan';
import { planRunRequests, runSeconds, sendRate } from './request-budget';

export interface GateRun {
  outcomes: PhaseOutcome[];
  notRevoked: LeftKey[];
  notDeleted: LeftResource[];
}

/**
 * Live targets: what exists before the run is remembered first, and is never the run's to change;
 * what those first requests show of the target's latency and rate limit sizes the run's request plan
 * (the first worker's measure is kept in the journal, so every worker plans alike), and the run stops
 * sending in time for cleanup to finish within its time budget.
 */
export async function startRun(ctx: RunContext): Promise<void> {
  if (!ctx.isLive) return;
  const startedAt = ctx.journal.startedAtOr(Date.now());
  const latencies: number[] = [];
  if (!ctx.journal.broken) {
    await ctx.safety.takeSnapshot(async (testCase) => {
      const exchange = await ctx.target.sendRaw(ctx.target.requestFor(testCase));
      if (exchange.response) latencies.push(exchange.elapsedMs);
      return exchange;
    });
  }
  // A worker that replaces a failed one plans as the first did, from what the first measured.
  const earlier = ctx.journal.requestPlan;
  const pace = earlier
    ? { latencyMs: earlier.latencyMs, learnedRate: earlier.requestsPerSecond, budget: earlier.budget }
    : { latencyMs: latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)] ?? 0, learnedRate: ctx.target.learnedRate() };
  const plan = planRunRequests(ctx, pace);
  ctx.requests = plan;
  if (Number.isFinite(plan.budget)) {
    ctx.journal.requestPlan = { budget: plan.budget, cleanup: plan.cleanup, onceOver: plan.onceOver, timeBudgetSeconds: runSeconds(ctx), requestsPerSecond: sendRate(ctx, pace), latencyMs: Math.round(pace.latencyMs) };
  }
  ctx.journal.save();
  // Cleanup's share of the time, as the run goes: a delete of everything it holds (and a look for what
  // each unanswered create made) at the rate it can send, and one request timeout.
  const rate = sendRate(ctx, pace);
  const cleanupMs = () => ((ctx.journal.left().length + ctx.journal.pendingCreates().length) / rate) * 1000 + ctx.config.requestTimeoutMs;
  if (Number.isFinite(runSeconds(ctx))) ctx.target.deadline = { at: startedAt + runSeconds(ctx) * 1000, cleanupMs };
  if (plan.tooSmall && !earlier) process.stdout.write(`Note: ${plan.tooSmall}\n`);
}

/** Deletes everything the run made, whatever happened before: what could not be deleted is returned, to be named. */
export const finishRun = (ctx: RunContext) => cleanup({
  target: ctx.target, resources: ctx.resources, roles: ctx.roles, facts: ctx.facts, journal: ctx.journal,
  resourceLedger: ctx.resourceLedger, secretLedger: ctx.secretLedger, redactor: ctx.redactor, concurrency: ctx.config.concurrency,
  // Three request timeouts of silence: a target that answers again within them is asked again.
  patienceMs: 3 * ctx.config.requestTimeoutMs,
});

/**
 * The whole gate in one call, every phase of the plan in its order (or those `only` keeps), as the
 * Playwright spec runs them: for tools and the project's own tests. A target that stopped answering is reported by the next
 * phase, once; after that nothing runs but cleanup.
 */
export async function runGate(ctx: RunContext, only: (phase: PlannedPhase) => boolean = () => true): Promise<GateRun> {
  const outcomes: PhaseOutcome[] = [];
  try {
    await startRun(ctx);
    for (const phase of planOf(ctx)) {
      if (phase.skipReason || ctx.stoppedReason || !only(phase)) continue;
      outcomes.push(await runPlanned(ctx, phase));
    }
    const left = await finishRun(ctx);
    return { outcomes, notRevoked: left.keys, notDeleted: left.resources };
  } finally {
    await ctx.close();
  }
}
