import { sequenced } from '../contract/lifecycle';
import type { Resource } from '../contract/resources';
import { requiredScope } from '../contract/scopes';
import { SuiteInputError } from '../contract/errors';
import type { PhaseResult } from '../model/outcome';
import type { Phase } from '../model/phase';
import { ACCOUNTS_KEY } from './phases/account-probes';
import type { RunContext } from './context';
import { runAccounts, runOperationPhase, runScenario, runScopes, runSequences, scopeDefault } from './executors';
import type { Judge } from './judge';
import { scenarioKey } from './phases/resource-scenario';
import { SEQUENCES_KEY } from './phases/resource-sequences';
import { drawAtPath, phaseKey } from './phases/run-phase';
import { SCOPES_KEY } from './phases/scope-probes';

export type PhaseKind = 'regressions' | 'operation' | 'scenario' | 'sequences' | 'scopes' | 'accounts';

/** One phase of a run: what it is, where its test sits, whether this run runs it, and how. */
export interface PlannedPhase {
  /** What OMI_FUZZ_PATH names it by, and what reports count it under: `createApiKey/negative`, `memories/scenario`. */
  key: string;
  kind: PhaseKind;
  name: string;
  /** The describe block its test sits in, and the test's title. */
  group: string;
  title: string;
  /** The operation it sends to (an operation's phases, saved cases), or the resource it follows (a scenario). */
  operationId?: string;
  resource?: Resource;
  /** Drawn from the run's seed: a random phase, or a part of one. */
  random: boolean;
  /** Why this run does not run it: a target that cannot answer it, or a replay of another phase. */
  skipReason?: string;
  run(ctx: RunContext, judge: Judge): Promise<PhaseResult>;
}

const NO_STATE = 'live targets only: the mock keeps no state between requests';

/** An operation's phase, or its saved cases. */
export const operationPhase = (phase: Phase, group = phase.operationId, title = phase.name): PlannedPhase => ({
  key: phaseKey(phase), kind: phase.name === 'regressions' ? 'regressions' : 'operation', name: phase.name, group, title,
  operationId: phase.operationId, random: phase.kind === 'fuzz', run: (ctx, judge) => runOperationPhase(ctx, phase, judge),
});

export const scenarioPhase = (resource: Resource): PlannedPhase => ({
  key: scenarioKey(resource), kind: 'scenario', name: 'scenario', group: 'resource scenarios', resource, random: false,
  title: `${resource.name}: create, read, list, page, filter, update, delete, use after delete`,
  run: (ctx, judge) => runScenario(ctx, resource, judge),
});

export const SEQUENCES_PHASE: PlannedPhase = {
  key: SEQUENCES_KEY, kind: 'sequences', name: 'sequences', group: 'resource sequences', title: 'random sequences against a model of every resource', random: true,
  run: runSequences,
};

export const SCOPES_PHASE: PlannedPhase = {
  key: SCOPES_KEY, kind: 'scopes', name: 'probes', group: 'scopes', title: 'keys of each scope set on every operation, then revoked', random: false,
  run: runScopes,
};

export const ACCOUNTS_PHASE: PlannedPhase = {
  key: ACCOUNTS_KEY, kind: 'accounts', name: 'isolation', group: 'accounts', title: "each account's resources asked for by the other account", random: false,
  run: runAccounts,
};

/** Why a phase of this kind does not run against this run's target, or undefined. */
function targetCannot(ctx: RunContext, kind: PhaseKind): string | undefined {
  const target = ctx.config.target;
  if (kind === 'regressions' || kind === 'operation') return undefined;
  if (target.kind !== 'live') return kind === 'scopes' || kind === 'accounts' ? 'live targets only: the mock accepts any token and keeps no state' : NO_STATE;
  if (kind === 'accounts' && !target.otherToken) return 'no second account: OMI_API_TOKEN_OTHER names one whose walls the run then probes';
  return undefined;
}

const plans = new WeakMap<RunContext, PlannedPhase[]>();

/**
 * Every phase of the run, in the order it runs: saved regression cases first, then each operation's
 * phases in the contract's order, then on live targets each resource's scenario, the random
 * sequences, the scope probes and the account probes. The Playwright spec, runGate, the reporters and
 * the replay command read this list; nothing else enumerates phases. A replay that names no phase
 * of it is refused here, in one line.
 */
export function planOf(ctx: RunContext): PlannedPhase[] {
  let plan = plans.get(ctx);
  if (plan) return plan;
  const { contract } = ctx;
  const scopes = scopeDefault(ctx);
  plan = [
    ...ctx.regressionPhases.map((p) => operationPhase(p, 'regressions', `${p.operationId}: ${p.kind === 'list' ? p.cases.length : 0} saved case(s)`)),
    ...contract.operations.flatMap((op) => ctx.phasesOf(op.id).map((p) => operationPhase(p, `${op.id} (${op.method} ${op.path})`))),
    ...ctx.scenarioResources().map(scenarioPhase),
    ...(ctx.scenarioResources().some((r) => sequenced(contract, r)) ? [SEQUENCES_PHASE] : []),
    ...(ctx.roles.create && ctx.roles.revoke && scopes && contract.operations.some((op) => requiredScope(contract, op) !== undefined) ? [SCOPES_PHASE] : []),
    ...(ctx.scenarioResources().length > 0 ? [ACCOUNTS_PHASE] : []),
  ].map((p) => {
    const replayed = ctx.config.replay && ctx.config.replay.phase !== p.key ? 'another case is being replayed' : undefined;
    const skipReason = targetCannot(ctx, p.kind) ?? replayed;
    return skipReason ? { ...p, skipReason } : p;
  });
  checkReplay(ctx, plan);
  plans.set(ctx, plan);
  return plan;
}

/** The keys of the phases this run runs: what a complete run reports on. */
export const declaredKeys = (ctx: RunContext) => planOf(ctx).filter((p) => !targetCannot(ctx, p.kind)).map((p) => p.key);

/** A replay path must name a case that exists: a typo would otherwise replay nothing and pass. */
function checkReplay(ctx: RunContext, plan: PlannedPhase[]): void {
  const replay = ctx.config.replay;
  if (!replay) return;
  const planned = plan.find((p) => p.key === replay.phase);
  const cannot = planned && targetCannot(ctx, planned.kind);
  if (planned && cannot) {
    const needs = planned.kind === 'accounts' ? 'need a live target and a second account: set OMI_API_BASE_URL, OMI_API_TOKEN and OMI_API_TOKEN_OTHER' : 'only a live target can answer: set OMI_API_BASE_URL and OMI_API_TOKEN';
    throw new SuiteInputError(`OMI_FUZZ_PATH: ${replay.phase} ${describe(planned)}, which ${needs} as the replay line does`);
  }
  if (planned?.kind === 'scenario' && !/^\d+$/.test(replay.path)) throw new SuiteInputError(`OMI_FUZZ_PATH: a scenario's steps are numbered from 0; there is no step ${replay.path}`);
  if (planned && planned.kind !== 'operation' && planned.kind !== 'regressions') return;
  const phase = [...ctx.regressionPhases, ...ctx.contract.operations.flatMap((op) => ctx.phasesOf(op.id))].find((p) => phaseKey(p) === replay.phase);
  if (!phase) throw new SuiteInputError(`OMI_FUZZ_PATH names no phase "${replay.phase}"; phases: ${plan.map((p) => p.key).join(', ')}`);
  if (phase.kind === 'list' && (!/^\d+$/.test(replay.path) || Number(replay.path) >= phase.cases.length)) {
    throw new SuiteInputError(`OMI_FUZZ_PATH: ${replay.phase} has ${phase.cases.length} cases, numbered from 0; there is no case ${replay.path}`);
  }
  if (phase.kind === 'fuzz') {
    const { problem } = drawAtPath(phase, ctx.config.seed, replay.path);
    if (problem) throw new SuiteInputError(`OMI_FUZZ_PATH: ${problem} (with OMI_FUZZ_SEED=${ctx.config.seed} and OMI_FUZZ_RUNS=${ctx.config.runs})`);
  }
}

const describe = (p: PlannedPhase) => ({ scenario: 'is a resource scenario', sequences: 'is a resource sequence', scopes: 'are the scope probes', accounts: 'are the account probes', operation: 'is a phase', regressions: 'are saved cases' })[p.kind];
