import type { Resource } from '../../src/contract/resources';
import type { RunContext } from '../../src/engine/context';
import { runPlanned } from '../../src/engine/execute';
import { operationPhase, scenarioPhase } from '../../src/engine/plan';
import type { PhaseOutcome } from '../../src/model/outcome';
import type { Phase } from '../../src/model/phase';

// The project's tests run single phases of a run as the plan runs them: an operation's phase, or a resource's scenario.

export const runOperation = (ctx: RunContext, phase: Phase): Promise<PhaseOutcome> => runPlanned(ctx, operationPhase(phase));
export const runScenarioPhase = (ctx: RunContext, resource: Resource): Promise<PhaseOutcome> => runPlanned(ctx, scenarioPhase(resource));
