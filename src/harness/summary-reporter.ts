import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { contractGaps } from '../contract/gaps';
import { describeResource, resourcesOf } from '../contract/resources';
import { requiredScope } from '../contract/scopes';
import { KnownDiscrepancies } from '../engine/known-discrepancies';
import { Gate } from './gate';
import type { Violation } from '../engine/run-phase';
import { readGateConfig } from '../target/config';
import { PHASE_STATS_ATTACHMENT, PHASE_VIOLATIONS_ATTACHMENT, type PhaseStats } from '../report/attach';
import { formatSummary, summarize } from '../report/summary';

export const VIOLATIONS_FILE = 'violations.json';

interface Options {
  outputFile?: string;
}

/** Prints the run's summary tables after the tests, and writes them as JSON for tools. */
export default class SummaryReporter implements Reporter {
  private readonly phases: PhaseStats[] = [];
  private readonly violations: Violation[] = [];
  private outputFile: string;
  /** Only a complete run can tell that a known discrepancy is fixed. */
  private complete = true;

  constructor(options: Options = {}) {
    this.outputFile = options.outputFile ?? 'reports/summary.json';
  }

  onBegin(config: FullConfig): void {
    this.outputFile = path.resolve(config.configFile ? path.dirname(config.configFile) : process.cwd(), this.outputFile);
    // The tools read "the last run" from here: an earlier run's files must not pass for this one's.
    rmSync(this.outputFile, { force: true });
    rmSync(path.join(path.dirname(this.outputFile), VIOLATIONS_FILE), { force: true });
    const gate = readGateConfig(process.env);
    // A shard, a replay or a selection of checks sees part of the run: what it did not see is not "fixed".
    this.complete = !config.shard && !gate.replay && gate.selectedChecks.length === 0 && gate.excludedChecks.length === 0;
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    for (const attachment of result.attachments) {
      if (attachment.name === PHASE_STATS_ATTACHMENT && attachment.body) this.phases.push(JSON.parse(attachment.body.toString('utf8')) as PhaseStats);
      if (attachment.name === PHASE_VIOLATIONS_ATTACHMENT && attachment.body) this.violations.push(...(JSON.parse(attachment.body.toString('utf8')) as Violation[]));
    }
  }

  onEnd(): void {
    if (this.phases.length === 0) return;
    // Complete: every phase the run declares reported, none cut short (a -g or file filter, a
    // --last-failed, a held-back budget would otherwise pass for the whole run).
    const reported = new Set(this.phases.map((p) => `${p.operationId}/${p.phase}`));
    const declared = Gate.forThisProcess().declaredPhaseKeys();
    const complete = this.complete && declared.every((key) => reported.has(key)) && !this.phases.some((p) => p.aborted || p.limited);
    const known = KnownDiscrepancies.load(readGateConfig(process.env).knownDiscrepanciesPath).entries;
    // Shards report what each saw; merged, a violation found on two shards is still one violation.
    const distinct = [...new Map(this.violations.map((v) => [`${v.known ? 'known' : 'violation'}:${v.identity}`, v])).values()];
    const contract = Gate.forThisProcess().contract;
    const scopes = Object.fromEntries(contract.operations.map((op) => [op.id, requiredScope(contract, op) ?? null]));
    const summary = summarize(this.phases, distinct, complete ? known : undefined, contractGaps(contract), resourcesOf(contract).map(describeResource), scopes);
    console.log(formatSummary(summary));
    mkdirSync(path.dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, JSON.stringify({ ...summary, complete }, null, 2));
    // The tools (save a regression case, record known discrepancies) read the run's violations from here.
    writeFileSync(path.join(path.dirname(this.outputFile), VIOLATIONS_FILE), JSON.stringify(distinct, null, 2));
  }

  printsToStdio(): boolean {
    return true;
  }
}
