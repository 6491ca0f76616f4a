import { filtersOf } from '../contract/filters';
import { sequenced, updateOf } from '../contract/lifecycle';
import { bodyProperties } from '../contract/prose';
import { requiredScope, scopeValues } from '../contract/scopes';
import type { RunContext } from './context';
import { planOf, type PlannedPhase } from './plan';
import { SEQUENCE_REQUESTS } from './phases/resource-sequences';
import { costOf, planRequests, type RequestPlan } from './state/request-plan';

/**
 * What a scenario, the sequences or the probes are estimated to send: every step once, each list one
 * page (an account with long lists makes them more). Checked against what they sent against the
 * reference server (2026-12-06, whole contract, two accounts): scenarios 23-34 each, sequences 11.5
 * a sequence, scope probes 355, account probes 402.
 */
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
  if (phase.kind === 'sequences') return resources.some((r) => sequenced(contract, r)) ? ctx.config.sequenceRuns * SEQUENCE_REQUESTS : 0;
  // A write the key or the other account is refused is read before and after: three requests; a read, one.
  const probeCost = (op: { method: string }) => (op.method === 'GET' ? 1 : 3);
  if (phase.kind === 'scopes') {
    const scoped = contract.operations.filter((op) => requiredScope(contract, op) !== undefined);
    // Each scope set: a key, a resource of each kind, every scoped call (a write refused about half the time), the revoke, the calls again.
    return (scopeValues(contract).length + 2) * (2 + resources.length + scoped.reduce((n, op) => n + (probeCost(op) + 1) / 2, 0) + scoped.length / 2);
  }
  // Both owners make one of each resource; each is listed and called by the other account's credential and by its key.
  if (phase.kind === 'accounts') return 4 + 2 * (resources.length + 2 * resources.reduce((n, r) => n + 1 + r.consumers.reduce((m, op) => m + probeCost(op), 0), 0));
  return 0;
}

/**
 * The share of the run's time it plans to spend sending: the rest is a margin for what it does
 * besides (the runner's start, each test's set-up, judging, steps that wait for the one before, the
 * reports). Without it a 30 s run of the whole contract through Playwright at 33 requests a second
 * ran out of time in its last probes; with it, it did all it planned with time to spare.
 */
const SENDING_SHARE = 0.85;

/** The run's time, in seconds: its time budget (live targets), or no bound. */
export const runSeconds = (ctx: RunContext) => (ctx.config.timeBudgetMs === undefined ? Number.POSITIVE_INFINITY : ctx.config.timeBudgetMs / 1000);

/** Requests a second the run can send: the least of each credential's rate and what the latency allows with the requests in flight. */
export function sendRate(ctx: RunContext, pace: { latencyMs: number; learnedRate?: number }): number {
  const rate = Math.min(ctx.config.requestsPerSecond ?? Number.POSITIVE_INFINITY, pace.learnedRate ?? Number.POSITIVE_INFINITY);
  return Math.min(rate, pace.latencyMs > 0 ? (ctx.config.concurrency * 1000) / pace.latencyMs : Number.POSITIVE_INFINITY);
}

/** Phases of a create whose cases are valid: each may make a resource. Its other cases are refused, but for a lenient server. */
const VALID_CASES = new Set(['examples', 'positive', 'spellings', 'regressions']);

/** The share of a phase's requests that may make a resource: a create's valid cases, a tenth of its others, a few of a scenario's or the probes'. */
function createShare(ctx: RunContext, phase: PlannedPhase): number {
  if (phase.operationId !== undefined) {
    if (!ctx.resources.some((r) => r.producers.some((op) => op.id === phase.operationId))) return 0;
    return VALID_CASES.has(phase.name.split('#')[0]) ? 1 : 1 / 10;
  }
  return phase.kind === 'sequences' ? 1 / 4 : 1 / 8;
}

/**
 * The run's request plan (src/engine/state/request-plan.ts): its budget is the time budget at the
 * rate each credential may send (OMI_RATE_LIMIT, or what the target's headers taught) and at what
 * the latency it shows allows with the requests in flight; Infinity on a target that limits neither.
 */
export function planRunRequests(ctx: RunContext, pace: { latencyMs: number; learnedRate?: number; budget?: number }): RequestPlan {
  const { config } = ctx;
  const budget = pace.budget ?? Math.floor(runSeconds(ctx) * SENDING_SHARE * sendRate(ctx, pace));
  const phases = planOf(ctx).filter((p) => !p.skipReason).map((p) => {
    const operation = p.operationId === undefined ? undefined : ctx.phasesOf(p.operationId).find((op) => `${op.operationId}/${op.name}` === p.key);
    const regression = p.kind === 'regressions' ? ctx.regressionPhases.find((r) => r.operationId === p.operationId) : undefined;
    const phase = operation ?? regression;
    const kinds = phase?.kind === 'list' ? new Set(phase.cases.map((c) => c.rule ?? c.label)).size : undefined;
    return costOf(p, { cases: phase?.kind === 'list' ? phase.cases.length : undefined, kinds, runs: phase?.kind === 'fuzz' ? phase.runs : undefined, estimate: estimate(ctx, p), creates: createShare(ctx, p) });
  }).flat();
  const maxCreated = ctx.isLive ? config.maxKeys * ctx.resources.length : 0;
  return planRequests({ phases, budget: Number.isFinite(budget) ? budget : Number.POSITIVE_INFINITY, maxCreated });
}
