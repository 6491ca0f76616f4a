import { EXCHANGE_CHECKS, type Check, type RunView } from '../checks';
import { keyRoles, type KeyRoles } from '../contract/roles';
import { runLifecycle } from '../engine/lifecycle';
import type { Case } from '../generate/case';
import type { Exchange } from '../target/http';
import { KeyLedger, type CreatedKey } from '../target/key-ledger';
import { KnownDiscrepancies } from '../engine/known-discrepancies';
import { loadRegressions } from '../generate/regressions';
import { SuiteInputError } from '../contract/errors';
import { readFacts, type ContractFacts } from '../contract/facts';
import { loadContract, type Contract, type Operation } from '../contract/load';
import { Judge, type CheckTally } from '../engine/judge';
import { phaseSeed, phaseKey, runPhase, type PhaseResult } from '../engine/run-phase';
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

const NOT_ON_MOCK = 'the mock answers fixed or random examples whatever was sent, accepts any token and keeps no state';

/** Cleanup has its own bound, separate from the phases': it runs also after a failing or hanging run. */
const CLEANUP_BOUND_MS = 20_000;

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
  readonly ledger = new KeyLedger(this.redactor);
  readonly roles: KeyRoles;
  private readonly runView: RunView;
  private readonly unknownToken: string;
  readonly known: KnownDiscrepancies;
  /** Saved regression cases, one list phase per operation that has any: sent before everything else. */
  readonly regressionPhases: Phase[];

  constructor(
    readonly config: GateConfig,
    readonly contract: Contract,
    readonly oracle: Oracle,
    readonly facts: ContractFacts,
  ) {
    this.redactor.add(config.target.token);
    this.target = new Target(config, contract.operations);
    const kind = config.target.kind;
    const known = new Set(EXCHANGE_CHECKS.map((c) => c.name));
    const unknown = [...config.selectedChecks, ...config.excludedChecks].filter((n) => !known.has(n));
    if (unknown.length > 0) throw new SuiteInputError(`unknown check name(s) in OMI_CHECKS/OMI_EXCLUDE_CHECKS: ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    const chosen = (c: Check) => (config.selectedChecks.length === 0 || config.selectedChecks.includes(c.name)) && !config.excludedChecks.includes(c.name);
    this.checks = EXCHANGE_CHECKS.filter((c) => c.targets.includes(kind) && chosen(c));
    this.notChecked = EXCHANGE_CHECKS.filter((c) => !c.targets.includes(kind)).map((c) => ({ check: c.name, reason: NOT_ON_MOCK }));
    this.known = KnownDiscrepancies.load(config.knownDiscrepanciesPath);
    const operationIds = new Set(contract.operations.map((op) => op.id));
    this.regressionPhases = [...loadRegressions(config.regressionsDir)]
      .filter(([operationId]) => operationIds.has(operationId))
      .map(([operationId, saved]) => ({ name: 'regressions', operationId, kind: 'list' as const, description: 'saved regression cases', cases: saved.map((r) => r.case) }));
    this.roles = keyRoles(contract);
    this.runView = { facts, roles: this.roles, ledger: this.ledger, clockToleranceMs: config.createdAtToleranceMs, now: () => Date.now() };
    this.unknownToken = unknownTokenFor(facts, config.seed);
    const unknownToken = this.unknownToken;
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
  selects(phase: Pick<Phase, 'operationId' | 'name'>): boolean {
    return !this.config.replay || this.config.replay.phase === phaseKey(phase);
  }

  get isLive(): boolean {
    return this.config.target.kind === 'live';
  }

  /** Live targets: remember the keys that exist before the run, which are not the run's to judge or revoke. */
  async start(): Promise<void> {
    if (!this.isLive || !this.roles.list) return;
    const exchange = await this.target.sendRaw(this.target.requestFor(this.listCase()));
    if (exchange.response?.status !== 200) return;
    try {
      const items = JSON.parse(exchange.response.body);
      if (Array.isArray(items)) for (const item of items) this.ledger.preexisting.add(String(item?.id));
    } catch {
      // Not a list: the list phases will report it.
    }
  }

  private listCase(): Case {
    return { operationId: this.roles.list!.id, phase: 'setup', expectation: 'accept', label: 'keys before the run', method: 'GET', pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' } };
  }

  /** Learns every created key (and hands its secret to the redactor) as soon as the answer arrives. */
  private record = (exchange: Exchange, testCase: Case) => {
    const response = exchange.response;
    if (testCase.operationId !== this.roles.create?.id || !response || response.status < 200 || response.status >= 300) return;
    try {
      this.ledger.record(JSON.parse(response.body), exchange.sequence ?? 0, this.roles.secretProperty);
    } catch {
      // A body that is not JSON creates no key we can revoke; the schema check reports it.
    }
  };

  private newJudge(): Judge {
    return new Judge(this.contract, this.oracle, this.checks, this.config.target.kind, this.runView, this.known);
  }

  private keyBudget = (): string | undefined =>
    this.ledger.keys.length >= this.config.maxKeys ? `the key budget is spent (OMI_MAX_KEYS=${this.config.maxKeys})` : undefined;

  async run(phase: Phase): Promise<PhaseOutcome> {
    const operation = this.operation(phase.operationId);
    const judge = this.newJudge();
    const result = await runPhase(phase, operation, this.target, judge, {
      runs: this.config.runs,
      runSeed: this.config.seed,
      replayPath: this.config.replay?.path,
      redact: (value) => this.redactor.redactValue(value),
      onExchange: (_op, testCase, exchange) => this.record(exchange, testCase),
      mayContinue: operation === this.roles.create ? this.keyBudget : undefined,
    });
    return this.outcome(result, judge);
  }

  private outcome(result: PhaseResult, judge: Judge): PhaseOutcome {
    return { ...result, seed: this.config.seed, tallies: Object.fromEntries(judge.tallies), notChecked: this.notChecked };
  }

  /** The lifecycle scenario; live targets only (the mock keeps no state). */
  async lifecycle(): Promise<PhaseOutcome> {
    const judge = this.newJudge();
    const createCases = this.roles.create && this.casesByOperation.get(this.roles.create.id)!.phases().find((p) => p.name === 'examples');
    const createBody = createCases?.kind === 'list' ? createCases.cases[0].body : ({ kind: 'none' } as const);
    const result = await runLifecycle({
      roles: this.roles, target: this.target, ledger: this.ledger, judge, runSeed: this.config.seed, createBody,
      unknownId: `never-issued-${this.unknownToken.slice(-12)}`,
      redact: (value) => this.redactor.redactValue(value),
      record: this.record,
    });
    return this.outcome(result, judge);
  }

  /**
   * Revokes every key the run created, under its own time bound. Returns those it could not revoke:
   * against a target that stopped answering, one failed attempt ends the cleanup.
   */
  async cleanup(boundMs = CLEANUP_BOUND_MS): Promise<CreatedKey[]> {
    const revoke = this.roles.revoke;
    const pending = this.ledger.unrevoked();
    if (!revoke || pending.length === 0) return pending;
    const param = revoke.parameters.find((p) => p.in === 'path')!.name;
    const deadline = Date.now() + boundMs;
    for (const key of pending) {
      if (Date.now() > deadline) break;
      const testCase: Case = { operationId: revoke.id, phase: 'cleanup', expectation: 'accept', label: 'cleanup', method: revoke.method, pathParams: { [param]: key.id }, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' } };
      const exchange = await this.target.sendRaw(this.target.requestFor(testCase));
      if (!exchange.response) break;
      if (exchange.response.status < 300 || exchange.response.status === 404) this.ledger.markRevoked(key.id);
    }
    return this.ledger.unrevoked();
  }

  close(): Promise<void> {
    return this.target.close();
  }
}
