import type { Contract, Operation } from '../contract/load';
import type { Resource } from '../contract/resources';
import type { Case } from '../model/case';
import type { Exchange } from '../model/exchange';
import type { PhaseResult } from '../model/outcome';
import type { Target } from '../transport/target';
import type { Judge } from './judge';
import { bucketOf, reportedHere, toViolation } from './run-phase';
export interface StepJudgeDeps {
  judge: Judge;
  target: Target;
  runSeed: number;
  redact: <T>(value: T) => T;
  firstReport: (key: string) => boolean;
}

/** What the probes (scopes, accounts) share with the gate: the resources they make, how they record what they send, and the budgets. */
export interface ProbeDeps extends StepJudgeDeps {
  contract: Contract;
  /** The resources the probes make and act on. */
  resources: Resource[];
  exampleBody: (operation: Operation) => Case['body'];
  /** Keys the run may still create (OMI_MAX_KEYS less those made): a probe past it is held back. */
  keyBudgetLeft: () => number;
  /** Whether the run may still make one of this resource (OMI_MAX_KEYS of each): one past it is not made, so not probed. */
  mayCreate: (resource: Resource) => boolean;
  /** Learns what each exchange made or deleted, and a created key's secret, before anything is judged. */
  record: (exchange: Exchange, testCase: Case) => void;
}

/**
 * Judges the steps of a scenario in the order they are sent, each numbered (its replay path), and
 * files what they show in `result`: each violation once per run, as a phase does.
 */
export function stepJudge(result: PhaseResult, phase: { operationId: string; name: string }, deps: StepJudgeDeps): (operation: Operation, testCase: Case, exchange: Exchange) => void {
  let stepIndex = 0;
  return (operation, testCase, exchange) => {
    const index = String(stepIndex++);
    for (const judged of deps.judge.judge(operation, testCase, exchange)) {
      if (!reportedHere(result, judged, deps.firstReport)) continue;
      bucketOf(result, judged).push(toViolation(judged, phase, { index, testCase, exchange, shrunk: false }, deps.runSeed, deps.redact, exchange.sequence, deps.target.config));
    }
  };
}
