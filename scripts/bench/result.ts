/** The shape of reports/bench.json. */
import type { GateRun } from './gate-run';
import type { BudgetedRun, LatencyRun } from './live';
import type { GenerationCost, GenerationSettings } from './generation';
import type { Machine } from './machine';
import type { RateSettings, RawRate } from './raw-rate';

/** (b) against the reference server: the random phases' steady rate, and the whole run's. */
export interface SteadyState {
  run: GateRun;
  /** Requests the server received in all (its own count). */
  requests: number;
  /** (c)'s first half: from the gate's spawn to the server's first request. */
  firstRequestAfterSeconds: number;
  wholeRunRequestsPerSecond: number;
  /** From the first random phase's start to the last one's end, as summary.json times them. */
  randomWindowSeconds: number;
  /** Requests the server received inside that window. */
  randomRequests: number;
  steadyRequestsPerSecond: number;
  /** Against (a)'s best. */
  steadyRatio: number;
  wholeRunRatio: number;
}

/** (c) What the gate adds at start: spawn to the target's first request, less a bare run of one empty test. */
export interface StartUp {
  toFirstRequestSeconds: number;
  bareRunSeconds: number;
  overheadSeconds: number;
}

/** (d) The default run against Prism: its wall time against a bare run plus a plain client sending as many requests. */
export interface DefaultRun {
  run: GateRun;
  requests: number;
  concurrency: number;
  /** One fixed create, as many times, `concurrency` in flight: the goal as worded. */
  plainClientSeconds: number;
  bareRunSeconds: number;
  ratio: number;
  /** The run's own requests, recorded in process and sent again by the plain client: what Prism costs for them. */
  recordedRequests: number;
  sameRequestsSeconds: number;
  sameRequestsRatio: number;
  /** How long a Prism of the bench's took to answer its first request: part of what the run waits for. */
  prismStartSeconds: number;
  /** The wall time against a bare run, Prism's start and the same requests: everything but the gate's own work. */
  withPrismStartRatio: number;
  /** Peak memory of a bare run's processes (runner, worker): what Playwright itself takes, which the gate's figure includes. */
  bareRunPeakMiB: number;
}

export interface BenchResult {
  machine: Machine;
  settings: {
    rawRate: RateSettings & { path: string; body: string };
    steady: { fuzzRuns: number; seed: number; contract: string };
    bareRuns: number;
    generation: GenerationSettings;
    goals: { steadyRatio: number; wholeRunRatio: number; startUpSeconds: number; defaultRatio: number; microsecondsPerCase: number; gateMemoryMiB: number };
  };
  raw: { reference: RawRate; prism: RawRate };
  steady: SteadyState;
  startUp: StartUp;
  defaultRun: DefaultRun;
  generation: GenerationCost;
  /** (f) and (g): live runs, at latencies and under a rate limit and budget. */
  live?: LiveResult;
  benchSeconds: number;
  /** 1-minute load average when the bench ended: compare with machine.loadAverageAtStart. */
  loadAverageAtEnd: number;
}

export interface LiveResult {
  latency: LatencyRun[];
  budgeted: BudgetedRun;
}
