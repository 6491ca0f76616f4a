import fc from 'fast-check';
import { readGateConfig, type GateConfig } from '../config/config';
import type { ContractFacts } from '../contract/facts';
import { followable } from '../contract/lifecycle';
import type { Contract, Operation } from '../contract/load';
import { exampleStrings, listedProperties, resourcesOf, type Resource } from '../contract/resources';
import { keyRoles, type KeyRoles } from '../contract/roles';
import { SuiteInputError } from '../contract/errors';
import { OperationCases, splitBudget } from '../generate/phases';
import { loadRegressions } from '../generate/regressions';
import type { Check, RunView } from '../model/check';
import type { Case } from '../model/case';
import type { Coverage } from '../model/coverage';
import type { Exchange } from '../model/exchange';
import type { Phase } from '../model/phase';
import { Target, TIME_SPENT } from '../transport/target';
import type { Oracle } from '../validate/oracle';
import { selectChecks } from './check-selection';
import { compiledContract, type Compiled } from './compiled';
import { DataSafety } from './state/data-safety';
import { Judge } from './judge';
import { KnownDiscrepancies } from './known-discrepancies';
import { recorder } from './state/recorder';
import { escapeRegExp, Redactor } from './redact';
import { ResourceLedger } from './state/resource-ledger';
import { phaseSeed } from './phases/run-phase';
import { RunBudget } from './state/run-budget';
import { RunJournal } from './state/run-journal';
import { checkScopeMap } from './scope-map-guard';
import { SecretLedger } from './state/secret-ledger';
import { WriteAhead } from './state/write-ahead';
import type { PhaseDeps } from './phases/step';
import type { RequestPlan } from './state/request-plan';

const HEX_TOKEN = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 });

/**
 * Everything a run's phases share: the configuration, the contract (loaded and compiled once), the
 * target, the journal and ledgers of what the run made and saw, the redactor, the budgets, the
 * checks, and the cases of every operation (every schema compiled to generators at start, so a
 * schema the generators cannot handle fails the run in one line). Phases receive it; it sends nothing.
 */
export class RunContext {
  readonly contract: Contract;
  readonly oracle: Oracle;
  readonly facts: ContractFacts;
  readonly redactor = new Redactor();
  readonly journal: RunJournal;
  readonly target: Target;
  readonly roles: KeyRoles;
  /** Every resource, keys among them (the same object as roles.resource, so the two are told apart by identity). */
  readonly resources: Resource[];
  /** What the run made of each resource: deleted at the end. */
  readonly resourceLedger: ResourceLedger;
  /** The secrets of the keys the run made, which the redactor filters. */
  readonly secretLedger: SecretLedger;
  readonly checks: readonly Check[];
  readonly notChecked: { check: string; reason: string }[];
  readonly known: KnownDiscrepancies;
  readonly budget: RunBudget;
  readonly safety: DataSafety;
  /** Saved regression cases, one list phase per operation that has any: sent before everything else. */
  readonly regressionPhases: Phase[];
  /** A well-formed token no server issued: hex after the documented prefix, drawn from the run's seed. */
  readonly unknownToken: string;
  /** Sees every exchange as it arrives (the replay command prints them), before anything is redacted. */
  onExchange: ((testCase: Case, exchange: Exchange) => void) | undefined;
  /** Operations whose schemas the generators cannot draw from, each with why: named in the summary. */
  readonly ungenerated: string[] = [];
  /** What the current phase's requests exercised: started afresh for each phase. */
  coverage: Coverage = {};
  /** How the run spends the requests it can send in its time (startRun makes it): undefined, no bound. */
  requests: RequestPlan | undefined;
  readonly record: (exchange: Exchange, testCase: Case) => void;
  private readonly runView: RunView;
  private readonly operationPhases = new Map<string, Phase[]>();

  constructor(readonly config: GateConfig, compiled: Compiled) {
    ({ contract: this.contract, oracle: this.oracle, facts: this.facts } = compiled);
    const { contract, facts } = this;
    this.redactor.add(config.target.token);
    if (config.target.kind === 'live') {
      for (const token of [config.target.otherToken, ...Object.values({ ...config.target.schemeTokens?.main }), ...Object.values({ ...config.target.schemeTokens?.other })]) this.redactor.add(token);
    }
    // Anything shaped like a key is filtered too, whether or not the run saw it created.
    if (facts.keyPrefix) this.redactor.addPattern(new RegExp(`${escapeRegExp(facts.keyPrefix)}[A-Za-z0-9_-]{16,}`, 'g'));
    this.journal = new RunJournal(config.journalPath);
    this.target = new Target(config, contract.operations);
    this.target.sent = this.journal.requestsSent;
    this.roles = keyRoles(contract);
    this.secretLedger = new SecretLedger(this.redactor, this.journal, this.roles.resource?.collection ?? '');
    this.resources = resourcesOf(contract).map((r) => (r.collection === this.roles.resource?.collection ? this.roles.resource : r));
    this.resourceLedger = new ResourceLedger(this.journal);
    ({ checks: this.checks, notChecked: this.notChecked } = selectChecks(config));
    this.known = KnownDiscrepancies.load(config.knownDiscrepanciesPath);
    checkScopeMap(contract, config.scopeMapPath);
    this.budget = new RunBudget(config, contract, facts, this.roles, this.journal, (op) => this.exampleBody(op));
    this.safety = new DataSafety(this.resources, this.journal, this.resourceLedger, exampleStrings(contract));
    const operationIds = new Set(contract.operations.map((op) => op.id));
    this.regressionPhases = [...loadRegressions(config.regressionsDir)]
      .filter(([operationId]) => operationIds.has(operationId))
      .map(([operationId, saved]) => ({ name: 'regressions', operationId, kind: 'list' as const, description: 'saved regression cases', cases: saved.map((r) => r.case) }));
    this.unknownToken = `${facts.keyPrefix}${fc.sample(HEX_TOKEN, { seed: phaseSeed(config.seed, 'unknown-token'), numRuns: 1 })[0]}`;
    this.runView = { facts, roles: this.roles, ledger: this.secretLedger, preexisting: (collection) => this.safety.preexisting(collection), clockToleranceMs: config.createdAtToleranceMs };
    for (const operation of contract.operations) {
      const cases = new OperationCases(contract, operation, this.isValid, this.unknownToken, (op) => this.foreignSchemes(op));
      try {
        this.operationPhases.set(operation.id, cases.phases().flatMap((phase) => splitBudget(phase, config.runs)));
      } catch (error) {
        // A schema the generators cannot draw from: the operation's cases are skipped and named, the run goes on.
        if (!(error instanceof SuiteInputError)) throw error;
        this.operationPhases.set(operation.id, []);
        this.ungenerated.push(`${operation.id}: no cases generated: ${error.message.replace(/^generator: /, '')}`);
      }
    }
    // On a live target every create is written down before it is sent: a killed run leaves npm run cleanup what to look for.
    const written = this.isLive ? new WriteAhead(this.journal, this.resources, (resource) => listedProperties(contract, resource)) : undefined;
    if (written) {
      this.journal.target = config.target.baseUrl;
      this.target.aroundSend = written.before;
    }
    this.record = recorder({
      contract, resources: this.resources, roles: this.roles, live: this.isLive, creation: this.budget.creation,
      resourceLedger: this.resourceLedger, secretLedger: this.secretLedger, coverage: () => this.coverage, onExchange: () => this.onExchange,
      settled: written && ((exchange) => written.settle(exchange)),
    });
  }

  /** The contract's schemes an operation does not accept whose credential the run holds and is not the operation's own. */
  private foreignSchemes(operation: Operation): string[] {
    const own = this.target.schemeCredential(operation.security[0]?.name);
    const accepted = new Set(operation.security.map((s) => s.name));
    const names = new Set(this.contract.operations.flatMap((op) => op.security.map((s) => s.name)));
    return [...names].filter((name) => !accepted.has(name) && this.target.schemeCredential(name) !== own);
  }

  private static ofThisProcess: RunContext | undefined;

  /**
   * The one context of this process, from its environment: the runner's config and reporters, or a
   * worker's spec and fixture, share it, so the contract is loaded and every schema compiled once.
   */
  static forThisProcess(): RunContext {
    return (RunContext.ofThisProcess ??= RunContext.fromEnvironment(process.env));
  }

  static fromEnvironment(env: Record<string, string | undefined> = process.env): RunContext {
    const config = readGateConfig(env);
    return new RunContext(config, compiledContract(config.contractPath));
  }

  get isLive(): boolean {
    return this.config.target.kind === 'live';
  }

  /** Why nothing more runs: the target stopped answering and that was already reported. */
  get stoppedReason(): string | undefined {
    return this.journal.broken && `the target stopped answering earlier in this run: ${this.journal.broken}`;
  }

  readonly isValid = (pointer: string, value: unknown): boolean => this.oracle.isValid(pointer, value);

  operation(id: string): Operation {
    const op = this.contract.operations.find((o) => o.id === id);
    if (!op) throw new SuiteInputError(`no operation ${id} in ${this.contract.file}`);
    return op;
  }

  /** An operation's phases, its random ones split into parts of the budget. */
  phasesOf(operationId: string): Phase[] {
    return this.operationPhases.get(operationId) ?? [];
  }

  /** A producer's documented example body, as its examples phase sends it. */
  exampleBody(operation: Operation): Case['body'] {
    const examples = this.phasesOf(operation.id).find((p) => p.name === 'examples');
    return examples?.kind === 'list' && examples.cases.length > 0 ? examples.cases[0].body : { kind: 'none' };
  }

  /** The resources whose lives a live run follows: each made one at a time and deletable. */
  scenarioResources(): Resource[] {
    return this.resources.filter((r) => followable(this.contract, r));
  }

  newJudge(): Judge {
    return new Judge(this.contract, this.oracle, this.checks, this.config.target.kind, this.runView, this.known);
  }

  /** What the stateful phases take from the run, with this phase's judge. */
  phaseDeps(judge: Judge): PhaseDeps {
    return {
      contract: this.contract, target: this.target, judge, runSeed: this.config.seed,
      exampleBody: (operation) => this.exampleBody(operation),
      record: this.record,
      redact: (value) => this.redactor.redactValue(value),
      firstReport: (key) => this.journal.firstReport(key),
    };
  }

  /**
   * Cases not to send: past the run's time budget; on a live target, a write to an id the run did
   * not create (a random id can hit a real resource); a create past its resource's budget.
   */
  readonly skipCase = (testCase: Case): string | undefined => {
    // The run stops sending in time for cleanup to finish within its time budget (startRun sets when).
    if (this.target.pastDeadline()) return TIME_SPENT;
    // Untouchable first: a create the budget lets go is counted as sent.
    const untouchable = this.isLive ? this.safety.untouchable(testCase) : undefined;
    if (untouchable) return untouchable;
    const made = this.resources.find((r) => r.producers.some((op) => op.id === testCase.operationId));
    return made && this.budget.creation.holdBack(testCase, made);
  };

  close(): Promise<void> {
    return this.target.close();
  }
}
