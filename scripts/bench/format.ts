/** The readable form of the bench's figures: one small table per question. */
import { round } from './memory';
import { LIVE_SETTINGS } from './live';
import type { BenchResult, LiveResult } from './result';

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

/** (f) and (g), also printed alone by `npm run bench -- live`. */
export function formatLive(live: LiveResult): string {
  const { latency, budgeted } = live;
  const s = LIVE_SETTINGS;
  return [
    `(f) the default live run (whole contract, two accounts, OMI_FUZZ_SEED=${s.seed}) against the reference server with latency: wall time against requests x latency / 8 in flight`,
    table(['latency ms', 'requests', 'floor s', 'wall s', 'ratio', 'goal'], latency.map((l) => [l.latencyMs, l.requests, l.floorSeconds, l.wallSeconds, l.ratio, `<= ${s.goals.latencyRatio}: ${verdict(l.ratio <= s.goals.latencyRatio)}`])),
    '',
    `(g) the same under a per-key limit of ${s.rateLimit} (OMI_RATE_LIMIT=${s.rateLimitSetting}) and OMI_TIME_BUDGET_S=${s.budgetSeconds}: the documented 100 a minute, twenty times faster`,
    table(['wall s', 'requests', 'operations reached', 'checks that judged', 'scenarios run whole', 'left behind'], [[budgeted.wallSeconds, budgeted.requests, `${budgeted.operationsReached} of ${budgeted.operations}`, `${budgeted.checksJudged} of ${budgeted.checks}`, budgeted.scenariosRun, budgeted.leftBehind]]),
    table(['fault (same limit and budget)', 'caught', 'wall s'], budgeted.caught.map((c) => [c.fault, c.caught ? 'yes' : 'NO', c.wallSeconds])),
  ].join('\n');
}

export function formatResult(result: BenchResult): string {
  const { machine, settings, raw, steady, startUp, defaultRun, generation } = result;
  const goals = settings.goals;
  const levelHeaders = settings.rawRate.connections.map((n) => `${n} conn`);
  const nonOk = (r: typeof raw.reference) => r.levels.reduce((n, l) => n + l.errors + Object.entries(l.statuses).filter(([s]) => s !== '200').reduce((m, [, c]) => m + c, 0), 0);
  const memory = defaultRun.run.memory;
  return [
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryMiB} MiB, Node ${machine.node}, load ${machine.loadAverageAtStart} at start, ${machine.date}`,
    '',
    `(a) raw rate: POST ${settings.rawRate.path}, keep-alive undici Pool, ${settings.rawRate.warmupMs} ms warm-up + ${settings.rawRate.measureMs} ms measured (requests/s)`,
    table(['target', ...levelHeaders, 'best', 'non-200'], Object.entries(raw).map(([name, r]) => [name, ...r.levels.map((l) => l.requestsPerSecond), r.best.requestsPerSecond, nonOk(r)])),
    '',
    `(b) reference server, ${settings.steady.contract}, OMI_FUZZ_RUNS=${settings.steady.fuzzRuns}, OMI_FUZZ_SEED=${settings.steady.seed}`,
    table(['measure', 'requests', 'seconds', 'requests/s', 'of (a)', 'goal'], [
      ['steady: the random phases', steady.randomRequests, steady.randomWindowSeconds, steady.steadyRequestsPerSecond, steady.steadyRatio, `>= ${goals.steadyRatio}: ${verdict(steady.steadyRatio >= goals.steadyRatio)}`],
      ['whole run (wall time)', steady.requests, steady.run.wallSeconds, steady.wholeRunRequestsPerSecond, steady.wholeRunRatio, `>= ${goals.wholeRunRatio}: ${verdict(steady.wholeRunRatio >= goals.wholeRunRatio)}`],
    ]),
    `the gate's processes used ${steady.run.memory.gateCpuSeconds} CPU s in ${steady.run.wallSeconds} s of wall time (${round(steady.run.memory.gateCpuSeconds / steady.run.wallSeconds, 2)} cores), peak ${steady.run.memory.gatePeakMiB} MiB`,
    '',
    '(c) start-up: spawn to the first request, less a bare playwright test of one empty test (best of its runs)',
    table(['to first request s', 'bare run s', 'overhead s', 'goal'], [[startUp.toFirstRequestSeconds, startUp.bareRunSeconds, startUp.overheadSeconds, `<= ${goals.startUpSeconds}: ${verdict(startUp.overheadSeconds <= goals.startUpSeconds)}`]]),
    '',
    '(d) the default run against its own Prism (whole contract), against a bare run + a plain client sending as many requests to a Prism',
    table(['plain client sends', 'requests', 'plain client s', 'bare run s', 'gate wall s', 'ratio', 'goal'], [
      ['one fixed create', defaultRun.requests, defaultRun.plainClientSeconds, defaultRun.bareRunSeconds, defaultRun.run.wallSeconds, defaultRun.ratio, `<= ${goals.defaultRatio}: ${verdict(defaultRun.ratio <= goals.defaultRatio)}`],
      ["the run's own requests", defaultRun.recordedRequests, defaultRun.sameRequestsSeconds, defaultRun.bareRunSeconds, defaultRun.run.wallSeconds, defaultRun.sameRequestsRatio, `<= ${goals.defaultRatio}: ${verdict(defaultRun.sameRequestsRatio <= goals.defaultRatio)}`],
      [`the same, + Prism's start (${defaultRun.prismStartSeconds} s)`, defaultRun.recordedRequests, round(defaultRun.sameRequestsSeconds + defaultRun.prismStartSeconds, 3), defaultRun.bareRunSeconds, defaultRun.run.wallSeconds, defaultRun.withPrismStartRatio, `<= ${goals.defaultRatio}: ${verdict(defaultRun.withPrismStartRatio <= goals.defaultRatio)}`],
    ]),
    table(['', 'peak MiB', 'CPU s', 'goal'], [
      ['the gate (runner, worker)', memory.gatePeakMiB, memory.gateCpuSeconds, `< ${goals.gateMemoryMiB} MiB: ${verdict(memory.gatePeakMiB < goals.gateMemoryMiB)}`],
      ['Prism', memory.prismPeakMiB, memory.prismCpuSeconds, ''],
      ['a bare playwright test of one empty test (runner, worker)', defaultRun.bareRunPeakMiB, '', ''],
      ['the gate over the bare run', round(memory.gatePeakMiB - defaultRun.bareRunPeakMiB, 1), '', ''],
    ]),
    '',
    `(e) per case, no HTTP: createApiKey, fc.check, ${settings.generation.cases} cases per phase after ${settings.generation.warmupCases} warm-up, seed ${settings.generation.seed} (µs per case)`,
    table(['phase', 'cases', 'skipped', 'generation', 'generation + validation', `goal < ${goals.microsecondsPerCase}`], [
      ...generation.phases.map((p) => [p.phase, p.cases, p.skipped, p.generationUsPerCase, p.totalUsPerCase, verdict(p.totalUsPerCase < goals.microsecondsPerCase)]),
      ['default mix', generation.mix.cases, '-', generation.mix.generationUsPerCase, generation.mix.totalUsPerCase, verdict(generation.mix.totalUsPerCase < goals.microsecondsPerCase)],
    ]),
    ...(result.live ? ['', formatLive(result.live)] : []),
    '',
    `bench took ${result.benchSeconds} s; load average ${machine.loadAverageAtStart} at start, ${result.loadAverageAtEnd} at end (other work on the machine skews the figures)`,
  ].join('\n');
}
