import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { contractGaps } from '../contract/gaps';
import { describeResource, resourcesOf } from '../contract/resources';
import { requiredScope } from '../contract/scopes';
import { KnownDiscrepancies } from '../engine/known-discrepancies';
import { RunContext } from '../engine/context';
import { RunJournal } from '../engine/state/run-journal';
import { declaredKeys, planOf } from '../engine/plan';
import { PREFLIGHT_REFUSED_ENV } from './global-setup';
import type { Violation } from '../model/outcome';
import { readGateConfig, REPORT_FILES } from '../config/config';
import { PHASE_STATS_ATTACHMENT, PHASE_VIOLATIONS_ATTACHMENT } from './attach';
import type { PhaseStats } from '../model/outcome';
import { bodyPropertyNames } from '../contract/prose';
import { replayEnvOf } from '../engine/phases/run-phase';
import { renderGateReport, type DocumentedOperation } from '../report/gate-html';
import { nameChecksInJunit } from '../report/junit';
import { formatConsole, formatSummary, sawWholeContract, summarize, type RunSummary } from '../report/summary';
import { checkOfIdentity } from '../model/identity';


/** One phase's test: when it started (ms since the epoch) and how long it took, as Playwright timed it. */
export interface PhaseTiming {
  phase: string;
  /** Whether its cases are drawn at random from the seed: an operation's random phase, or the sequences. */
  random: boolean;
  /** Its kind in the run's plan (src/engine/plan.ts): `operation`, `scenario`, `sequences`, ... */
  kind: string;
  sent: number;
  startedAt: number;
  durationMs: number;
}

interface Options {
  outputFile?: string;
  /** Playwright's HTML report folder: the gate's page is copied there, so show-report serves it too. */
  htmlReportDir?: string;
  /** Playwright's JUnit file: each failed test's entry is made a failure typed by its checks. */
  junitFile?: string;
}

/** Prints the run's summary tables after the tests, and writes them as JSON for tools. */
export default class SummaryReporter implements Reporter {
  private readonly phases: PhaseStats[] = [];
  private readonly violations: Violation[] = [];
  private outputFile: string;
  private htmlReportDir: string | undefined;
  private junitFile: string | undefined;
  /** The checks that failed each test, by its JUnit name. */
  private readonly checksByTest = new Map<string, string[]>();
  /** Only a complete run can tell that a known discrepancy is fixed. */
  private complete = true;
  /** When each phase's test ran, as Playwright timed it: where a run's time goes (the benchmark reads it). */
  private readonly timings: PhaseTiming[] = [];

  constructor(options: Options = {}) {
    this.outputFile = options.outputFile ?? 'reports/summary.json';
    this.htmlReportDir = options.htmlReportDir;
    this.junitFile = options.junitFile;
  }

  onBegin(config: FullConfig): void {
    const root = config.configFile ? path.dirname(config.configFile) : process.cwd();
    this.outputFile = path.resolve(root, this.outputFile);
    if (this.htmlReportDir) this.htmlReportDir = path.resolve(root, this.htmlReportDir);
    if (this.junitFile) this.junitFile = path.resolve(root, this.junitFile);
    // The tools read "the last run" from here: an earlier run's files must not pass for this one's.
    rmSync(this.outputFile, { force: true });
    for (const file of [REPORT_FILES.violations, REPORT_FILES.page]) rmSync(path.join(path.dirname(this.outputFile), file), { force: true });
    const gate = readGateConfig(process.env);
    // A shard, a replay or a selection of checks sees part of the run: what it did not see is not "fixed".
    this.complete = !config.shard && !gate.replay && gate.selectedChecks.length === 0 && gate.excludedChecks.length === 0;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const failing = new Set<string>();
    for (const attachment of result.attachments) {
      if (attachment.name === PHASE_STATS_ATTACHMENT && attachment.body) {
        const stats = JSON.parse(attachment.body.toString('utf8')) as PhaseStats;
        this.phases.push(stats);
        const planned = planOf(RunContext.forThisProcess()).find((p) => p.key === stats.key);
        this.timings.push({ phase: stats.key, random: planned?.random ?? false, kind: planned?.kind ?? 'operation', sent: stats.sent, startedAt: result.startTime.getTime(), durationMs: result.duration });
        for (const identity of stats.repeated) failing.add(checkOfIdentity(identity));
      }
      if (attachment.name === PHASE_VIOLATIONS_ATTACHMENT && attachment.body) {
        const violations = JSON.parse(attachment.body.toString('utf8')) as Violation[];
        this.violations.push(...violations);
        for (const v of violations) if (!v.known) failing.add(v.check);
      }
    }
    // As Playwright's JUnit reporter names the test case: its title path below the project and file.
    if (failing.size > 0) this.checksByTest.set(test.titlePath().slice(3).join(' › '), [...failing]);
  }

  onEnd(result: FullResult): void {
    if (this.phases.length === 0) return;
    const interrupted = result.status === 'interrupted';
    // Complete: every phase the run declares reported, none cut short (a -g or file filter, a
    // --last-failed, a held-back budget would otherwise pass for the whole run).
    const ctx = RunContext.forThisProcess();
    const complete = sawWholeContract(this.complete, interrupted, declaredKeys(ctx), this.phases);
    const known = KnownDiscrepancies.load(readGateConfig(process.env).knownDiscrepanciesPath).entries;
    // Shards report what each saw; merged, a violation found on two shards is still one violation.
    const distinct = [...new Map(this.violations.map((v) => [`${v.known ? 'known' : 'violation'}:${v.identity}`, v])).values()];
    const contract = ctx.contract;
    const scopes = Object.fromEntries(contract.operations.map((op) => [op.id, requiredScope(contract, op) ?? null]));
    const summary = summarize(this.phases, distinct, complete ? known : undefined, contractGaps(contract), resourcesOf(contract).map(describeResource), scopes);
    summary.refusedBeforeStart = process.env[PREFLIGHT_REFUSED_ENV];
    // The plan the worker made is in the run's journal (the runner never measured the target).
    const journalPath = readGateConfig(process.env).journalPath;
    summary.plan = journalPath ? new RunJournal(journalPath).requestPlan : undefined;
    const untested = [...contract.skipped, ...ctx.ungenerated];
    if (ctx.config.target.kind === 'live' && !ctx.config.target.otherToken) untested.push('isolation between accounts: no second account was given (set OMI_API_TOKEN_OTHER to the credential of an unrelated account)');
    if (untested.length > 0) summary.untested = untested;
    if (interrupted) summary.interrupted = 'the run was interrupted (SIGINT or SIGTERM): it sent no new request, cleaned up what it made, and reports what it ran';
    const reportDir = path.dirname(this.outputFile);
    const { verdict, line } = verdictOf(ctx, summary, complete, distinct);
    // The console is one screen; every table is in summary.txt (and here with OMI_VERBOSE=1).
    const details = formatSummary(summary);
    console.log(process.env.OMI_VERBOSE === '1' ? `\n${details}\n\n${line}` : formatConsole(summary, line, reportDir));
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(path.join(reportDir, REPORT_FILES.details), `${details}\n\n${line}\n`);
    const { config } = ctx;
    const info = (contract.doc.info ?? {}) as { title?: string; version?: string };
    // A small stable head a CI script reads (docs/summary-json.md), then everything else.
    const head = {
      verdict,
      target: config.target.kind === 'live' ? { kind: 'live', url: config.target.baseUrl } : { kind: 'mock', mode: config.target.mode, url: config.target.baseUrl },
      contract: { file: contract.label, title: info.title ?? null, version: info.version ?? null },
      seed: summary.seed,
      budget: { runsPerRandomPhase: config.runs, requests: summary.requests, timeBudgetSeconds: config.timeBudgetMs === undefined ? null : config.timeBudgetMs / 1000 },
      causes: summary.causes.map(({ what, checks, operations, seenAt, received, documented, example, replay }) => ({ what, checks, operations, seenAt, received, documented, example, replay })),
    };
    writeFileSync(this.outputFile, JSON.stringify({ ...head, ...summary, causes: head.causes, complete, timings: this.timings }, null, 2));
    // The tools (save a regression case, record known discrepancies) read the run's violations from here.
    writeFileSync(path.join(path.dirname(this.outputFile), REPORT_FILES.violations), JSON.stringify(distinct, null, 2));
    if (this.junitFile && existsSync(this.junitFile)) writeFileSync(this.junitFile, nameChecksInJunit(readFileSync(this.junitFile, 'utf8'), this.checksByTest));
    const page = this.gateReport(summary, distinct, complete);
    writeFileSync(path.join(path.dirname(this.outputFile), REPORT_FILES.page), page);
    // A copy inside Playwright's report folder: show-report serves it too, at /gate.html (that reporter has written its report by now).
    if (this.htmlReportDir && existsSync(this.htmlReportDir)) writeFileSync(path.join(this.htmlReportDir, REPORT_FILES.page), page);
  }


  private gateReport(summary: ReturnType<typeof summarize>, violations: Violation[], complete: boolean): string {
    const ctx = RunContext.forThisProcess();
    const { contract, config } = ctx;
    const info = (contract.doc.info ?? {}) as { title?: string; version?: string };
    const operations: DocumentedOperation[] = contract.operations.map((op) => ({
      id: op.id,
      method: op.method,
      path: op.path,
      statuses: op.responses.map((r) => r.status),
      inputs: [...op.parameters.map((p) => `${p.in}:${p.name}`), ...bodyPropertyNames(contract, op).map((name) => `/${name}`)],
    }));
    const target = config.target.kind === 'live' ? `live: ${config.target.baseUrl}` : `Prism mock of ${config.contractPath} (${config.target.mode}), started by the run`;
    const env = replayEnvOf(config);
    const html = renderGateReport({
      summary, violations, target, operations, complete,
      contract: { file: config.contractPath, title: info.title ?? '(untitled)', version: info.version ?? '(no version)' },
      rerun: `${env ? `${env} ` : ''}OMI_FUZZ_SEED=${summary.seed} npx playwright test`,
      generatedAt: new Date().toISOString(),
    });
    // The evidence is redacted where it was made; this pass is the last guard for the page as a whole.
    return ctx.redactor.redact(html);
  }

  printsToStdio(): boolean {
    return true;
  }
}

/** The run's verdict, as summary.json says it and as the console's last word. */
function verdictOf(ctx: RunContext, summary: RunSummary, complete: boolean, violations: readonly Violation[]): { verdict: 'pass' | 'fail' | 'interrupted'; line: string } {
  const fresh = violations.filter((v) => !v.known && !v.allowance).length;
  const stopped = summary.phases.filter((p) => p.aborted).length;
  const target = ctx.config.target.kind === 'live' ? ctx.config.target.baseUrl : `the Prism mock (${ctx.config.target.mode})`;
  if (summary.interrupted) return { verdict: 'interrupted', line: `Verdict: INTERRUPTED: the run was stopped; what ran is reported${fresh > 0 ? `, with ${summary.causes.length} cause(s)` : ''}` };
  if (fresh > 0 || stopped > 0) return { verdict: 'fail', line: `Verdict: FAIL: ${summary.causes.length} cause(s), ${fresh} violation(s)${stopped > 0 ? `, ${stopped} phase(s) stopped early` : ''}: ${ctx.contract.label} on ${target}` };
  return { verdict: 'pass', line: `Verdict: PASS: ${ctx.contract.label} holds on ${target}: ${summary.requests} requests, ${summary.phases.length} phases${complete ? '' : ' (a partial run: not every phase ran)'}` };
}
