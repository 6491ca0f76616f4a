import { filtersOf } from '../contract/filters';
import { sequenced, updateOf } from '../contract/lifecycle';
import { bodyProperties } from '../contract/prose';
import { requiredScope, scopeValues } from '../contract/scopes';
import type { RunContext } from './context';
import { planOf, type PlannedPhase } from './plan';
import { SEQUENCE_REQUESTS } from './phases/resource-sequences';
import { costOf, planRequests, type RequestPlan } from './state/request-plan';

/** What a scenario, the sequences or the probes are estimated to send: every step once, each list one page. */
function estimate(ctx: RunContext, phase: PlannedPhase): number {
  const { contract } = ctx;
  const resources = ctx.scenarioResources();
  if (phase.kind === 'scenario' && phase.resource) {
    const r = phase.resource;
    const filters = r.lister ? filtersOf(contract, r.lister).length : 0;
    const update = updateOf(r);
    const fields = update ? Object.keys(bodyProperties(contract, update)).length : 0;
    return 12 + 2 * filters + 4 * fields + 3 * (r.producers.length - 1);
  }
  if (phase.kind === 'sequences') return ctx.config.sequenceRuns * SEQUENCE_REQUESTS * resources.filter((r) => sequenced(contract, r)).length;
  if (phase.kind === 'scopes') {
    const scoped = contract.operations.filter((op) => requiredScope(contract, op) !== undefined).length;
    return (scopeValues(contract).length + 2) * (3 + resources.length + 3 * scoped);
  }
  if (phase.kind === 'accounts') return 4 + 4 * resources.reduce((n, r) => n + 2 + r.consumers.length * 3, 0);
  return 0;
}

/** The run's time, in seconds: its time budget (live targets), or no bound. */
export const runSeconds = (ctx: RunContext) => (ctx.config.timeBudgetMs === undefined ? Number.POSITIVE_INFINITY : ctx.config.timeBudgetMs / 1000);

/** Requests a second the run can send: the least of each credential's rate and what the latency allows with the requests in flight. */
export function sendRate(ctx: RunContext, pace: { latencyMs: number; learnedRate?: number }): number {
  const rate = Math.min(ctx.config.requestsPerSecond ?? Number.POSITIVE_INFINITY, pace.learnedRate ?? Number.POSITIVE_INFINITY);
  return Math.min(rate, pace.latencyMs > 0 ? (ctx.config.concurrency * 1000) / pace.latencyMs : Number.POSITIVE_INFINITY);
}

/** The share of a phase's requests that may make a resource: all of a create's, a few of a scenario's or the probes'. */
function createShare(ctx: RunContext, phase: PlannedPhase): number {
  if (phase.operationId !== undefined) return ctx.resources.some((r) => r.producers.some((op) => op.id === phase.operationId)) ? 1 : 0;
  return phase.kind === 'sequences' ? 1 / 4 : 1 / 8;
}

/**
 * The run's request plan (src/engine/state/request-plan.ts): its budget is the time budget at the
 * rate each credential may send (OMI_RATE_LIMIT, or what the target's headers taught) and at what
 * the latency it shows allows with the requests in flight; Infinity on a target that limits neither.
 */
export function planRunRequests(ctx: RunContext, pace: { latencyMs: number; learnedRate?: number; budget?: number }): RequestPlan {
  const { config } = ctx;
  const budget = pace.budget ?? Math.floor(runSeconds(ctx) * sendRate(ctx, pace));
  const phases = planOf(ctx).filter((p) => !p.skipReason).map((p) => {
    const operation = p.operationId === undefined ? undefined : ctx.phasesOf(p.operationId).find((op) => `${op.operationId}/${op.name}` === p.key);
    const regression = p.kind === 'regressions' ? ctx.regressionPhases.find((r) => r.operationId === p.operationId) : undefined;
    const phase = operation ?? regression;
    return costOf(p, { cases: phase?.kind === 'list' ? phase.cases.length : undefined, runs: phase?.kind === 'fuzz' ? phase.runs : undefined, estimate: estimate(ctx, p), creates: createShare(ctx, p) });
  });
  const maxCreated = ctx.isLive ? config.maxKeys * ctx.resources.length : 0;
  return planRequests({ phases, budget: Number.isFinite(budget) ? budget : Number.POSITIVE_INFINITY, maxCreated });
}
