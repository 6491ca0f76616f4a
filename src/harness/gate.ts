import { EXCHANGE_CHECKS, type Check } from '../checks';
import { SuiteInputError } from '../contract/errors';
import { readFacts, type ContractFacts } from '../contract/facts';
import { loadContract, type Contract, type Operation } from '../contract/load';
import { Judge, type CheckTally } from '../engine/judge';
import { phaseKey, phaseSeed, runPhase, type PhaseResult } from '../engine/run-phase';
import { OperationCases, type Phase } from '../generate/phases';
import { Redactor } from '../report/redact';
import { readGateConfig, type GateConfig } from '../target/config';
import { Target } from '../target/target';
import { Oracle } from '../validate/oracle';

export interface PhaseOutcome extends PhaseResult {
  seed: number;
  tallies: Record<string, CheckTally>;
  /** Checks that this target cannot answer, with why. */
  notChecked: { check: string; reason: string }[];
}

/** Fixed per contract: a token no server issued, as hex after the documented prefix; derived from the seed. */
function unknownTokenFor(facts: ContractFacts, seed: number): string {
  let state = phaseSeed(seed, 'unknown-token') >>> 0;
  let hex = '';
  while (hex.length < 32) {
    state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) >>> 0;
    hex += state.toString(16).padStart(8, '0');
  }
  return `${facts.keyPrefix}${hex.slice(0, 32)}`;
}

/** What every phase of a run shares: the contract (loaded once), one Oracle, one target, one redactor. */
export class Gate {
  readonly redactor = new Redactor();
  readonly target: Target;
  readonly checks: readonly Check[];
  readonly notChecked: { check: string; reason: string }[];
  private readonly casesByOperation = new Map<string, OperationCases>();

  constructor(
    readonly config: GateConfig,
    readonly contract: Contract,
    readonly oracle: Oracle,
    readonly facts: ContractFacts,
  ) {
    this.redactor.add(config.target.token);
    this.target = new Target(config, contract.operations);
    const kind = config.target.kind;
    this.checks = EXCHANGE_CHECKS.filter((c) => c.targets.includes(kind));
    this.notChecked = EXCHANGE_CHECKS.filter((c) => !c.targets.includes(kind)).map((c) => ({ check: c.name, reason: `${c.reason} Only a live server can answer it.` }));
    const unknownToken = unknownTokenFor(facts, config.seed);
    for (const operation of contract.operations) {
      const cases: OperationCases = new OperationCases(contract, operation, (v) => oracle.isValid(cases.bodyPointer!, v), unknownToken);
      this.casesByOperation.set(operation.id, cases);
    }
  }

  static fromEnvironment(env: Record<string, string | undefined> = process.env): Gate {
    const config = readGateConfig(env);
    const contract = loadContract(config.contractPath);
    return new Gate(config, contract, new Oracle(contract), readFacts(contract));
  }

  operation(id: string): Operation {
    const op = this.contract.operations.find((o) => o.id === id);
    if (!op) throw new SuiteInputError(`no operation ${id} in ${this.contract.file}`);
    return op;
  }

  phasesOf(operationId: string): Phase[] {
    return this.casesByOperation.get(operationId)!.phases();
  }

  /** Whether a phase runs in this run (a replay runs one case of one phase). */
  selects(phase: Phase): boolean {
    return !this.config.replay || this.config.replay.phase === phaseKey(phase);
  }

  async run(phase: Phase): Promise<PhaseOutcome> {
    const operation = this.operation(phase.operationId);
    const judge = new Judge(this.contract, this.oracle, this.checks, this.config.target.kind);
    const result = await runPhase(phase, operation, this.target, judge, {
      runs: this.config.runs,
      runSeed: this.config.seed,
      replayPath: this.config.replay?.path,
      redact: (value) => this.redactor.redactValue(value),
    });
    return { ...result, seed: this.config.seed, tallies: Object.fromEntries(judge.tallies), notChecked: this.notChecked };
  }

  close(): Promise<void> {
    return this.target.close();
  }
}
