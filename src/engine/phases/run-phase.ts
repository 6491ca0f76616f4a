import fc from 'fast-check';
import type { Operation } from '../../contract/load';
import type { Case } from '../../model/case';
import type { Draw, Phase } from '../../model/phase';
import type { Exchange } from '../../model/exchange';
import { DEFAULT_CONTRACT_PATH, DEFAULT_RUNS, type GateConfig } from '../../config/config';
import type { Target } from '../../transport/target';
import type { JudgedFinding, Judge } from '../judge';
import { inParallel } from '../../transport/pool';
import { phaseResult, type PhaseResult, type Violation } from '../../model/outcome';

/** Requests spent at most on shrinking one finding; shrinking stops there with the smallest case so far. */
const SHRINK_REQUEST_BUDGET = 60;



/** Where a finding goes: excused by the target's known departures, accepted by the team, or a violation. */
export function bucketOf(result: PhaseResult, judged: JudgedFinding): Violation[] {
  return judged.allowance ? result.allowed : judged.known ? result.known : result.violations;
}

/** Each phase's own seed, from the run's: one phase can be replayed without the others. */
export function phaseSeed(runSeed: number, phaseKey: string): number {
  let hash = 0x811c9dc5 ^ runSeed;
  for (const char of phaseKey) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash | 0;
}

export const phaseKey = (phase: Pick<Phase, 'operationId' | 'name'>) => `${phase.operationId}/${phase.name}`;

export interface Sent {
  index: string;
  testCase: Case;
  exchange: Exchange;
}

export interface PhaseRunOptions {
  runs: number;
  runSeed: number;
  /** Replay only the case at this path (the part after `operationId/phase:`). */
  replayPath?: string;
  /** Observes every exchange as it arrives (the ledgers learn from it what was created, and the secrets of created keys). */
  onExchange?: (operation: Operation, testCase: Case, exchange: Exchange) => void;
  /** A reason not to send this case (a resource's budget, an id that is not the run's): counted as a skip. */
  skipCase?: (testCase: Case) => string | undefined;
  /** True the first time the run reports a finding key: a violation is reported once per run, not per phase. */
  firstReport: (key: string) => boolean;
  redact: <T>(value: T) => T;
  /** A list phase's share of the run's requests, when smaller than its cases: each kind of case sent once before any twice. */
  maxCases?: number;
}

/** Generates, sends and judges one phase; every distinct violation is reported once, shrunk when random. */
export async function runPhase(phase: Phase, operation: Operation, target: Target, judge: Judge, options: PhaseRunOptions): Promise<PhaseResult> {
  const seed = phaseSeed(options.runSeed, phaseKey(phase));
  const result = phaseResult({ key: phaseKey(phase), phase: phase.name, operationId: phase.operationId, description: phase.description });
  // The request that found the target not answering, wherever it was sent (shrinking included).
  let unanswered: Sent | undefined;
  const send = async (testCase: Case) => {
    const exchange = await target.send(testCase);
    options.onExchange?.(operation, testCase, exchange);
    // Only one exchange is ever the target's breaking one (later sends fail with "not sent").
    if (exchange === target.broken) unanswered = { index: '', testCase, exchange };
    return exchange;
  };

  let draws: { index: string; draw: Draw }[];
  if (phase.kind === 'list') {
    const indices = options.replayPath !== undefined ? [Number(options.replayPath)] : familyFirst(phase.cases, options.maxCases);
    if (options.replayPath === undefined && indices.length < phase.cases.length) {
      result.skipped += phase.cases.length - indices.length;
      result.limited ??= `the run's request budget gives it ${indices.length} of its ${phase.cases.length} cases: one of each kind first`;
      result.budgetCut = { planned: phase.cases.length, allowed: indices.length };
    }
    draws = indices.filter((i) => i < phase.cases.length).map((i) => ({ index: String(i), draw: { case: phase.cases[i] } }));
  } else {
    draws = drawFuzzCases(phase.arbitrary, seed, phase.runs ?? options.runs, options.replayPath);
  }

  const sent = await sendInOrder(draws, target, send, options.skipCase, (limitedBy) => {
    result.skipped++;
    // Held back by a limit of the run (a budget): the phase is smaller, not broken (the first limit is named).
    result.limited ??= limitedBy;
  });
  if (target.broken) result.aborted = `the target stopped answering (${target.broken.failure!.message}); no further cases were generated`;
  result.sent = sent.length;

  for (const item of sent) {
    for (const judged of judge.judge(operation, item.testCase, item.exchange)) {
      // An excused finding must not hide a real one of the same identity: each bucket is reported once.
      if (!reportedHere(result, judged, options.firstReport)) continue;
      let evidence: Evidence = { ...item, judged, shrunk: false };
      // (A target that stopped answering makes shrink return the evidence as it is, sending nothing.)
      if (phase.kind === 'fuzz' && !judged.allowance && !judged.known && options.replayPath === undefined) {
        evidence = await shrink(phase.arbitrary, seed, evidence, (c) => (options.skipCase?.(c) ? undefined : send(c)), (c, e) => judge.findings(operation, c, e), target);
      }
      bucketOf(result, judged).push(toViolation(evidence.judged, result, evidence, options.runSeed, options.redact, item.exchange.sequence, target.config));
    }
  }
  // The target can also stop answering while a finding is shrunk: that is reported here, not lost.
  if (unanswered && !result.aborted) {
    result.aborted = `the target stopped answering while a finding was shrunk (${unanswered.exchange.failure!.message})`;
    for (const judged of judge.findings(operation, unanswered.testCase, unanswered.exchange)) {
      if (judged.check.name !== 'target_responds' || !options.firstReport(reportKey(judged))) continue;
      result.violations.push(toViolation(judged, result, { ...unanswered, shrunk: false }, options.runSeed, options.redact, unanswered.exchange.sequence, target.config));
    }
  }
  return result;
}

/**
 * The indices of at most `max` cases, each kind of case (its rule, else its label) once before any
 * kind twice, sent in their own order: a phase cut by the budget still covers every kind.
 */
export function familyFirst(cases: readonly Case[], max = cases.length): number[] {
  if (max >= cases.length) return cases.map((_, i) => i);
  const seen = new Map<string, number>();
  const rank = cases.map((c) => {
    const kind = c.rule ?? c.label;
    const n = seen.get(kind) ?? 0;
    seen.set(kind, n + 1);
    return n;
  });
  return cases.map((_, i) => i).sort((a, b) => rank[a] - rank[b] || a - b).slice(0, Math.max(0, max)).sort((a, b) => a - b);
}

/** What makes a finding reported once per run: its identity within its bucket. */
/**
 * Whether a finding is reported here: once per run, in the first test that meets it. A violation met
 * again in a later test is named there (it fails that test too, in one line); one met again in the
 * same test is that test's already.
 */
export function reportedHere(result: PhaseResult, judged: JudgedFinding, firstReport: (key: string) => boolean): boolean {
  if (firstReport(reportKey(judged))) return true;
  const mine = result.violations.some((v) => v.identity === judged.identity);
  if (!judged.allowance && !judged.known && !mine && !(result.repeated ?? []).includes(judged.identity)) (result.repeated ??= []).push(judged.identity);
  return false;
}

export const reportKey = (judged: JudgedFinding) => `${judged.allowance ? 'allowed' : judged.known ? 'known' : 'violation'}:${judged.identity}`;

/**
 * Sends cases keeping `concurrency` requests in flight (a sliding window, not lockstep batches),
 * and returns them in case order, so judging and reports do not depend on timing.
 */
async function sendInOrder(
  draws: { index: string; draw: Draw }[],
  target: Target,
  send: (c: Case) => Promise<Exchange>,
  skipCase: PhaseRunOptions['skipCase'],
  onSkip: (limitedBy?: string) => void,
): Promise<Sent[]> {
  const slots: Sent[] = [];
  await inParallel(draws, target.config.concurrency, async ({ index, draw }, i) => {
    if (target.broken || target.interrupted) return;
    // A draw that leaves the route is skipped for its own reason: not a limit of the run.
    if ('skip' in draw) return onSkip();
    const reason = skipCase?.(draw.case);
    if (reason) return onSkip(reason);
    const exchange = await send(draw.case);
    // Held back on its way (the run's time spent, HTTP cannot carry it): a skip, with why.
    if (exchange.failure?.kind === 'not-sent') return onSkip(exchange.failure.message.replace(/^not sent: /, ''));
    slots[i] = { index, testCase: draw.case, exchange };
  });
  // The cases not sent leave holes; the values are the sent ones, in case order.
  return Object.values(slots);
}

/** The draw a replay path names in a random phase, or why there is none. */
export function drawAtPath(phase: Phase & { kind: 'fuzz' }, runSeed: number, path: string): { draw?: Draw; problem?: string } {
  const runs = phase.runs ?? 0;
  if (Number(path.split(':')[0]) >= runs) return { problem: `${phaseKey(phase)} has ${runs} cases, numbered from 0` };
  try {
    const [first] = drawFuzzCases(phase.arbitrary, phaseSeed(runSeed, phaseKey(phase)), runs, path);
    return first ? { draw: first.draw } : { problem: `the path ${path} leads to no case of ${phaseKey(phase)}` };
  } catch (error) {
    return { problem: `the path ${path} is not one of ${phaseKey(phase)}: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** The draws fast-check makes for `seed`, in run order: draw i is what path "i" replays. */
function drawFuzzCases(arbitrary: fc.Arbitrary<Draw>, seed: number, runs: number, replayPath?: string): { index: string; draw: Draw }[] {
  const draws: { index: string; draw: Draw }[] = [];
  if (replayPath !== undefined) {
    fc.check(fc.property(arbitrary, (draw) => { draws.push({ index: replayPath, draw }); return false; }), { seed, path: replayPath, endOnFailure: true });
    return draws;
  }
  fc.check(fc.property(arbitrary, (draw) => { draws.push({ index: String(draws.length), draw }); return true; }), { seed, numRuns: runs });
  return draws;
}

interface Evidence extends Sent {
  judged: JudgedFinding;
  shrunk: boolean;
}

/**
 * Lets fast-check shrink the case to the smallest one that still shows the same violation; the
 * evidence (finding, case, exchange) all comes from that smallest case. Stops at the request budget,
 * and as soon as the target stops answering.
 */
async function shrink(
  arbitrary: fc.Arbitrary<Draw>,
  seed: number,
  original: Evidence,
  send: (c: Case) => Promise<Exchange> | undefined,
  findings: (c: Case, e: Exchange) => JudgedFinding[],
  target: Target,
): Promise<Evidence> {
  // The smallest case met that still shows the finding, if any did.
  let smallest: Pick<Evidence, 'testCase' | 'exchange' | 'judged'> | undefined;
  let budget = SHRINK_REQUEST_BUDGET;
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (draw) => {
      if ('skip' in draw || budget-- <= 0 || target.broken) return true;
      const sending = send(draw.case);
      if (!sending) return true;
      const exchange = await sending;
      const match = findings(draw.case, exchange).find((f) => f.identity === original.judged.identity);
      if (match) smallest = { testCase: draw.case, exchange, judged: match };
      // Passes (true) when the case no longer shows the finding.
      return match === undefined;
    }),
    { seed, path: original.index },
  );
  // No case showed it again (so fast-check found no failure): the original stands.
  if (!smallest) return original;
  // A case that showed it failed the property: fast-check names the smallest such case's path.
  const path = details.counterexamplePath!;
  return { ...smallest, index: path, shrunk: path !== original.index };
}

/**
 * The variables, besides seed and path, that a replay needs to meet the same case on the same target:
 * the target (the token stays a shell variable), and a budget or contract other than the defaults
 * (the budget decides how random phases are split into parts).
 */
export function replayEnvOf(config: GateConfig): string {
  const target = config.target;
  // Credentials by name only: the replay line reads them from the environment, never shows them.
  const schemeVars = target.kind === 'live' ? [...Object.keys(target.schemeTokens?.main ?? {}).map((s) => `OMI_API_TOKEN_${s}`), ...Object.keys(target.schemeTokens?.other ?? {}).map((s) => `OMI_API_TOKEN_OTHER_${s}`)] : [];
  const parts = target.kind === 'live' ? [`OMI_API_BASE_URL=${target.baseUrl}`, 'OMI_API_TOKEN="$OMI_API_TOKEN"', ...(target.otherToken ? ['OMI_API_TOKEN_OTHER="$OMI_API_TOKEN_OTHER"'] : []), ...schemeVars.map((v) => `${v}="$${v}"`)] : target.mode === 'dynamic' ? ['OMI_MOCK_MODE=dynamic'] : [];
  if (config.runs !== DEFAULT_RUNS) parts.push(`OMI_FUZZ_RUNS=${config.runs}`);
  if (config.contractPath !== DEFAULT_CONTRACT_PATH) parts.push(`OMI_CONTRACT=${config.contractPath}`);
  return parts.join(' ');
}

export function toViolation(judged: JudgedFinding, phase: Pick<PhaseResult, 'key' | 'phase'>, evidence: Sent & { shrunk: boolean }, runSeed: number, redact: <T>(v: T) => T, firstSeenAt: number | undefined, config: GateConfig): Violation {
  const { check, finding } = judged;
  // The case itself holds no secret (credentials are added when sending) and is kept as generated, so
  // a saved regression case sends exactly it; everything shown to people is redacted. A step is no
  // generated part: it carries what the target answered (a list's items, a read back), which may hold
  // a secret a leaking list shows, so it is redacted like the exchange.
  const shown = redact({
    identity: judged.identity,
    targetKind: config.target.kind,
    targetEnv: replayEnvOf(config),
    check: check.name,
    reason: check.reason,
    // The operation the request went to: a scenario or a probe spans several.
    operationId: evidence.testCase.operationId,
    phase: phase.phase,
    status: evidence.exchange.response?.status,
    message: finding.message,
    received: finding.received,
    documented: finding.documented,
    location: finding.location,
    caseLabel: evidence.testCase.label,
    exchange: evidence.exchange,
    replayPath: `${phase.key}:${evidence.index}`,
    seed: runSeed,
    shrunk: evidence.shrunk,
    firstSeenAt,
    allowance: judged.allowance ? { id: judged.allowance.id, reason: judged.allowance.reason } : undefined,
    known: judged.known,
  });
  const { step } = evidence.testCase;
  // A read that shows an earlier write's damage: the finding is the write's, with the steps that led to it.
  const after = step && 'after' in step ? step.after : undefined;
  const readId = step && 'resourceId' in step ? step.resourceId : step && 'probedId' in step ? step.probedId : undefined;
  const culprit = after && redact({
    operationId: after.operationId,
    steps: [
      `${after.operationId} of ${after.resourceId} sent ${JSON.stringify(after.sent).slice(0, 200)}${after.answered === undefined ? '' : `, answered ${after.answered}`}`,
      `${evidence.testCase.operationId} read ${readId ?? after.resourceId} back: ${finding.message}`,
    ],
  });
  return { ...shown, ...culprit, testCase: step ? { ...evidence.testCase, step: redact(step) } : evidence.testCase };
}
