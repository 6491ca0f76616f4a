/** The shape of reports/bench.json. */
import type { GateRun } from './gate-run';
import type { GenerationCost, GenerationSettings } from './generation';
import type { Machine } from './machine';
import type { RateSettings, RawRate } from './raw-rate';

export interface GateRate extends GateRun {
  /** Requests the target received during the run. */
  requests: number;
  /** The server's own count (reference server) or the gate's summary.json (Prism, which counts nothing). */
  requestsCountedBy: 'server' | 'summary.json';
  requestsPerSecond: number;
}

export interface TargetResult {
  raw: RawRate;
  gate: GateRate;
  /** (b)/(a): the gate's rate over the best raw rate. */
  ratio: number;
}

export interface BenchResult {
  machine: Machine;
  settings: {
    rawRate: RateSettings & { path: string; body: string };
    gateRate: { fuzzRuns: number; seed: number };
    generation: GenerationSettings;
    goals: { gateToRawRatio: number; microsecondsPerCase: number };
  };
  targets: { reference: TargetResult; prism: TargetResult };
  generation: GenerationCost;
  defaultGate: GateRun;
  benchSeconds: number;
  /** 1-minute load average when the bench ended: compare with machine.loadAverageAtStart. */
  loadAverageAtEnd: number;
}
