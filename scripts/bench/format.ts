/** The readable form of the bench's figures: one small table per question. */
import type { BenchResult } from './result';

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

export function formatResult(result: BenchResult): string {
  const { machine, settings, targets, generation, defaultGate } = result;
  const targetEntries = Object.entries(targets);
  const levelHeaders = settings.rawRate.connections.map((n) => `${n} conn`);
  return [
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryMiB} MiB, Node ${machine.node}, load ${machine.loadAverageAtStart} at start, ${machine.date}`,
    '',
    `(a) raw rate: POST ${settings.rawRate.path}, keep-alive undici Pool, ${settings.rawRate.warmupMs} ms warm-up + ${settings.rawRate.measureMs} ms measured (requests/s)`,
    table(['target', ...levelHeaders, 'best', 'non-200'], targetEntries.map(([name, t]) => [
      name,
      ...t.raw.levels.map((l) => l.requestsPerSecond),
      t.raw.best.requestsPerSecond,
      t.raw.levels.reduce((n, l) => n + l.errors + Object.entries(l.statuses).filter(([s]) => s !== '200').reduce((m, [, c]) => m + c, 0), 0),
    ])),
    '',
    `(b) gate rate: playwright test, OMI_FUZZ_RUNS=${settings.gateRate.fuzzRuns}, OMI_FUZZ_SEED=${settings.gateRate.seed}, whole wall time`,
    table(['target', 'requests', 'counted by', 'wall s', 'requests/s', '(b)/(a)', `goal >= ${settings.goals.gateToRawRatio}`, 'peak RSS MiB'], targetEntries.map(([name, t]) => [
      name, t.gate.requests, t.gate.requestsCountedBy, t.gate.wallSeconds, t.gate.requestsPerSecond, t.ratio,
      name === 'reference' ? verdict(t.ratio >= settings.goals.gateToRawRatio) : '-', t.gate.memory.peakMiB,
    ])),
    '',
    `(c) per case, no HTTP: createApiKey, fc.check, ${settings.generation.cases} cases per phase after ${settings.generation.warmupCases} warm-up, seed ${settings.generation.seed} (µs per case)`,
    table(['phase', 'cases', 'skipped', 'generation', 'generation + validation', `goal < ${settings.goals.microsecondsPerCase}`], [
      ...generation.phases.map((p) => [p.phase, p.cases, p.skipped, p.generationUsPerCase, p.totalUsPerCase, verdict(p.totalUsPerCase < settings.goals.microsecondsPerCase)]),
      ['default mix', generation.mix.cases, '-', generation.mix.generationUsPerCase, generation.mix.totalUsPerCase, verdict(generation.mix.totalUsPerCase < settings.goals.microsecondsPerCase)],
    ]),
    '',
    '(d) default gate: playwright test against its own Prism, default settings',
    table(['wall s', 'peak RSS MiB (process tree)', 'processes at peak', 'requests', 'seed'], [
      [defaultGate.wallSeconds, defaultGate.memory.peakMiB, defaultGate.memory.processesAtPeak, defaultGate.summaryRequests ?? '?', defaultGate.seed ?? '?'],
    ]),
    '',
    `bench took ${result.benchSeconds} s; load average ${result.machine.loadAverageAtStart} at start, ${result.loadAverageAtEnd} at end (other work on the machine skews the figures)`,
  ].join('\n');
}
