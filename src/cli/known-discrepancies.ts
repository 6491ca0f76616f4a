import { KnownDiscrepancies, writeKnownDiscrepancies, type KnownDiscrepancy } from '../engine/known-discrepancies';
import { SuiteInputError } from '../contract/errors';
import { readGateConfig } from '../target/config';
import { parseArgs, readRunViolations } from './run-violations';
import { runCli } from './run-cli';

const DEFAULT_REASON = 'recorded from a run; say here why this is accepted for now';

/**
 * `record`: rewrites the known-discrepancies file from the last run's violations. Entries already
 * there keep their reasons; ones the run no longer saw are dropped (fixed); new ones get --reason.
 */
runCli('known-discrepancies', async (args) => {
  const { options, rest } = parseArgs(args, ['report', 'reason']);
  if (rest[0] !== 'record') throw new SuiteInputError('usage: npm run known-discrepancies -- record [--reason "why"] [--report DIR]');
  const file = readGateConfig(process.env).knownDiscrepanciesPath;
  const existing = KnownDiscrepancies.load(file);
  const violations = readRunViolations(options.report ?? process.env.OMI_REPORT_DIR ?? 'reports');
  const entries = new Map<string, KnownDiscrepancy>();
  for (const v of violations) {
    if (entries.has(v.identity)) continue;
    const kept = existing.find(v.identity);
    entries.set(v.identity, { operation: v.operationId, check: v.check, status: v.status ?? 'no-response', location: v.location, reason: kept?.reason ?? options.reason ?? DEFAULT_REASON });
  }
  writeKnownDiscrepancies(file, [...entries.values()]);
  const added = [...entries.keys()].filter((id) => !existing.find(id)).length;
  const dropped = existing.entries.length - (entries.size - added);
  console.log(`${file}: ${entries.size} known discrepancies (${added} new, ${dropped} no longer seen and dropped)`);
  return 0;
});
