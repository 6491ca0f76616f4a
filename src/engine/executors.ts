import type { Resource } from '../contract/resources';
import { scopeFamily, scopeValues, requiredScope } from '../contract/scopes';
import { phaseResult, type PhaseResult } from '../model/outcome';
import type { Phase } from '../model/phase';
import { ACCOUNTS_KEY, runAccountProbes } from './phases/account-probes';
import type { RunContext } from './context';
import type { Judge } from './judge';
import { runResourceScenario, scenarioKey } from './phases/resource-scenario';
import { runResourceSequences, SEQUENCE_COMMANDS, SEQUENCE_REQUESTS, SEQUENCES_KEY } from './phases/resource-sequences';
import { phaseKey, runPhase } from './phases/run-phase';
import { runScopeProbes, SCOPES_KEY } from './phases/scope-probes';
import type { ProbeDeps } from './phases/step';

// One executor per kind of phase: each hands its runner what it needs of the run, and nothing else.

/** A phase's share of the run's requests (src/engine/state/request-plan.ts); undefined when the run has no bound. */
const allowance = (ctx: RunContext, key: string) => ctx.requests?.allowed.get(key);

/** The share of its planned requests the run's plan gives a phase: 1 when it is not cut. */
function shareOf(ctx: RunContext, key: string): number {
  const cut = ctx.requests?.cut.find((c) => c.key === key);
  return cut ? cut.allowed / Math.max(1, cut.planned) : 1;
}

/** Why the budget leaves a phase nothing to send (or, `tooLittle`, too little to run as a whole), as its result says it. */
function heldBack(ctx: RunContext, key: string, init: Pick<PhaseResult, 'phase' | 'description' | 'resource'>, tooLittle = false): PhaseResult | undefined {
  const allowed = allowance(ctx, key);
  if (allowed !== 0 && !tooLittle) return undefined;
  const planned = ctx.requests?.cut.find((c) => c.key === key)?.planned ?? 0;
  const why = allowed ? `too little to run it (${allowed} of about ${planned} requests)` : 'nothing';
  return { ...phaseResult({ key, ...init }), limited: `the run's request budget leaves it ${why} (OMI_TIME_BUDGET_S at the rate the target allows): see the start of the run`, budgetCut: { planned, allowed: 0 } };
}

/** An operation's phase (or its saved cases): generated, sent, judged, a finding shrunk when random; its share of the requests, at most. */
export async function runOperationPhase(ctx: RunContext, planned: Phase, judge: Judge): Promise<PhaseResult> {
  const allowed = allowance(ctx, phaseKey(planned));
  const cut = planned.kind === 'fuzz' && allowed !== undefined && allowed < (planned.runs ?? ctx.config.runs);
  const phase = cut ? { ...planned, runs: allowed } : planned;
  const result = await runPhase(phase, ctx.operation(phase.operationId), ctx.target, judge, {
    maxCases: planned.kind === 'list' ? allowed : undefined,
    runs: ctx.config.runs,
    runSeed: ctx.config.seed,
    replayPath: ctx.config.replay?.path,
    redact: (value) => ctx.redactor.redactValue(value),
    onExchange: (_op, testCase, exchange) => ctx.record(exchange, testCase),
    skipCase: ctx.skipCase,
    firstReport: (key) => ctx.journal.firstReport(key),
  });
  if (cut) {
    result.limited ??= `the run's request budget gives it ${allowed} of its ${planned.runs} random cases`;
    result.budgetCut = { planned: planned.runs ?? ctx.config.runs, allowed };
  }
  return result;
}

/** One resource's scenario; live targets only (the mock keeps no state). */
export async function runScenario(ctx: RunContext, resource: Resource, judge: Judge): Promise<PhaseResult> {
  const none = heldBack(ctx, scenarioKey(resource), { phase: 'scenario', resource: resource.name, description: `${resource.name}: its scenario` });
  if (none) return none;
  return runResourceScenario({
    ...ctx.phaseDeps(judge), resource, isValid: ctx.isValid,
    secretProperty: resource === ctx.roles.resource ? ctx.roles.secretProperty : undefined,
    unknownId: `never-issued-${ctx.unknownToken.slice(-12)}`,
  });
}

/** Random sequences of every followable resource's commands against a model, as many as the run's requests allow; live targets only. */
export async function runSequences(ctx: RunContext, judge: Judge): Promise<PhaseResult> {
  const replay = ctx.config.replay?.phase === SEQUENCES_KEY ? ctx.config.replay : undefined;
  const allowed = allowance(ctx, SEQUENCES_KEY);
  const runs = allowed === undefined ? ctx.config.sequenceRuns : Math.min(ctx.config.sequenceRuns, Math.floor(allowed / SEQUENCE_REQUESTS));
  if (runs === 0 && !replay) {
    return heldBack(ctx, SEQUENCES_KEY, { phase: 'sequences', description: 'random sequences' })
      ?? { ...phaseResult({ key: SEQUENCES_KEY, phase: 'sequences', description: 'random sequences' }), limited: "the run's request budget leaves room for no sequence", budgetCut: { planned: ctx.config.sequenceRuns, allowed: 0 } };
  }
  const result = await runResourceSequences({
    ...ctx.phaseDeps(judge), resources: ctx.scenarioResources(), isValid: ctx.isValid,
    runs, maxCommands: SEQUENCE_COMMANDS, shrink: ctx.config.target.loopback, replay,
    mayCreate: (resource) => ctx.budget.mayCreate(resource, 'scopes and accounts'),
  });
  if (runs < ctx.config.sequenceRuns) {
    result.limited ??= `the run's request budget gives it ${runs} of its ${ctx.config.sequenceRuns} sequences`;
    result.budgetCut = { planned: ctx.config.sequenceRuns, allowed: runs };
  }
  return result;
}

/** What the probes take from the run: its resources and the budget of each, past what the probes after them make. */
export function probeDeps(ctx: RunContext, judge: Judge, after: 'accounts' | 'none'): ProbeDeps {
  const keys = ctx.roles.resource;
  return {
    ...ctx.phaseDeps(judge), resources: ctx.scenarioResources(),
    keyBudgetLeft: () => (keys ? ctx.budget.left(keys, after) : 0),
    mayCreate: (resource) => ctx.budget.mayCreate(resource, after),
  };
}

/** The scopes a key is made with by default: the create's documented default, when the contract states one. */
export const scopeDefault = (ctx: RunContext) => ctx.facts.defaults.find((d) => d.operationId === ctx.roles.create?.id);

/** Keys of each scope set on every operation that needs a scope, then revoked; live targets only. */
export async function runScopes(ctx: RunContext, judge: Judge): Promise<PhaseResult> {
  const values = scopeValues(ctx.contract);
  // A budget that cuts the probes gives them as many scope sets as its share covers, in the family's order.
  const family = scopeFamily(values).length;
  const sets = Math.floor(family * shareOf(ctx, SCOPES_KEY) + 1e-9);
  const none = heldBack(ctx, SCOPES_KEY, { phase: 'probes', description: 'keys of each scope set on every operation, then revoked' }, sets === 0);
  if (none) return none;
  const defaults = scopeDefault(ctx)!;
  const result = await runScopeProbes({
    ...probeDeps(ctx, judge, 'accounts'),
    createKey: ctx.roles.create!, revokeKey: ctx.roles.revoke!, secretProperty: ctx.roles.secretProperty,
    scopeProperty: defaults.property, scopes: values, defaultScopes: defaults.values, maxSets: sets,
    requiredScope: (operation) => requiredScope(ctx.contract, operation, values) ?? null,
  });
  if (sets < family) {
    result.limited ??= `the run's request budget gives it ${sets} of its ${family} scope sets`;
    result.budgetCut = { planned: family, allowed: sets };
  }
  return result;
}

/** Each account's resources asked for by the other account, with its credential and a key it made; live targets with OMI_API_TOKEN_OTHER only. */
export async function runAccounts(ctx: RunContext, judge: Judge): Promise<PhaseResult> {
  // Both walls or none: half of what they need would only leave them to the time budget's cut.
  const none = heldBack(ctx, ACCOUNTS_KEY, { phase: 'isolation', description: "each account's resources asked for by the other account" }, shareOf(ctx, ACCOUNTS_KEY) < 1 / 2);
  if (none) return none;
  const { create, revoke, secretProperty } = ctx.roles;
  return runAccountProbes({
    ...probeDeps(ctx, judge, 'none'),
    keys: create && revoke ? { create, revoke, secretProperty, scopeProperty: scopeDefault(ctx)?.property, scopes: scopeValues(ctx.contract) } : undefined,
  });
}
