// Usage: npm run spec-diff -- OLD.json NEW.json [--all] [--json] [--contract FILE]
// Exit codes: 0 no breaking change, 1 breaking changes found, 2 bad input or usage.
import { resolve } from 'node:path';
import { diffSpecs } from './diff';
import { formatJson, formatText, type DiffReport } from './format';
import { SpecInputError, loadSpec } from './load';
import { allOperations, coveredOperations, operationLabel } from './operations';

const USAGE = 'usage: spec-diff OLD.json NEW.json [--all] [--json] [--contract openapi.json]';
const DEFAULT_CONTRACT = resolve(__dirname, '..', '..', 'openapi.json');

interface CliOptions {
  oldFile: string;
  newFile: string;
  all: boolean;
  json: boolean;
  contractFile: string;
}

function parseArguments(args: string[]): CliOptions {
  const files: string[] = [];
  let all = false;
  let json = false;
  let contractFile = DEFAULT_CONTRACT;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--all') all = true;
    else if (arg === '--json') json = true;
    else if (arg === '--contract') {
      const value = args[++index];
      if (value === undefined) throw new SpecInputError(`--contract needs a file; ${USAGE}`);
      contractFile = value;
    } else if (arg.startsWith('--contract=')) contractFile = arg.slice('--contract='.length);
    else if (arg.startsWith('-') && arg !== '-') throw new SpecInputError(`unknown option ${arg}; ${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 2) throw new SpecInputError(`expected OLD and NEW files, got ${files.length}; ${USAGE}`);
  return { oldFile: files[0]!, newFile: files[1]!, all, json, contractFile };
}

function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const options = parseArguments(args);
  const oldDoc = loadSpec(options.oldFile, 'OLD');
  const newDoc = loadSpec(options.newFile, 'NEW');
  const operations = options.all ? allOperations(oldDoc) : coveredOperations(oldDoc, loadSpec(options.contractFile, 'contract'));
  const changes = diffSpecs(oldDoc, newDoc, { operations, reportAddedOperations: options.all });
  const report: DiffReport = {
    old: options.oldFile,
    new: options.newFile,
    scope: options.all ? 'all' : 'contract',
    operations: operations.map(operationLabel),
    changes,
  };
  process.stdout.write(options.json ? formatJson(report) : formatText(report));
  return changes.some((change) => change.breaking) ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  // One line, no stack trace: the caller needs to know which input to fix, not where the code was.
  const message = error instanceof SpecInputError ? error.message : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(`spec-diff: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exitCode = 2;
}
