import type { Case } from './case';
import type { Coverage } from './coverage';
import type { Exchange } from './exchange';

/** What a run found, phase by phase: what the engine produces and reports read. */

export interface CheckTally {
  judged: number;
  /** Cases the check had nothing to say about (not applicable to them). */
  skipped: number;
  violations: number;
  allowed: number;
  known: number;
}

/** One distinct violation, with its evidence, redacted: as every report shows it. */
export interface Violation {
  identity: string;
  /** The kind of target it was found on (mock or live). */
  targetKind: string;
  /** The environment that points a replay at the same target (the credential left to the user's shell). */
  targetEnv: string;
  check: string;
  reason: string;
  /** The operation that did wrong: the request's, or for a read that shows a write's damage, the write's. */
  operationId: string;
  /** For a finding a read shows of an earlier write: the steps that led to it, the write first. */
  steps?: string[];
  phase: string;
  status: number | undefined;
  message: string;
  received: string;
  documented: string;
  location: string;
  caseLabel: string;
  testCase: Case;
  exchange: Exchange;
  /** The value of OMI_FUZZ_PATH that replays exactly this case under the run's `seed` (OMI_FUZZ_SEED). */
  replayPath: string;
  /** More environment a replay needs (a random sequence's commands hint), if any. */
  replayEnv?: string;
  seed: number;
  shrunk: boolean;
  /** The run's request number at which it was first seen. */
  firstSeenAt: number | undefined;
  allowance?: { id: string; reason: string };
  known?: { reason: string };
}

export interface PhaseResult {
  /** What OMI_FUZZ_PATH names the phase by: `createApiKey/negative#2`, `memories/scenario`, `resources/sequences`. */
  key: string;
  /** Its name: `negative#2`, `scenario`. */
  phase: string;
  /** The operation an operation's phase (or its saved cases) sends to; none for a phase that spans several. */
  operationId?: string;
  /** The resource a scenario follows. */
  resource?: string;
  description: string;
  sent: number;
  skipped: number;
  violations: Violation[];
  allowed: Violation[];
  /** Violations listed in the known-discrepancies file: reported, not failing. */
  known: Violation[];
  /** Violations this phase met again after an earlier test reported them, by identity: they fail it too. */
  repeated?: string[];
  /** Why generation stopped early (a target that stopped answering). */
  aborted?: string;
  /** Why some cases were held back (a resource's budget, the time budget, an id not the run's); the rest of the phase ran. */
  limited?: string;
  /** Steps whose answer stayed interrupted (429, 503, 3xx) after the waits the target asked for: sent, but not judged. */
  notJudged?: string[];
  /** What the run's request plan gave the phase, when less than it plans (cases, runs, or requests for a scenario or probes). */
  budgetCut?: BudgetCut;
}

/** A phase cut by the run's request plan: what it would send, and what the plan allowed it. */
export interface BudgetCut {
  planned: number;
  allowed: number;
}

/** How a live run planned its requests (src/engine/state/request-plan.ts), as the summary shows it. */
export interface RequestPlanSummary {
  /** Requests the run can send in its time budget. */
  budget: number;
  /** Kept for cleanup, and what covering the contract once costs. */
  cleanup: number;
  onceOver: number;
  timeBudgetSeconds: number;
  /** The rate the run planned with (requests a second, all credentials' least), and the latency it measured. */
  requestsPerSecond: number;
  latencyMs: number;
}

/** A phase's result before it sends anything. */
export const phaseResult = (init: Pick<PhaseResult, 'key' | 'phase' | 'description' | 'operationId' | 'resource'>): PhaseResult => ({ ...init, sent: 0, skipped: 0, violations: [], allowed: [], known: [] });

/** A phase's result as a test reports it: with the run's seed, each check's tally, and what this target cannot answer. */
export interface PhaseOutcome extends PhaseResult {
  seed: number;
  tallies: Record<string, CheckTally>;
  /** Checks that this target cannot answer, with why. */
  notChecked: { check: string; reason: string }[];
  /** What the phase's requests exercised, by operation (a scenario spans several). */
  coverage: Coverage;
}

/** What a phase's test attaches for the reporters: its counts, without the evidence. */
export interface PhaseStats {
  key: string;
  phase: string;
  /** The operation an operation's phase sends to. */
  operationId?: string;
  seed: number;
  sent: number;
  skipped: number;
  violations: number;
  allowed: number;
  known: number;
  aborted?: string;
  limited?: string;
  tallies: Record<string, CheckTally>;
  notChecked: { check: string; reason: string }[];
  allowances: { id: string; reason: string }[];
  coverage: Coverage;
  /** Violations first reported by an earlier test and met again here, by identity: they fail this test too. */
  repeated: string[];
  notJudged?: string[];
  budgetCut?: BudgetCut;
}

/** A key the run could not revoke: named by id and prefix only. */
export interface LeftKey {
  id: string;
  keyPrefix: string;
}

/** Something else the run created and could not delete: its collection and id. */
export interface LeftResource {
  collection: string;
  id: string;
}

/** What a run leaves behind it: each must be named, and fails the run. */
export interface LeftBehind {
  keys: LeftKey[];
  resources: LeftResource[];
}
