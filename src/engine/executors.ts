import { sequenced } from '../contract/lifecycle';
import type { Resource } from '../contract/resources';
import { scopeValues, requiredScope } from '../contract/scopes';
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

/** Why the budget leaves a phase nothing to send, as its result says it. */
function heldBack(ctx: RunContext, key: string, init: Pick<PhaseResult, 'phase' | 'description' | 'resource'>): PhaseResult | undefined {
  if (allowance(ctx, key) !== 0) return undefined;
  return { ...phaseResult({ key, ...init }), limited: "the run's request budget leaves it nothing (OMI_TIME_BUDGET_S at the rate the target allows): see the start of the run" };
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
  if (cut) result.limited ??= `the run's request budget gives it ${allowed} of its ${planned.runs} random cases`;
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
  const each = SEQUENCE_REQUESTS * ctx.scenarioResources().filter((r) => sequenced(ctx.contract, r)).length;
  const runs = allowed === undefined ? ctx.config.sequenceRuns : Math.min(ctx.config.sequenceRuns, Math.floor(allowed / Math.max(1, each)));
  if (runs === 0 && !replay) return heldBack(ctx, SEQUENCES_KEY, { phase: 'sequences', description: 'random sequences' }) ?? { ...phaseResult({ key: SEQUENCES_KEY, phase: 'sequences', description: 'random sequences' }), limited: "the run's request budget leaves room for no sequence" };
  const result = await runResourceSequences({
    ...ctx.phaseDeps(judge), resources: ctx.scenarioResources(), isValid: ctx.isValid,
    runs, maxCommands: SEQUENCE_COMMANDS, shrink: ctx.config.target.loopback, replay,
    mayCreate: (resource) => ctx.budget.mayCreate(resource, 'scopes and accounts'),
  });
  if (runs < ctx.config.sequenceRuns) result.limited ??= `the run's request budget gives it ${runs} of its ${ctx.config.sequenceRuns} sequences`;
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
  const none = heldBack(ctx, SCOPES_KEY, { phase: 'probes', description: 'keys of each scope set on every operation, then revoked' });
  if (none) return none;
  const defaults = scopeDefault(ctx)!;
  const values = scopeValues(ctx.contract);
  return runScopeProbes({
    ...probeDeps(ctx, judge, 'accounts'),
    createKey: ctx.roles.create!, revokeKey: ctx.roles.revoke!, secretProperty: ctx.roles.secretProperty,
    scopeProperty: defaults.property, scopes: values, defaultScopes: defaults.values,
    requiredScope: (operation) => requiredScope(ctx.contract, operation, values) ?? null,
  });
}

/** Each account's resources asked for by the other account, with its credential and a key it made; live targets with OMI_API_TOKEN_OTHER only. */
export async function runAccounts(ctx: RunContext, judge: Judge): Promise<PhaseResult> {
  const none = heldBack(ctx, ACCOUNTS_KEY, { phase: 'isolation', description: "each account's resources asked for by the other account" });
  if (none) return none;
  const { create, revoke, secretProperty } = ctx.roles;
  return runAccountProbes({
    ...probeDeps(ctx, judge, 'none'),
    keys: create && revoke ? { create, revoke, secretProperty, scopeProperty: scopeDefault(ctx)?.property, scopes: scopeValues(ctx.contract) } : undefined,
  });
}
