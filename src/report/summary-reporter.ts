import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { PHASE_STATS_ATTACHMENT, type PhaseStats } from './attach';
import { formatSummary, summarize } from './summary';

interface Options {
  outputFile?: string;
}

/** Prints the run's summary tables after the tests, and writes them as JSON for tools. */
export default class SummaryReporter implements Reporter {
  private readonly phases: PhaseStats[] = [];
  private outputFile: string;

  constructor(options: Options = {}) {
    this.outputFile = options.outputFile ?? 'reports/summary.json';
  }

  onBegin(config: FullConfig): void {
    this.outputFile = path.resolve(config.configFile ? path.dirname(config.configFile) : process.cwd(), this.outputFile);
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    for (const attachment of result.attachments) {
      if (attachment.name === PHASE_STATS_ATTACHMENT && attachment.body) this.phases.push(JSON.parse(attachment.body.toString('utf8')) as PhaseStats);
    }
  }

  onEnd(): void {
    if (this.phases.length === 0) return;
    const summary = summarize(this.phases);
    console.log(formatSummary(summary));
    mkdirSync(path.dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, JSON.stringify(summary, null, 2));
  }

  printsToStdio(): boolean {
    return true;
  }
}
