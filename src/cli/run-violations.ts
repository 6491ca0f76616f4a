import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SuiteInputError } from '../contract/errors';
import type { Violation } from '../model/outcome';
import { REPORT_FILES } from '../config/config';

/** The last run's violations (new and known), as the summary reporter wrote them. */
export function readRunViolations(reportDir: string): Violation[] {
  const file = path.join(reportDir, REPORT_FILES.violations);
  if (!existsSync(file)) throw new SuiteInputError(`no ${file}: run the gate first (npx playwright test), or name another report folder with --report`);
  return JSON.parse(readFileSync(file, 'utf8')) as Violation[];
}

/** Whether the last run saw everything (not a shard, a replay or a selection of checks). */
export function readRunCompleteness(reportDir: string): boolean {
  const file = path.join(reportDir, REPORT_FILES.summary);
  return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { complete?: boolean }).complete === true;
}

/** `--name value` options and the remaining words. */
export function parseArgs(args: string[], valued: string[]): { options: Record<string, string>; rest: string[] } {
  const options: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) rest.push(arg);
    else if (valued.includes(arg.slice(2))) {
      if (args[i + 1] === undefined) throw new SuiteInputError(`${arg} needs a value`);
      options[arg.slice(2)] = args[++i];
    } else options[arg.slice(2)] = 'true';
  }
  return { options, rest };
}
