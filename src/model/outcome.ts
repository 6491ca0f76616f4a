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
  operationId: string;
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
  operationId: string;
  phase: string;
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
}

/** A phase's result as a test reports it: with the run's seed, each check's tally, and what this target cannot answer. */
export interface PhaseOutcome extends PhaseResult {
  seed: number;
  tallies: Record<string, CheckTally>;
  /** Checks that this target cannot answer, with why. */
  notChecked: { check: string; reason: string }[];
  /** What the phase's requests exercised, by operation (a scenario spans several). */
  coverage: Coverage;
}
