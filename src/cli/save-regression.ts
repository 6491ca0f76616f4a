import { mkdirSync } from 'node:fs';
import { SuiteInputError } from '../contract/errors';
import { saveRegression } from '../generate/regressions';
import { readGateConfig } from '../config/config';
import { parseArgs, readRunViolations } from './run-violations';
import { runCli } from './run-cli';

const USAGE = 'usage: npm run save-regression -- [--report DIR] (N ... | --all)   (no N: list the last run\'s violations)';

/** Saves violations of the last run as regression cases under fixtures/regressions/ (or OMI_REGRESSIONS_DIR). */
runCli('save-regression', async (args) => {
  const { options, rest } = parseArgs(args, ['report']);
  const violations = readRunViolations(options.report ?? process.env.OMI_REPORT_DIR ?? 'reports');
  if (rest.length === 0 && !options.all) {
    if (violations.length === 0) console.log('The last run found no violation.');
    violations.forEach((v, i) => console.log(`${i + 1}. ${v.check} · ${v.operationId} · ${v.phase} · ${v.caseLabel}`));
    console.log(USAGE);
    return 0;
  }
  const picked = options.all ? violations : rest.map((n) => {
    const v = violations[Number(n) - 1];
    if (!/^\d+$/.test(n) || !v) throw new SuiteInputError(`no violation number ${n} in the last run (1..${violations.length})`);
    return v;
  });
  const dir = readGateConfig(process.env).regressionsDir;
  mkdirSync(dir, { recursive: true });
  for (const v of picked) {
    // A scenario's or a probe's step depends on what its run created: out of that run it reproduces nothing.
    if (v.testCase.step) {
      console.log(`skipped ${v.check} (${v.caseLabel}): steps of a scenario or a probe are not replayable on their own`);
      continue;
    }
    const { file, created } = saveRegression(dir, {
      check: v.check, operationId: v.operationId, targetKind: v.targetKind, status: v.status ?? 'no-response',
      location: v.location, seed: v.seed, path: v.replayPath, case: v.testCase,
    });
    console.log(`${created ? 'saved' : 'already saved'} ${file}`);
  }
  return 0;
});
