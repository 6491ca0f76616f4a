import type { Resource } from '../contract/resources';
import { scopeValues, requiredScope } from '../contract/scopes';
import type { PhaseResult } from '../model/outcome';
import type { Phase } from '../model/phase';
import { runAccountProbes } from './phases/account-probes';
import type { RunContext } from './context';
import type { Judge } from './judge';
import { runResourceScenario } from './phases/resource-scenario';
import { runResourceSequences, SEQUENCES_KEY } from './phases/resource-sequences';
import { runPhase } from './phases/run-phase';
import { runScopeProbes } from './phases/scope-probes';
import type { ProbeDeps } from './phases/step';

// One executor per kind of phase: each hands its runner what it needs of the run, and nothing else.

/** An operation's phase (or its saved cases): generated, sent, judged, a finding shrunk when random. */
export function runOperationPhase(ctx: RunContext, phase: Phase, judge: Judge): Promise<PhaseResult> {
  return runPhase(phase, ctx.operation(phase.operationId), ctx.target, judge, {
    runs: ctx.config.runs,
    runSeed: ctx.config.seed,
    replayPath: ctx.config.replay?.path,
    redact: (value) => ctx.redactor.redactValue(value),
    onExchange: (_op, testCase, exchange) => ctx.record(exchange, testCase),
    skipCase: ctx.skipCase,
    firstReport: (key) => ctx.journal.firstReport(key),
  });
}

/** One resource's scenario; live targets only (the mock keeps no state). */
export function runScenario(ctx: RunContext, resource: Resource, judge: Judge): Promise<PhaseResult> {
  return runResourceScenario({
    ...ctx.phaseDeps(judge), resource, isValid: ctx.isValid,
    secretProperty: resource === ctx.roles.resource ? ctx.roles.secretProperty : undefined,
    unknownId: `never-issued-${ctx.unknownToken.slice(-12)}`,
  });
}

/** Random sequences of every followable resource's commands against a model; live targets only. */
export function runSequences(ctx: RunContext, judge: Judge): Promise<PhaseResult> {
  const replay = ctx.config.replay?.phase === SEQUENCES_KEY ? ctx.config.replay : undefined;
  return runResourceSequences({
    ...ctx.phaseDeps(judge), resources: ctx.scenarioResources(), isValid: ctx.isValid,
    runs: ctx.config.sequenceRuns, maxCommands: 12, shrink: ctx.config.target.loopback, replay,
    mayCreate: (resource) => ctx.budget.mayCreate(resource, 'scopes and accounts'),
  });
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
export function runScopes(ctx: RunContext, judge: Judge): Promise<PhaseResult> {
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
export function runAccounts(ctx: RunContext, judge: Judge): Promise<PhaseResult> {
  const { create, revoke, secretProperty } = ctx.roles;
  return runAccountProbes({
    ...probeDeps(ctx, judge, 'none'),
    keys: create && revoke ? { create, revoke, secretProperty, scopeProperty: scopeDefault(ctx)?.property, scopes: scopeValues(ctx.contract) } : undefined,
  });
}
