import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readGateConfig, REPORT_FILES } from '../config/config';
import { SuiteInputError } from '../contract/errors';
import { compiledContract } from '../engine/compiled';
import { RunContext } from '../engine/context';
import { finishRun } from '../engine/run';
import { leftBehindLines } from '../engine/state/cleanup';

/**
 * Deletes what a killed run left in its target, from its journal (`FILE`, else the one in
 * OMI_REPORT_DIR): the ids it recorded, and for a create whose answer never came, the listed items
 * that hold what it sent and were not there before the run. Never anything else. Exit 0 when nothing
 * is left, 1 when something could not be deleted, 2 when it cannot start.
 */
export async function runCleanup(args: string[], env: Record<string, string | undefined>, print: (line: string) => void): Promise<number> {
  if (args.length > 1) throw new SuiteInputError('usage: npm run cleanup [-- JOURNAL]   (default: the journal in OMI_REPORT_DIR, reports/)');
  const config = readGateConfig(env);
  const file = path.resolve(args[0] ?? path.join(config.reportDir, REPORT_FILES.journal));
  if (!existsSync(file)) {
    print(`Nothing to clean up: no journal at ${file}.`);
    return 0;
  }
  const ctx = new RunContext({ ...config, journalPath: file }, compiledContract(config.contractPath));
  try {
    const made = ctx.journal.target;
    if (made === undefined) {
      print(`Nothing to clean up: ${file} is the journal of a run against the mock, which keeps nothing.`);
      return 0;
    }
    if (!ctx.isLive || config.target.baseUrl !== made) throw new SuiteInputError(`${file} is the journal of a run against ${made}: point OMI_API_BASE_URL (and OMI_API_TOKEN, OMI_API_TOKEN_OTHER) at it`);
    const recorded = ctx.journal.left();
    const pendings = ctx.journal.pendingCreates();
    // Only the second account's credential can delete what the run made there.
    if (config.target.kind === 'live' && !config.target.otherToken && [...recorded, ...pendings].some((r) => r.account === 'other')) {
      throw new SuiteInputError(`${file} lists what the run made in its second account too: set OMI_API_TOKEN_OTHER to the credential it ran with`);
    }
    const pending = pendings.length;
    const left = await finishRun(ctx);
    const remaining = new Set([...left.keys.map((k) => k.id), ...left.resources.map((r) => `${r.collection}/${r.id}`)]);
    // What the journal recorded, and what the lookups of unanswered creates found (recorded as they were).
    const deleted = [...recorded, ...ctx.resourceLedger.created].filter((r) => !remaining.has(r.id) && !remaining.has(`${r.collection}/${r.id}`));
    const named = deleted.slice(0, 5).map((r) => `${r.collection}/${r.id}`).join(', ');
    print(`Deleted ${deleted.length} resource(s) the run left${deleted.length > 0 ? `: ${named}${deleted.length > 5 ? `, and ${deleted.length - 5} more` : ''}` : ''}${pending ? ` (and looked for what ${pending} unanswered create(s) made)` : ''}.`);
    const lines = leftBehindLines(left, path.join(config.reportDir, REPORT_FILES.left));
    if (lines.length === 0) return 0;
    writeFileSync(path.join(config.reportDir, REPORT_FILES.left), `${JSON.stringify(left, null, 2)}\n`);
    for (const line of lines) print(ctx.redactor.redact(line));
    return 1;
  } finally {
    await ctx.close();
  }
}
