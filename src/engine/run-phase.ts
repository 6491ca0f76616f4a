import fc from 'fast-check';
import type { Operation } from '../contract/load';
import type { Case } from '../generate/case';
import type { Draw, Phase } from '../generate/phases';
import type { Exchange } from '../target/http';
import type { Target } from '../target/target';
import type { JudgedFinding, Judge } from './judge';

/** Requests spent at most on shrinking one finding; shrinking stops there with the smallest case so far. */
const SHRINK_REQUEST_BUDGET = 60;

export interface Violation {
  identity: string;
  /** The kind of target it was found on (mock or live). */
  targetKind: string;
  check: string;
  reason: string;
  operationId: string;
  phase: string;
  status: number | undefined;
  message: string;
  received: string;
  documented: string;
  location: string;
  caseLabel: string;
  testCase: Case;
  exchange: Exchange;
  /** The value of OMI_FUZZ_PATH that replays exactly this case under the run's `seed` (OMI_FUZZ_SEED). */
  replayPath: string;
  seed: number;
  shrunk: boolean;
  /** The run's request number at which it was first seen. */
  firstSeenAt: number | undefined;
  allowance?: { id: string; reason: string };
  known?: { reason: string };
}

export interface PhaseResult {
  operationId: string;
  phase: string;
  description: string;
  sent: number;
  skipped: number;
  violations: Violation[];
  allowed: Violation[];
  /** Violations listed in the known-discrepancies file: reported, not failing. */
  known: Violation[];
  /** Why generation stopped early (a target that stopped answering). */
  aborted?: string;
}

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
  /** Observes every exchange as it arrives (the key ledger uses it to learn created keys and their secrets). */
  onExchange?: (operation: Operation, testCase: Case, exchange: Exchange) => void;
  /** Asked before each batch: false stops generation (a live target's key budget). */
  mayContinue?: () => string | undefined;
  redact: <T>(value: T) => T;
}

/** Generates, sends and judges one phase; every distinct violation is reported once, shrunk when random. */
export async function runPhase(phase: Phase, operation: Operation, target: Target, judge: Judge, options: PhaseRunOptions): Promise<PhaseResult> {
  const seed = phaseSeed(options.runSeed, phaseKey(phase));
  const result: PhaseResult = { operationId: phase.operationId, phase: phase.name, description: phase.description, sent: 0, skipped: 0, violations: [], allowed: [], known: [] };
  const send = async (testCase: Case) => {
    const exchange = await target.send(testCase);
    options.onExchange?.(operation, testCase, exchange);
    return exchange;
  };

  let draws: { index: string; draw: Draw }[];
  if (phase.kind === 'list') {
    const indices = options.replayPath !== undefined ? [Number(options.replayPath)] : phase.cases.map((_, i) => i);
    draws = indices.filter((i) => i < phase.cases.length).map((i) => ({ index: String(i), draw: { case: phase.cases[i] } }));
  } else {
    draws = drawFuzzCases(phase.arbitrary, seed, options.runs, options.replayPath);
  }

  const sent: Sent[] = [];
  const cases = draws.filter(({ draw }) => {
    if ('skip' in draw) result.skipped++;
    return 'case' in draw;
  }) as { index: string; draw: { case: Case } }[];
  // Requests go out `concurrency` at a time but are judged in case order, so reports do not depend on timing.
  const concurrency = target.config.concurrency;
  for (let start = 0; start < cases.length && !target.broken; start += concurrency) {
    const stop = options.mayContinue?.();
    if (stop) {
      result.aborted = stop;
      break;
    }
    const batch = cases.slice(start, start + concurrency);
    const exchanges = await Promise.all(batch.map(({ draw }) => send(draw.case)));
    batch.forEach(({ index, draw }, i) => sent.push({ index, testCase: draw.case, exchange: exchanges[i] }));
  }
  if (target.broken) result.aborted = `the target stopped answering (${target.broken.failure?.message}); no further cases were generated`;
  result.sent = sent.length;

  const seen = new Set<string>();
  for (const item of sent) {
    for (const judged of judge.judge(operation, item.testCase, item.exchange)) {
      if (seen.has(judged.identity)) continue;
      seen.add(judged.identity);
      let evidence = { ...item, shrunk: false };
      if (phase.kind === 'fuzz' && !judged.allowance && !judged.known && options.replayPath === undefined && !target.broken) {
        evidence = await shrink(phase.arbitrary, seed, item, judged, (c) => send(c), (c, e) => judge.findings(operation, c, e));
      }
      const violation = toViolation(judged, phase, evidence, options.runSeed, options.redact, item.exchange.sequence, target.config.target.kind);
      bucketOf(result, judged).push(violation);
    }
  }
  return result;
}

/** The draws fast-check makes for `seed`, in run order: draw i is what path "i" replays. */
function drawFuzzCases(arbitrary: fc.Arbitrary<Draw>, seed: number, runs: number, replayPath?: string): { index: string; draw: Draw }[] {
  const draws: { index: string; draw: Draw }[] = [];
  if (replayPath !== undefined) {
    fc.check(fc.property(arbitrary, (draw) => { draws.push({ index: replayPath, draw }); return false; }), { seed, path: replayPath, endOnFailure: true });
    return draws.slice(0, 1);
  }
  fc.check(fc.property(arbitrary, (draw) => { draws.push({ index: String(draws.length), draw }); return true; }), { seed, numRuns: runs });
  return draws;
}

/** Lets fast-check shrink the case to the smallest one that still shows the same violation. */
async function shrink(
  arbitrary: fc.Arbitrary<Draw>,
  seed: number,
  original: Sent,
  judged: JudgedFinding,
  send: (c: Case) => Promise<Exchange>,
  findings: (c: Case, e: Exchange) => JudgedFinding[],
): Promise<Sent & { shrunk: boolean }> {
  let smallest: Sent = original;
  let budget = SHRINK_REQUEST_BUDGET;
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (draw) => {
      if ('skip' in draw || budget-- <= 0) return true;
      const exchange = await send(draw.case);
      const reproduces = findings(draw.case, exchange).some((f) => f.identity === judged.identity);
      if (reproduces) smallest = { index: '', testCase: draw.case, exchange };
      return !reproduces;
    }),
    { seed, path: original.index },
  );
  if (!details.failed || details.counterexamplePath === null) return { ...original, shrunk: false };
  return { ...smallest, index: details.counterexamplePath, shrunk: details.counterexamplePath !== original.index };
}

export function toViolation(judged: JudgedFinding, phase: Pick<Phase, 'operationId' | 'name'>, evidence: Sent & { shrunk: boolean }, runSeed: number, redact: <T>(v: T) => T, firstSeenAt: number | undefined, targetKind: string): Violation {
  const { check, finding } = judged;
  return redact({
    identity: judged.identity,
    targetKind,
    check: check.name,
    reason: check.reason,
    operationId: phase.operationId,
    phase: phase.name,
    status: evidence.exchange.response?.status,
    message: finding.message,
    received: finding.received,
    documented: finding.documented,
    location: finding.location,
    caseLabel: evidence.testCase.label,
    testCase: evidence.testCase,
    exchange: evidence.exchange,
    replayPath: `${phaseKey(phase)}:${evidence.index}`,
    seed: runSeed,
    shrunk: evidence.shrunk,
    firstSeenAt,
    allowance: judged.allowance ? { id: judged.allowance.id, reason: judged.allowance.reason } : undefined,
    known: judged.known,
  });
}
