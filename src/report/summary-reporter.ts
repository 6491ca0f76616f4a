import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { KnownDiscrepancies } from '../engine/known-discrepancies';
import type { Violation } from '../engine/run-phase';
import { readGateConfig } from '../target/config';
import { PHASE_STATS_ATTACHMENT, PHASE_VIOLATIONS_ATTACHMENT, type PhaseStats } from './attach';
import { formatSummary, summarize } from './summary';

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
    // The run is over: its journal (shared by the workers of this run) goes too.
    const { journalPath } = readGateConfig(process.env);
    if (journalPath) rmSync(journalPath, { force: true });
    if (this.phases.length === 0) return;
    const complete = this.complete && !this.phases.some((p) => p.aborted);
    const known = complete ? KnownDiscrepancies.load(readGateConfig(process.env).knownDiscrepanciesPath).entries : undefined;
    const summary = summarize(this.phases, known);
    console.log(formatSummary(summary));
    mkdirSync(path.dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, JSON.stringify(summary, null, 2));
    // The tools (save a regression case, record known discrepancies) read the run's violations from here.
    writeFileSync(path.join(path.dirname(this.outputFile), VIOLATIONS_FILE), JSON.stringify(this.violations, null, 2));
  }

  printsToStdio(): boolean {
    return true;
  }
}
