import { EXCHANGE_CHECKS } from '../checks';
import { SuiteInputError } from '../contract/errors';
import type { RegressionCase } from '../generate/regressions';
import { readFileSync, existsSync } from 'node:fs';
import { leftBehindLines } from '../engine/state/cleanup';
import { RunContext } from '../engine/context';
import { runPlanned } from '../engine/execute';
import { operationPhase, planOf, type PlannedPhase } from '../engine/plan';
import { finishRun, startRun } from '../engine/run';
import type { PhaseOutcome } from '../model/outcome';
import { consoleBlock, requestText, responseText } from '../report/violation';
import { freePort } from '../transport/ports';
import { startPrism } from '../transport/prism';
import { parseArgs } from './run-violations';
import type { Phase } from '../model/phase';

const USAGE = 'usage: npm run replay -- --seed N --path operationId/phase:path [--check NAME]   |   npm run replay -- CASE.json';

const indent = (text: string) => text.split('\n').map((line) => `  ${line}`).join('\n');

/** Why `check` said nothing of the replayed case on this target, if it did not judge it. */
export function whyNotJudged(check: string, outcome: PhaseOutcome): string | undefined {
  const notHere = outcome.notChecked.find((n) => n.check === check);
  if (notHere) return `is not checked against this target (${notHere.reason})`;
  if ((outcome.tallies[check]?.judged ?? 0) === 0) return 'had nothing to judge in this case on this target';
  return undefined;
}

/** A saved case, as a phase of its own: its file replays it whatever else is saved beside it. */
function savedPhase(saved: RegressionCase, file: string): PlannedPhase {
  // Stryker disable next-line StringLiteral: the description is not printed by a replay (the phase name is, and is asserted)
  const phase: Phase = { name: 'regressions', operationId: saved.case.operationId, kind: 'list', description: 'a saved case', cases: [{ ...saved.case, source: file }] };
  return operationPhase(phase, 'regressions', 'a saved case');
}

/**
 * Replays one violation against the target the environment names (the mock by default, started
 * here), by seed and path or from a saved case file, and prints what it sent and got, and the block
 * the report showed. Exit 1 when it reproduces, 0 when the case now passes every check, 2 when nothing
 * could be sent or the violation's check (the file's, or --check) cannot judge it on this target.
 */
export async function runReplay(args: string[], environment: Record<string, string | undefined>, print: (line: string) => void): Promise<number> {
  const { options, rest } = parseArgs(args, ['seed', 'path', 'check']);
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
  // Its own mock, on a port of its own (OMI_MOCK_PORT when given).
  if (!env.OMI_API_BASE_URL && !env.OMI_MOCK_PORT) env = { ...env, OMI_MOCK_PORT: String(freePort()) };
  const ctx = RunContext.fromEnvironment(env);
  // The plan refuses a replay of no phase, in one line, before anything starts.
  const plan = planOf(ctx);
  const check = saved?.check ?? options.check;
  if (check !== undefined && !EXCHANGE_CHECKS.some((c) => c.name === check)) throw new SuiteInputError(`--check ${check} is not one of the gate's checks`);
  const sent: string[] = [];
  ctx.onExchange = (_testCase, exchange) => {
    const shown = ctx.redactor.redactValue(exchange);
    sent.push(`Sent:\n${indent(requestText(shown.request))}\nGot:\n${indent(responseText(shown))}\n`);
  };
  const prism = ctx.config.target.kind === 'mock' ? await startPrism(ctx.config, ctx.contract) : undefined;
  try {
    await startRun(ctx);
    // The plan checked that the replay names one of its phases.
    const phase = saved ? savedPhase(saved, rest[0]) : plan.find((p) => p.key === ctx.config.replay!.phase)!;
    const outcome = await runPlanned(ctx, phase);
    for (const exchange of sent) print(exchange);
    const shown = [...outcome.violations, ...outcome.known, ...outcome.allowed];
    for (const v of shown) print(`${consoleBlock(v)}\n`);
    // A check this target cannot answer, or that had nothing to judge here, says nothing: not "fixed".
    const unjudged = check !== undefined && outcome.violations.length === 0 ? whyNotJudged(check, outcome) : undefined;
    // Nothing sent is nothing judged: neither "reproduced" nor "fixed" (unless the target did not answer).
    const code = outcome.violations.length > 0 ? 1 : outcome.sent === 0 || unjudged ? 2 : 0;
    if (outcome.sent === 0) print(`No case was sent: ${outcome.limited ?? outcome.aborted ?? 'the path names no case of this phase'}.`);
    else if (unjudged) print(`Cannot judge it here: ${check} ${unjudged}; replay it against the target it was found on.`);
    else if (outcome.violations.length === 0 && shown.length > 0) print('Reproduced, but only as a known discrepancy or an allowed departure of this target.');
    else if (outcome.violations.length === 0) print(`Not reproduced: the case passed every check on ${ctx.config.target.baseUrl}.`);
    const left = leftBehindLines(await finishRun(ctx));
    for (const line of left) print(ctx.redactor.redact(line));
    return left.length > 0 && code === 0 ? 1 : code;
  } finally {
    await ctx.close();
    prism?.stop();
  }
}
