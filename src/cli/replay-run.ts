import { SuiteInputError } from '../contract/errors';
import type { RegressionCase } from '../generate/regressions';
import { readFileSync, existsSync } from 'node:fs';
import { Gate, leftBehindLines } from '../harness/gate';
import { consoleBlock } from '../report/violation';
import { startPrism } from '../target/prism';
import { parseArgs } from './run-violations';
import type { Phase } from '../generate/phases';

const USAGE = 'usage: npm run replay -- --seed N --path operationId/phase:path   |   npm run replay -- CASE.json';

function phaseFor(gate: Gate, key: string): Phase {
  const [operationId, name] = key.split('/');
  const phases = name === 'regressions' ? gate.regressionPhases : gate.phasesOf(gate.operation(operationId).id);
  // The gate checked at construction that the replay names one of its phases.
  return phases.find((p) => p.operationId === operationId && p.name === name)!;
}

/**
 * Replays one violation against the target the environment names (the mock by default, started
 * here), by seed and path or from a saved case file, and prints the block the report showed.
 * Exit 1 when it reproduces, 0 when the case now passes every check, 2 when nothing could be sent.
 */
export async function runReplay(args: string[], environment: Record<string, string | undefined>, print: (line: string) => void): Promise<number> {
  const { options, rest } = parseArgs(args, ['seed', 'path']);
  let env = environment;
  let saved: RegressionCase | undefined;
  if (rest.length === 1) {
    if (!existsSync(rest[0])) throw new SuiteInputError(`no case file ${rest[0]}`);
    saved = JSON.parse(readFileSync(rest[0], 'utf8')) as RegressionCase;
    if (!saved.case?.operationId) throw new SuiteInputError(`${rest[0]} is not a saved regression case`);
  } else if (options.seed && options.path) {
    env = { ...environment, OMI_FUZZ_SEED: options.seed, OMI_FUZZ_PATH: options.path };
  } else {
    throw new SuiteInputError(USAGE);
  }
  const gate = Gate.fromEnvironment(env);
  const prism = gate.config.target.kind === 'mock' ? await startPrism(gate.config, gate.contract) : undefined;
  try {
    await gate.start();
    const phase: Phase = saved
      ? // Stryker disable next-line StringLiteral: the description is not printed by a replay (the phase name is, and is asserted)
        { name: 'regressions', operationId: saved.case.operationId, kind: 'list', description: 'a saved case', cases: [{ ...saved.case, source: rest[0] }] }
      : phaseFor(gate, gate.config.replay!.phase);
    const outcome = await gate.run(phase);
    const shown = [...outcome.violations, ...outcome.known, ...outcome.allowed];
    for (const v of shown) print(`${consoleBlock(v)}\n`);
    // Nothing sent is nothing judged: neither "reproduced" nor "fixed" (unless the target did not answer).
    const code = outcome.violations.length > 0 ? 1 : outcome.sent === 0 ? 2 : 0;
    if (outcome.sent === 0) print(`No case was sent: ${outcome.limited ?? outcome.aborted ?? 'the path names no case of this phase'}.`);
    else if (outcome.violations.length === 0 && shown.length > 0) print('Reproduced, but only as a known discrepancy or an allowed departure of this target.');
    else if (outcome.violations.length === 0) print(`Not reproduced: the case passed every check on ${gate.config.target.baseUrl}.`);
    const left = leftBehindLines(await gate.cleanup());
    for (const line of left) print(line);
    return left.length > 0 && code === 0 ? 1 : code;
  } finally {
    await gate.close();
    prism?.stop();
  }
}
