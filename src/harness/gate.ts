import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { EXCHANGE_CHECKS } from '../checks';
import type { Check, RunView } from '../model/check';
import { targetResponds } from '../checks/target-responds';
import { SuiteInputError } from '../contract/errors';
import { lostScopes, requiredScope, scopeValues } from '../contract/scopes';
import { readFacts, type ContractFacts } from '../contract/facts';
import { loadContract, type Contract, type Operation } from '../contract/load';
import type { Coverage } from '../model/coverage';
import type { PhaseOutcome } from '../model/outcome';
import { isObject } from '../contract/refs';
import { exampleStrings, idsInBody, resourcesOf, successSchema, type Resource } from '../contract/resources';
import { keyRoles, type KeyRoles } from '../contract/roles';
import { recordCoverage } from '../engine/coverage';
import { Judge } from '../engine/judge';
import { CreationBudget } from '../engine/creation-budget';
import { KnownDiscrepancies } from '../engine/known-discrepancies';
import { followable, runResourceScenario, scenarioPhase } from '../engine/resource-scenario';
import { runResourceSequences, SEQUENCE_PHASE, sequenced } from '../engine/resource-sequences';
import { runScopeProbes, SCOPE_PHASE, scopeFamily } from '../engine/scope-probes';
import { ACCOUNT_PHASE, runAccountProbes } from '../engine/account-probes';
import type { ProbeDeps } from '../engine/step-judge';
import { inParallel } from '../engine/pool';
import { ResourceLedger } from '../engine/resource-ledger';
import { RunJournal } from '../engine/run-journal';
import { SecretLedger } from '../engine/secret-ledger';
import { drawAtPath, phaseKey, phaseSeed, reportKey, runPhase, toViolation } from '../engine/run-phase';
import type { PhaseResult } from '../model/outcome';
import type { Case, QueryPair } from '../model/case';
import { listAllIds } from '../engine/snapshot';
import { OperationCases, splitBudget } from '../generate/phases';
import type { Phase } from '../model/phase';
import { loadRegressions } from '../generate/regressions';
import { escapeRegExp, Redactor } from '../engine/redact';
import { readGateConfig, type GateConfig } from '../config/config';
import { jsonOf, type Exchange as HttpExchange } from '../model/exchange';
import { Target } from '../transport/target';
import { Oracle } from '../validate/oracle';
const NOT_ON_MOCK = 'the mock answers fixed or random examples whatever was sent, accepts any token and keeps no state';

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

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What was left behind, one line per kind (ids and prefixes only, never a secret); undefined when nothing was. */
export function leftBehindLines(left: LeftBehind): string[] {
  const lines: string[] = [];
  if (left.keys.length > 0) lines.push(`all_keys_revoked: ${left.keys.length} key(s) created by this run could not be revoked: ${left.keys.map((k) => `${k.id} (${k.keyPrefix})`).join(', ')}`);
  if (left.resources.length > 0) lines.push(`all_created_deleted: ${left.resources.length} resource(s) created by this run could not be deleted: ${left.resources.map((r) => `${r.collection}/${r.id}`).join(', ')}`);
  return lines;
}

const HEX_TOKEN = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 });

/** A well-formed token no server issued: hex after the documented prefix, drawn from the run's seed. */
function unknownTokenFor(facts: ContractFacts, seed: number): string {
  return `${facts.keyPrefix}${fc.sample(HEX_TOKEN, { seed: phaseSeed(seed, 'unknown-token'), numRuns: 1 })[0]}`;
}

/**
 * The run fails at start when the contract no longer says which scope an operation needs that the
 * recorded map gave one: the scope checks would stop judging it without a word.
 */
function checkScopeMap(contract: Contract, file: string): void {
  if (!existsSync(file)) return;
  let recorded: Record<string, string | null>;
  try {
    recorded = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | null>;
  } catch (error) {
    throw new SuiteInputError(`${path.basename(file)} is not valid JSON (${(error as Error).message})`);
  }
  const lost = lostScopes(contract, recorded);
  if (lost.length > 0) {
    const named = lost.map((l) => `${l.operationId} (was ${l.scope})`).join(', ');
    throw new SuiteInputError(`the contract no longer says which scope ${named} need(s): its 403 "Required scope" or its tag changed; if that is meant, record the new mapping with npm run scope-map -- record`);
  }
}

/** Contracts this process has loaded and compiled, by file and version: however many gates a process builds (the replay command, tests), each schema is compiled once. */
const compiledContracts = new Map<string, { contract: Contract; oracle: Oracle; facts: ContractFacts }>();

function compiledContract(file: string): { contract: Contract; oracle: Oracle; facts: ContractFacts } {
  // A file that cannot be read is left to loadContract, whose error is one line.
  const stat = existsSync(file) ? statSync(file) : undefined;
  const version = stat && `${file}@${stat.mtimeMs}:${stat.size}`;
  const cached = version === undefined ? undefined : compiledContracts.get(version);
  if (cached) return cached;
  const contract = loadContract(file);
  const compiled = { contract, oracle: new Oracle(contract), facts: readFacts(contract) };
  if (version !== undefined) compiledContracts.set(version, compiled);
  return compiled;
}

/** What every phase of a run shares: the contract (loaded once), one Oracle, one target, one redactor. */
export class Gate {
  readonly redactor = new Redactor();
  readonly target: Target;
  readonly checks: readonly Check[];
  readonly notChecked: { check: string; reason: string }[];
  /** Every operation's phases, built (and every schema compiled to generators) once, at construction. */
  private readonly phasesByOperation = new Map<string, Phase[]>();
  readonly journal: RunJournal;
  /** The credential resource's secrets; what the run makes of it is in the resource ledger like the rest. */
  readonly ledger: SecretLedger;
  readonly roles: KeyRoles;
  /** Every resource, keys among them: what the run creates of them is deleted at the end. */
  readonly resources: Resource[];
  readonly resourceLedger: ResourceLedger;
  /** Strings of the contract's examples: an id among them may be a real one, never to change. */
  private readonly exampleStrings: Set<string>;
  private readonly runView: RunView;
  private readonly unknownToken: string;
  private readonly budget: CreationBudget;
  /** Keys the scope probes make: one per scope set, up to a fifth of the budget. */
  private readonly scopeKeys: number;
  /** What the current phase's requests exercised; handed to its outcome and started afresh. */
  private coverage: Coverage = {};
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
    if (config.target.kind === 'live' && config.target.otherToken) this.redactor.add(config.target.otherToken);
    // Anything shaped like a key is filtered too, whether or not the run saw it created.
    if (facts.keyPrefix) this.redactor.addPattern(new RegExp(`${escapeRegExp(facts.keyPrefix)}[A-Za-z0-9_-]{16,}`, 'g'));
    this.journal = new RunJournal(config.journalPath);
    this.target = new Target(config, contract.operations);
    this.target.sent = this.journal.requestsSent;
    this.roles = keyRoles(contract);
    this.ledger = new SecretLedger(this.redactor, this.journal, this.roles.resource?.collection ?? '');
    // The scope probes make one key per scope set after the random phases: kept back with what the
    // scenarios and the account probes make, up to a fifth of the budget (a small budget still leaves the random phases most).
    const scoped = config.target.kind === 'live' && contract.operations.some((op) => requiredScope(contract, op) !== undefined);
    this.scopeKeys = scoped ? Math.min(scopeFamily(scopeValues(contract)).length, Math.floor(config.maxKeys / 5)) : 0;
    this.budget = new CreationBudget(config.maxKeys, this.journal, (resource) => this.scenarioMakes(resource) + this.probesMake(resource));
    const kind = config.target.kind;
    const known = new Set(EXCHANGE_CHECKS.map((c) => c.name));
    const unknown = [...config.selectedChecks, ...config.excludedChecks].filter((n) => !known.has(n));
    if (unknown.length > 0) throw new SuiteInputError(`unknown check name(s) in OMI_CHECKS/OMI_EXCLUDE_CHECKS: ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    // target_responds cannot be left out: a target that does not answer must never pass.
    if (config.excludedChecks.includes(targetResponds.name)) throw new SuiteInputError(`${targetResponds.name} cannot be left out: a target that does not answer must fail the run`);
    const chosen = (c: Check) => c === targetResponds || ((config.selectedChecks.length === 0 || config.selectedChecks.includes(c.name)) && !config.excludedChecks.includes(c.name));
    this.checks = EXCHANGE_CHECKS.filter((c) => c.targets.includes(kind) && chosen(c));
    this.notChecked = EXCHANGE_CHECKS.filter((c) => !c.targets.includes(kind)).map((c) => ({ check: c.name, reason: NOT_ON_MOCK }));
    this.known = KnownDiscrepancies.load(config.knownDiscrepanciesPath);
    checkScopeMap(contract, config.scopeMapPath);
    const operationIds = new Set(contract.operations.map((op) => op.id));
    this.regressionPhases = [...loadRegressions(config.regressionsDir)]
      .filter(([operationId]) => operationIds.has(operationId))
      .map(([operationId, saved]) => ({ name: 'regressions', operationId, kind: 'list' as const, description: 'saved regression cases', cases: saved.map((r) => r.case) }));
    // The key is one of the resources: the same object, so the two are told apart by identity.
    this.resources = resourcesOf(contract).map((r) => (r.collection === this.roles.resource?.collection ? this.roles.resource : r));
    this.resourceLedger = new ResourceLedger(this.journal);
    this.exampleStrings = exampleStrings(contract);
    this.runView = { facts, roles: this.roles, ledger: this.ledger, preexisting: (collection) => this.preexisting(collection), clockToleranceMs: config.createdAtToleranceMs };
    this.unknownToken = unknownTokenFor(facts, config.seed);
    const unknownToken = this.unknownToken;
    // Built here so that a schema the generators cannot handle fails the run at start, in one line.
    for (const operation of contract.operations) {
      const cases = new OperationCases(contract, operation, (pointer, value) => oracle.isValid(pointer, value), unknownToken);
      this.phasesByOperation.set(operation.id, cases.phases().flatMap((phase) => splitBudget(phase, config.runs)));
    }
    if (config.replay) this.checkReplay(config.replay);
  }

  /** A replay path must name a case that exists: a typo would otherwise replay nothing and pass. */
  private checkReplay(replay: NonNullable<GateConfig['replay']>): void {
    const phases = [...this.regressionPhases, ...this.contract.operations.flatMap((op) => this.phasesOf(op.id))];
    const phase = phases.find((p) => phaseKey(p) === replay.phase);
    const sequences = replay.phase === phaseKey(SEQUENCE_PHASE);
    if (replay.phase === phaseKey(SCOPE_PHASE)) {
      if (!this.isLive) throw new SuiteInputError(`OMI_FUZZ_PATH: ${replay.phase} are the scope probes, which only a live target can answer: set OMI_API_BASE_URL and OMI_API_TOKEN as the replay line does`);
      return;
    }
    if (replay.phase === phaseKey(ACCOUNT_PHASE)) {
      if (!this.probesAccounts()) throw new SuiteInputError(`OMI_FUZZ_PATH: ${replay.phase} are the account probes, which need a live target and a second account: set OMI_API_BASE_URL, OMI_API_TOKEN and OMI_API_TOKEN_OTHER as the replay line does`);
      return;
    }
    if ((sequences && this.sequencesRun()) || this.scenarioResources().some((r) => phaseKey(scenarioPhase(r)) === replay.phase)) {
      if (!this.isLive) throw new SuiteInputError(`OMI_FUZZ_PATH: ${replay.phase} is a resource ${sequences ? 'sequence' : 'scenario'}, which only a live target can answer: set OMI_API_BASE_URL and OMI_API_TOKEN as the replay line does`);
      if (!sequences && !/^\d+$/.test(replay.path)) throw new SuiteInputError(`OMI_FUZZ_PATH: a scenario's steps are numbered from 0; there is no step ${replay.path}`);
      return;
    }
    if (!phase) throw new SuiteInputError(`OMI_FUZZ_PATH names no phase "${replay.phase}"; phases: ${phases.map(phaseKey).join(', ')}`);
    if (phase.kind === 'list' && (!/^\d+$/.test(replay.path) || Number(replay.path) >= phase.cases.length)) {
      throw new SuiteInputError(`OMI_FUZZ_PATH: ${replay.phase} has ${phase.cases.length} cases, numbered from 0; there is no case ${replay.path}`);
    }
    if (phase.kind === 'fuzz') {
      const { problem } = drawAtPath(phase, this.config.seed, replay.path);
      if (problem) throw new SuiteInputError(`OMI_FUZZ_PATH: ${problem} (with OMI_FUZZ_SEED=${this.config.seed} and OMI_FUZZ_RUNS=${this.config.runs})`);
    }
  }

  private static ofThisProcess: Gate | undefined;

  /**
   * The one Gate of this process, from its environment: the runner's config and summary reporter, or a
   * worker's spec and fixture, share it, so the contract is loaded and every schema compiled once.
   */
  static forThisProcess(): Gate {
    return (Gate.ofThisProcess ??= Gate.fromEnvironment(process.env));
  }

  static fromEnvironment(env: Record<string, string | undefined> = process.env): Gate {
    const config = readGateConfig(env);
    const { contract, oracle, facts } = compiledContract(config.contractPath);
    return new Gate(config, contract, oracle, facts);
  }

  operation(id: string): Operation {
    const op = this.contract.operations.find((o) => o.id === id);
    if (!op) throw new SuiteInputError(`no operation ${id} in ${this.contract.file}`);
    return op;
  }

  phasesOf(operationId: string): Phase[] {
    return this.phasesByOperation.get(operationId)!;
  }

  /** Whether a phase runs in this run (a replay runs one case of one phase). */
  selects(phase: Pick<Phase, 'operationId' | 'name'>): boolean {
    return !this.config.replay || this.config.replay.phase === phaseKey(phase);
  }

  /** Every phase this run declares, as `operationId/phase`: what a complete run reports on. */
  declaredPhaseKeys(): string[] {
    const phases = [...this.regressionPhases, ...this.contract.operations.flatMap((op) => this.phasesOf(op.id))].map(phaseKey);
    if (!this.isLive) return phases;
    const sequences = this.sequencesRun() ? [phaseKey(SEQUENCE_PHASE)] : [];
    const scopes = this.probesScopes() ? [phaseKey(SCOPE_PHASE)] : [];
    const accounts = this.probesAccounts() ? [phaseKey(ACCOUNT_PHASE)] : [];
    return [...phases, ...this.scenarioResources().map((r) => phaseKey(scenarioPhase(r))), ...sequences, ...scopes, ...accounts];
  }

  get isLive(): boolean {
    return this.config.target.kind === 'live';
  }

  /** Why a phase does not run at all: the target stopped answering and that was already reported. */
  get stoppedReason(): string | undefined {
    return this.journal.broken && `the target stopped answering earlier in this run: ${this.journal.broken}`;
  }

  /**
   * Live targets: remember what exists before the run, which is not the run's to judge, change or
   * delete. A target that does not answer here is reported by the first phase.
   */
  async start(): Promise<void> {
    if (!this.isLive || this.journal.broken) return;
    await this.takeSnapshot();
  }

  /** The ids a collection's list showed before the run; undefined when it was not read to its end. */
  private preexisting(collection: string): ReadonlySet<string> | undefined {
    const snapshot = this.journal.snapshot;
    // The snapshot's ids are of every collection: an id of another one is never in this list.
    return snapshot?.complete.includes(collection) ? new Set(snapshot.ids) : undefined;
  }

  /**
   * Once per run, before anything is created: every id each list shows, paged to its end. Updates
   * and deletes then go only to ids the run created, or to drawn ids no list showed (and only for a
   * collection whose list was read whole).
   */
  private async takeSnapshot(): Promise<void> {
    if (this.journal.snapshot !== undefined) return;
    const ids: string[] = [];
    const complete: string[] = [];
    for (const resource of this.resources) {
      const lister = resource.lister;
      if (!lister || !resource.consumers.some((op) => !READ_METHODS.has(op.method))) continue;
      const listed = await listAllIds(resource, async (query) => {
        const exchange = await this.target.sendRaw(this.target.requestFor(this.pageCase(lister, query)));
        return exchange.response?.status === 200 ? jsonOf(exchange.response)?.value : undefined;
      });
      ids.push(...listed.ids);
      if (listed.complete) complete.push(resource.collection);
    }
    this.journal.snapshot = { ids, complete };
    this.journal.save();
  }

  private pageCase(lister: Operation, queryParams: QueryPair[]): Case {
    return { operationId: lister.id, phase: 'setup', expectation: 'accept', label: 'what exists before the run', method: 'GET', pathParams: {}, queryParams, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' } };
  }

  /** Live targets: why a write to an id must not be sent, or undefined when the id is the run's own or surely no one's. */
  private untouchable(testCase: Case): string | undefined {
    const resource = this.resources.find((r) => r.consumers.some((op) => op.id === testCase.operationId));
    const id = resource?.idParameter !== undefined ? testCase.pathParams[resource.idParameter] : undefined;
    if (!resource || id === undefined || READ_METHODS.has(testCase.method) || this.resourceLedger.createdByRun(resource.collection, id)) return undefined;
    const snapshot = this.journal.snapshot;
    if (snapshot?.ids.includes(id)) return 'an id that existed before the run';
    if (this.exampleStrings.has(id)) return 'a documented example id, which may exist';
    if (!snapshot?.complete.includes(resource.collection)) return `an id the run did not create, and the list of ${resource.name} could not be read whole`;
    return undefined;
  }

  private listCase(label: string): Case {
    return { operationId: this.roles.list!.id, phase: 'setup', expectation: 'accept', label, method: 'GET', pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' } };
  }

  /** Sees every exchange of the phases as it arrives (the replay command prints them), before anything is redacted. */
  onExchange: ((testCase: Case, exchange: HttpExchange) => void) | undefined;

  /** Learns everything created (and hands a key's secret to the redactor) as soon as the answer arrives. */
  private record = (exchange: HttpExchange, testCase: Case) => {
    recordCoverage(this.coverage, testCase, exchange);
    this.onExchange?.(testCase, exchange);
    const producer = this.producedResource(testCase.operationId);
    if (producer) this.budget.answered(testCase, producer.resource);
    const response = exchange.response;
    const made = response && response.status >= 200 && response.status < 300 ? producer : undefined;
    if (made && this.isLive) {
      const body = jsonOf(response!);
      if (body) this.resourceLedger.record(made.resource.collection, idsInBody(made.schema, body.value), exchange.sequence ?? 0, testCase.account);
    }
    // A phase that deletes what the run made leaves cleanup nothing to do for it, when the owner meant the delete.
    const removed = response && response.status >= 200 && response.status < 300 && testCase.method === 'DELETE' ? this.resources.find((r) => r.consumers.some((op) => op.id === testCase.operationId)) : undefined;
    const removedId = removed?.idParameter !== undefined ? testCase.pathParams[removed.idParameter] : undefined;
    if (removed && removedId !== undefined) this.resourceLedger.answeredDeleted(removed.collection, removedId, { account: testCase.account, expected: testCase.expectation === 'accept' });
    if (testCase.operationId !== this.roles.create?.id || !response || response.status < 200 || response.status >= 300) return;
    const body = jsonOf(response);
    if (body) this.ledger.record(body.value, exchange.sequence ?? 0, this.roles.secretProperty);
  };

  private producedResource(operationId: string): { resource: Resource; schema: unknown } | undefined {
    const resource = this.resources.find((r) => r.producers.some((op) => op.id === operationId));
    return resource && { resource, schema: successSchema(this.contract, this.operation(operationId)) };
  }

  private newJudge(): Judge {
    return new Judge(this.contract, this.oracle, this.checks, this.config.target.kind, this.runView, this.known);
  }

  /**
   * Cases not to send: a create past its resource's budget; on a live target, a write to an id the
   * run did not create (a random id can hit a real resource).
   */
  private skipCase = (testCase: Case): string | undefined => {
    const budget = this.config.timeBudgetMs;
    if (budget !== undefined && Date.now() - this.journal.startedAtOr(Date.now()) > budget) return `the run's time budget is spent (OMI_TIME_BUDGET_S=${budget / 1000})`;
    // Untouchable first: a create the budget lets go is counted as sent.
    const untouchable = this.isLive ? this.untouchable(testCase) : undefined;
    if (untouchable) return untouchable;
    const made = this.producedResource(testCase.operationId);
    return made && this.budget.holdBack(testCase, made.resource);
  };

  /** How many of a resource its scenario makes: one per producer, as many as its example body holds items (a batch). */
  private scenarioMakes(resource: Resource): number {
    if (!followable(this.contract, resource)) return 0;
    return resource.producers.reduce((n, producer) => {
      const body = this.exampleBody(producer);
      const value = body.kind === 'json' ? body.value : undefined;
      const lists = Array.isArray(value) ? [value] : isObject(value) ? Object.values(value).filter(Array.isArray) : [];
      return n + Math.max(1, ...lists.map((list) => list.length));
    }, 0);
  }

  /**
   * How many of a resource the scope and account probes make, at most: per scope set a key, and of a
   * resource a scoped operation acts on one made by the main credential and one the key may create;
   * per account a key of its own and one of each followable resource.
   */
  private probesMake(resource: Resource, probes: 'scopes and accounts' | 'accounts' = 'scopes and accounts'): number {
    // It depends only on the contract and the settings, and reads prose and scopes: worked out once per resource.
    const key = `${resource.collection} ${probes}`;
    let made = this.probesMade.get(key);
    if (made === undefined) this.probesMade.set(key, (made = this.countProbesMake(resource, probes)));
    return made;
  }

  private readonly probesMade = new Map<string, number>();

  private countProbesMake(resource: Resource, probes: 'scopes and accounts' | 'accounts'): number {
    const accounts = this.config.target.kind === 'live' && this.config.target.otherToken ? 2 : 0;
    const credential = resource === this.roles.resource;
    const byAccounts = (followable(this.contract, resource) ? accounts : 0) + (credential ? accounts : 0);
    if (probes === 'accounts' || this.scopeKeys === 0) return byAccounts;
    const scoped = [...resource.producers, ...resource.consumers].some((op) => requiredScope(this.contract, op) !== undefined);
    // A key creates with each producer whose scope its set holds: the set of that scope alone, every scope, the default if it has it.
    const values = scopeValues(this.contract);
    const defaults = this.facts.defaults.find((d) => d.operationId === this.roles.create?.id)?.values ?? [];
    const holding = resource.producers.map((op) => requiredScope(this.contract, op, values)).filter((s): s is string => s !== undefined)
      .reduce((n, scope) => n + scopeFamily(values).filter((m) => (m.scopes ?? defaults).includes(scope)).length, 0);
    return byAccounts + (credential ? this.scopeKeys : 0) + (scoped ? this.scopeKeys : 0) + Math.min(holding, this.scopeKeys);
  }

  async run(phase: Phase): Promise<PhaseOutcome> {
    const operation = this.operation(phase.operationId);
    const judge = this.newJudge();
    if (this.target.broken) return this.finish(this.reportBroken(phase, judge), judge);
    const result = await runPhase(phase, operation, this.target, judge, {
      runs: this.config.runs,
      runSeed: this.config.seed,
      replayPath: this.config.replay?.path,
      redact: (value) => this.redactor.redactValue(value),
      onExchange: (_op, testCase, exchange) => this.record(exchange, testCase),
      skipCase: this.skipCase,
      firstReport: (key) => this.journal.firstReport(key),
    });
    return this.finish(result, judge);
  }

  /**
   * The target stopped answering outside a phase's own sends (at start, or while shrinking): the
   * request that got no answer is reported here, once, as a target_responds violation.
   */
  private reportBroken(phase: Pick<Phase, 'operationId' | 'name' | 'description'>, judge: Judge): PhaseResult {
    const exchange = this.target.broken!;
    const result: PhaseResult = { operationId: phase.operationId, phase: phase.name, description: phase.description, sent: 0, skipped: 0, violations: [], allowed: [], known: [], aborted: `the target stopped answering: ${exchange.failure?.message}` };
    const testCase = this.listCase('the request that got no answer');
    const finding = judge.findings(this.operation(testCase.operationId), testCase, exchange).find((f) => f.check.name === 'target_responds');
    if (finding && this.journal.firstReport(reportKey(finding))) {
      result.violations.push(toViolation(finding, phase, { index: '0', testCase, exchange, shrunk: false }, this.config.seed, (v) => this.redactor.redactValue(v), exchange.sequence, this.config));
    }
    return result;
  }

  private finish(result: PhaseResult, judge: Judge): PhaseOutcome {
    this.journal.requestsSent = this.target.sent;
    if (this.target.broken) this.journal.markBroken(this.redactor.redact(this.target.broken.failure?.message ?? 'no answer'));
    this.journal.save();
    const coverage = this.coverage;
    // Each phase reports what its own requests exercised.
    this.coverage = {};
    return { ...result, seed: this.config.seed, tallies: Object.fromEntries(judge.tallies), notChecked: this.notChecked, coverage };
  }

  /** One harmless list per resource that needs no parameter: what the preflight sends with the credential. */
  preflightListers(): Operation[] {
    const listers = resourcesOf(this.contract).flatMap((r) => (r.lister && !r.lister.parameters.some((p) => p.required) ? [r.lister] : []));
    return listers.filter((op) => op.bearerSchemes.length > 0);
  }

  /** The resources whose lives the run follows on a live target: each made one at a time and deletable. */
  scenarioResources(): Resource[] {
    return this.resources.filter((r) => followable(this.contract, r));
  }

  /** Whether the contract has a resource the random sequences follow (one that has an update). */
  sequencesRun(): boolean {
    return this.scenarioResources().some((r) => sequenced(this.contract, r));
  }

  /** One resource's scenario; live targets only (the mock keeps no state). */
  async scenario(resource: Resource): Promise<PhaseOutcome> {
    const judge = this.newJudge();
    const phase = scenarioPhase(resource);
    if (this.target.broken) return this.finish(this.reportBroken({ ...phase, description: 'scenario' }, judge), judge);
    const result = await runResourceScenario({
      contract: this.contract, resource, target: this.target, judge, runSeed: this.config.seed, exampleBody: (operation) => this.exampleBody(operation),
      secretProperty: resource === this.roles.resource ? this.roles.secretProperty : undefined,
      unknownId: `never-issued-${this.unknownToken.slice(-12)}`,
      isValid: (pointer, value) => this.oracle.isValid(pointer, value),
      redact: (value) => this.redactor.redactValue(value),
      record: this.record,
      firstReport: (key) => this.journal.firstReport(key),
    });
    return this.finish(result, judge);
  }

  /** Random sequences of every followable resource's commands against a model; live targets only. */
  async sequences(): Promise<PhaseOutcome> {
    const judge = this.newJudge();
    if (this.target.broken) return this.finish(this.reportBroken({ ...SEQUENCE_PHASE, description: 'sequences' }, judge), judge);
    const replay = this.config.replay?.phase === phaseKey(SEQUENCE_PHASE) ? this.config.replay : undefined;
    const result = await runResourceSequences({
      contract: this.contract, resources: this.scenarioResources(), target: this.target, judge, runSeed: this.config.seed,
      runs: this.config.sequenceRuns, maxCommands: 12, shrink: this.config.target.loopback, replay,
      mayCreate: (resource) => this.budget.left(resource, this.probesMake(resource)) > 0,
      exampleBody: (operation) => this.exampleBody(operation),
      isValid: (pointer, value) => this.oracle.isValid(pointer, value),
      redact: (value) => this.redactor.redactValue(value),
      record: this.record,
      firstReport: (key) => this.journal.firstReport(key),
    });
    return this.finish(result, judge);
  }

  /** A producer's documented example body, as its examples phase sends it. */
  private exampleBody(operation: Operation): Case['body'] {
    const examples = this.phasesOf(operation.id).find((p) => p.name === 'examples');
    return examples?.kind === 'list' && examples.cases.length > 0 ? examples.cases[0].body : { kind: 'none' };
  }

  /** What the scope and account probes take from the run: its resources, the budget of each (past what `probes` still make), how it records and reports. */
  private probeDeps(judge: Judge, probes: 'accounts' | 'none'): ProbeDeps {
    const keys = this.roles.resource;
    return {
      contract: this.contract, resources: this.scenarioResources(), target: this.target, judge, runSeed: this.config.seed,
      exampleBody: (operation) => this.exampleBody(operation),
      keyBudgetLeft: () => (keys ? this.budget.left(keys, probes === 'accounts' ? this.probesMake(keys, 'accounts') : 0) : 0),
      mayCreate: (resource) => this.budget.left(resource, probes === 'accounts' ? this.probesMake(resource, 'accounts') : 0) > 0,
      redact: (value) => this.redactor.redactValue(value),
      record: this.record,
      firstReport: (key) => this.journal.firstReport(key),
    };
  }

  /** Whether the contract has what the scope probes need: keys made with scopes and revoked, and operations that need a scope. */
  probesScopes(): boolean {
    const scopes = this.facts.defaults.find((d) => d.operationId === this.roles.create?.id);
    return !!this.roles.create && !!this.roles.revoke && !!scopes && this.contract.operations.some((op) => requiredScope(this.contract, op) !== undefined);
  }

  /** Keys of each scope set on every operation that needs a scope, then revoked; live targets only. */
  async scopes(): Promise<PhaseOutcome> {
    const judge = this.newJudge();
    if (this.target.broken) return this.finish(this.reportBroken({ ...SCOPE_PHASE, description: 'scopes' }, judge), judge);
    const scopeDefault = this.facts.defaults.find((d) => d.operationId === this.roles.create?.id)!;
    const values = scopeValues(this.contract);
    const result = await runScopeProbes({
      ...this.probeDeps(judge, 'accounts'),
      createKey: this.roles.create!, revokeKey: this.roles.revoke!, secretProperty: this.roles.secretProperty,
      scopeProperty: scopeDefault.property, scopes: values, defaultScopes: scopeDefault.values,
      requiredScope: (operation) => requiredScope(this.contract, operation, values) ?? null,
    });
    return this.finish(result, judge);
  }

  /** Whether the run probes the walls between accounts: a live target, a second credential, and resources to make. */
  probesAccounts(): boolean {
    return this.config.target.kind === 'live' && !!this.config.target.otherToken && this.scenarioResources().length > 0;
  }

  /** Each account's resources asked for by the other account, with its credential and a key it made; live targets with OMI_API_TOKEN_OTHER only. */
  async accounts(): Promise<PhaseOutcome> {
    const judge = this.newJudge();
    if (this.target.broken) return this.finish(this.reportBroken({ ...ACCOUNT_PHASE, description: 'accounts' }, judge), judge);
    const scopeDefault = this.facts.defaults.find((d) => d.operationId === this.roles.create?.id);
    const result = await runAccountProbes({
      ...this.probeDeps(judge, 'none'),
      keys: this.roles.create && this.roles.revoke ? { create: this.roles.create, revoke: this.roles.revoke, secretProperty: this.roles.secretProperty, scopeProperty: scopeDefault?.property, scopes: scopeValues(this.contract) } : undefined,
    });
    return this.finish(result, judge);
  }

  /**
   * Deletes what the run created, keys among them, each with the credential of the account that made
   * it. A slow but correct server gets all the time it needs (each delete within the request
   * timeout); cleanup stops at the first delete that gets no answer, also when the target already
   * stopped answering earlier, so a dead target costs one timeout. Only a success counts: a 404 for
   * an id the target itself answered means the id it gave was not the resource's, and the resource
   * is named as left (unless a request of the run, not its owner's own delete, was answered as
   * deleting it: then the 404 says it is gone). What appeared without a successful create is not
   * touched: it may be someone else's; rejected_create_leaves_nothing reports it. Returns what is
   * still there, to be named.
   */
  async cleanup(): Promise<LeftBehind> {
    let unanswered = false;
    await inParallel(this.resourceLedger.undeleted(), this.config.concurrency, async ({ collection, id, account }) => {
      const resource = this.resources.find((r) => r.collection === collection);
      const remove = resource?.consumers.find((op) => op.method === 'DELETE');
      if (unanswered || !remove || !resource?.idParameter) return;
      const testCase: Case = { operationId: remove.id, phase: 'cleanup', expectation: 'accept', label: 'cleanup', method: remove.method, pathParams: { [resource.idParameter]: id }, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' }, ...(account ? { account } : {}) };
      const exchange = await this.target.sendRaw(this.target.requestFor(testCase), { evenIfBroken: true, returnFirstRateLimit: false });
      const status = exchange.response?.status;
      if (status === undefined) unanswered = true;
      // A 404 is gone only after an earlier delete was answered with success; else the id the target gave was not the resource's.
      else if (status < 300 || (status === 404 && this.resourceLedger.wasAnsweredDeleted(collection, id))) this.resourceLedger.markDeleted(collection, id);
    });
    this.journal.save();
    const left = this.resourceLedger.undeleted();
    const keys = this.roles.resource?.collection;
    return {
      keys: left.filter((r) => r.collection === keys).map(({ id }) => ({ id, keyPrefix: this.shownPrefix(id) })),
      resources: left.filter((r) => r.collection !== keys).map(({ collection, id }) => ({ collection, id })),
    };
  }

  /**
   * What a key's create showed of it to tell it apart: the value that starts with the documented
   * prefix. Never a secret: the ledger keeps the secret apart, and a value the redactor would filter
   * (a secret echoed under another name) is passed over.
   */
  private shownPrefix(id: string): string {
    const shown = this.ledger.keys.find((k) => k.id === id)?.shown ?? {};
    const prefix = this.facts.keyPrefix;
    const value = Object.entries(shown).find(([name, v]) => name !== 'id' && typeof v === 'string' && prefix !== '' && v.startsWith(prefix) && this.redactor.redact(v) === v)?.[1];
    return typeof value === 'string' ? value : '';
  }

  close(): Promise<void> {
    return this.target.close();
  }
}

