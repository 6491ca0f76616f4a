import { identityOfKnown, type KnownDiscrepancy, operationOfIdentity } from '../model/identity';
import { KnownDiscrepancies, writeKnownDiscrepancies } from '../engine/known-discrepancies';
import { SuiteInputError } from '../contract/errors';
import { readGateConfig } from '../config/config';
import { parseArgs, readRunCompleteness, readRunViolations } from './run-violations';
import { runCli } from './run-cli';

const DEFAULT_REASON = 'recorded from a run; say here why this is accepted for now';

/**
 * `record`: rewrites the known-discrepancies file from the last run's violations. Entries already
 * there keep their reasons; new ones get --reason. Entries the run did not see are dropped (fixed)
 * only after a complete run: a shard, a replay or a selection of checks could not have seen them.
 */
runCli('known-discrepancies', async (args) => {
  const { options, rest } = parseArgs(args, ['report', 'reason']);
  if (rest[0] !== 'record') throw new SuiteInputError('usage: npm run known-discrepancies -- record [--reason "why"] [--report DIR]');
  const file = readGateConfig(process.env).knownDiscrepanciesPath;
  const existing = KnownDiscrepancies.load(file);
  const reportDir = options.report ?? process.env.OMI_REPORT_DIR ?? 'reports';
  const violations = readRunViolations(reportDir);
  const complete = readRunCompleteness(reportDir);
  const entries = new Map<string, KnownDiscrepancy>();
  if (!complete) for (const kept of existing.entries) entries.set(identityOfKnown(kept), kept);
  for (const v of violations) {
    if (entries.has(v.identity)) continue;
    const kept = existing.find(v.identity);
    // By the identity's operation (the request's), which a later run matches, not the write a state finding is filed under.
    entries.set(v.identity, { operation: operationOfIdentity(v.identity), check: v.check, status: v.status ?? 'no-response', location: v.location, reason: kept?.reason ?? options.reason ?? DEFAULT_REASON });
  }
  writeKnownDiscrepancies(file, [...entries.values()]);
  const added = [...entries.keys()].filter((id) => !existing.find(id)).length;
  const dropped = existing.entries.length - (entries.size - added);
  const note = complete ? `${dropped} no longer seen and dropped` : 'the last run was partial, so none was dropped';
  console.log(`${file}: ${entries.size} known discrepancies (${added} new, ${note})`);
  return 0;
});
