import path from 'node:path';
import type { CheckTally } from '../model/outcome';
import { identityOfKnown, type KnownDiscrepancy } from '../model/identity';
import type { Violation } from '../model/outcome';
import type { Coverage } from '../model/coverage';
import type { PhaseStats, RequestPlanSummary } from '../model/outcome';
import { planLines } from './request-plan';
import { mergeCoverage } from '../model/coverage';
import { causeLines, groupCauses, type Cause } from './causes';

export interface RunSummary {
  seed: number | undefined;
  requests: number;
  violations: number;
  allowed: number;
  known: number;
  /** Known discrepancies not seen in this (complete) run: fixed, so the list can shrink. */
  fixed: KnownDiscrepancy[];
  checks: Record<string, CheckTally>;
  /** Each phase's counts (what the target cannot answer is the run's, listed once in notChecked). */
  phases: Omit<PhaseStats, 'notChecked'>[];
  notChecked: { check: string; reason: string }[];
  allowances: { id: string; reason: string; count: number }[];
  /** Where the contract is silent or speaks only in words: notes for spec maintainers, not violations. */
  contractNotes: string[];
  /** The resources the contract defines, as the run found them: one line each. */
  resources: string[];
  /** The scope each operation needs, as read from the contract (403 wording or tag), or none. */
  scopes: Record<string, string | null>;
  /** The new violations by root cause, across operations. */
  causes: Cause[];
  /** What the run exercised of each operation: statuses seen, inputs sent valid and broken. */
  coverage: Coverage;
  /** The routes that refused the run's credential before the first case (a key with fewer scopes), if any. */
  refusedBeforeStart?: string;
  /** What this run did not test at all, and why: said, so that silence is not read as a pass. */
  untested?: string[];
  /** Why the run ended before its plan did (SIGINT, SIGTERM), if it did. */
  interrupted?: string;
  /** How a live run planned its requests under its time budget, if it had one. */
  plan?: RequestPlanSummary;
}

/**
 * Whether a run saw the whole contract, so that it can tell a known discrepancy is fixed: a run of
 * every phase it declares (no filter, no replay, no shard: `whole`), not interrupted, none of them
 * aborted, cut by a budget, or left with a step the target kept interrupting.
 */
export function sawWholeContract(whole: boolean, interrupted: boolean, declared: readonly string[], phases: readonly PhaseStats[]): boolean {
  const reported = new Set(phases.map((p) => p.key));
  return whole && !interrupted && declared.every((key) => reported.has(key)) && !phases.some((p) => p.aborted || p.limited || (p.notJudged?.length ?? 0) > 0);
}

/**
 * `violations` are the run's distinct violations (new and known). `knownEntries` is undefined when
 * the run was partial (replay, shard, selected checks): nothing can be called fixed then, and an entry
 * counts as fixed only if its check judged its operation in this run (a mock cannot fix a live finding).
 */
export function summarize(phases: PhaseStats[], violations: Violation[], knownEntries?: KnownDiscrepancy[], contractNotes: string[] = [], resources: string[] = [], scopes: Record<string, string | null> = {}): RunSummary {
  const checks: Record<string, CheckTally> = {};
  const allowances = new Map<string, { id: string; reason: string; count: number }>();
  for (const phase of phases) {
    for (const [name, tally] of Object.entries(phase.tallies)) {
      const total = (checks[name] ??= { judged: 0, skipped: 0, violations: 0, allowed: 0, known: 0 });
      total.judged += tally.judged;
      total.skipped += tally.skipped;
      total.violations += tally.violations;
      total.allowed += tally.allowed;
      total.known += tally.known;
    }
    for (const a of phase.allowances) {
      const entry = allowances.get(a.id) ?? { ...a, count: 0 };
      entry.count++;
      allowances.set(a.id, entry);
    }
  }
  return {
    seed: phases[0]?.seed,
    requests: phases.reduce((n, p) => n + p.sent, 0),
    violations: violations.filter((v) => !v.known).length,
    allowed: phases.reduce((n, p) => n + p.allowed, 0),
    known: violations.filter((v) => v.known).length,
    fixed: (knownEntries ?? []).filter((k) => {
      const judgedHere = phases.some((p) => p.operationId === k.operation && (p.tallies[k.check]?.judged ?? 0) > 0);
      return judgedHere && !violations.some((v) => v.known && v.identity === identityOfKnown(k));
    }),
    checks,
    phases: phases.map(({ notChecked: _sameForEveryPhase, ...phase }) => phase),
    notChecked: phases[0]?.notChecked ?? [],
    allowances: [...allowances.values()],
    contractNotes,
    resources,
    scopes,
    causes: groupCauses(violations),
    coverage: mergeCoverage(phases.map((p) => p.coverage)),
  };
}

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The run in one line: requests, violations, causes, what was accepted or allowed, the seed. */
const headline = (summary: RunSummary) =>
  `Contract gate: ${summary.requests} requests, ${summary.violations} violations (distinct), ${summary.causes.length} cause(s), ${summary.known} known discrepancies, ${summary.allowed} allowed by the target's known departures; seed ${summary.seed}`;

/**
 * The console's end of a run, one screen: the headline, every cause (none hidden behind "and N
 * more"), what was cut short or not tested, counted, then where the details are and the verdict.
 */
export function formatConsole(summary: RunSummary, verdict: string, reportDir: string): string {
  const lines = [...(summary.interrupted ? ['', `Interrupted: ${summary.interrupted}.`] : []), '', headline(summary)];
  if (summary.causes.length > 0) {
    lines.push('', `Causes (violations of one check, status and kind of case, or of one property, are one cause, on every operation that shows it):`);
    summary.causes.forEach((cause, i) => lines.push(...causeLines(cause, i + 1)));
  }
  const counted: [number, string][] = [
    [summary.phases.filter((p) => p.aborted).length, 'phase(s) stopped early'],
    [summary.phases.filter((p) => p.limited).length, 'phase(s) held back cases'],
    [summary.phases.reduce((n, p) => n + (p.notJudged?.length ?? 0), 0), 'step(s) not judged (the target interrupted them)'],
    [summary.fixed.length, 'known discrepancies no longer seen'],
    [summary.untested?.length ?? 0, 'part(s) of the contract not tested in this run'],
    [summary.contractNotes.length, 'note(s) for spec maintainers'],
  ];
  const said = counted.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (said.length > 0) lines.push('', `Also: ${said.join('; ')}.`);
  if (summary.refusedBeforeStart) lines.push('', `The credential was refused before the first case on ${summary.refusedBeforeStart}: a key with fewer scopes? Those routes' findings may be the key's, not the backend's.`);
  // As the user would type it: relative inside the working folder, absolute outside it.
  const relative = path.relative(process.cwd(), reportDir);
  const dir = relative === '' ? '.' : relative.startsWith('..') ? reportDir : relative;
  const details = `Details: ${path.join(dir, 'gate.html')} (open it in a browser), ${path.join(dir, 'summary.txt')} (every table), OMI_VERBOSE=1 prints them here`;
  lines.push('', ...(summary.causes.length > 0 ? [verdict, details] : [details, verdict]));
  return lines.join('\n');
}

/** Every table and list of the run: written to summary.txt, printed with OMI_VERBOSE=1. */
export function formatSummary(summary: RunSummary): string {
  const checkRows = Object.entries(summary.checks).map(([name, t]) => [name, t.judged, t.skipped, t.violations, t.known, t.allowed]);
  const phaseRows = summary.phases.map((p) => [p.key, p.sent, p.skipped, p.violations, p.known, p.allowed]);
  const lines = [headline(summary)];
  if (summary.causes.length > 0) {
    lines.push('', 'Causes:');
    summary.causes.forEach((cause, i) => lines.push(...causeLines(cause, i + 1)));
  }
  lines.push(
    '',
    table(['check', 'cases judged', 'not applicable', 'cases violating', 'known', 'allowed'], checkRows),
    '',
    table(['phase', 'cases sent', 'skipped', 'new violations', 'known', 'allowed'], phaseRows),
  );
  const aborted = summary.phases.filter((p) => p.aborted);
  if (aborted.length > 0) lines.push('', 'Stopped early:', ...aborted.map((p) => `  ${p.key}: ${p.aborted}`));
  const limited = summary.phases.filter((p) => p.limited);
  if (limited.length > 0) lines.push('', 'Cases held back:', ...limited.map((p) => `  ${p.key}: ${p.limited} (${p.skipped} skipped)`));
  const interrupted = summary.phases.flatMap((p) => (p.notJudged ?? []).map((step) => `  ${p.key}: ${step}`));
  if (interrupted.length > 0) lines.push('', 'Steps not judged (the target interrupted them: rate-limited, unavailable or redirected, also after the waits it asked for):', ...interrupted);
  if (summary.fixed.length > 0) {
    lines.push('', 'Known discrepancies no longer seen (fixed? remove them from the file, or run `npm run known-discrepancies -- record`):', ...summary.fixed.map((k) => `  ${identityOfKnown(k)}`));
  }
  // A check the target could answer but that no case gave anything to judge says nothing either way.
  const idle = Object.entries(summary.checks).filter(([name, t]) => t.judged === 0 && !summary.notChecked.some((n) => n.check === name)).map(([name]) => name);
  if (idle.length > 0) lines.push('', `Checks that judged nothing in this run (no case gave them anything to judge): ${idle.join(', ')}`);
  if (summary.notChecked.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const n of summary.notChecked) byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.check]);
    lines.push('', 'Not checked against this target:', ...[...byReason].map(([reason, checks]) => `  ${checks.join(', ')}\n    (${reason})`));
  }
  if (summary.allowances.length > 0) {
    lines.push('', 'Allowed departures of this target:', ...summary.allowances.map((a) => `  ${a.id} (${a.count} phase(s)): ${a.reason}`));
  }
  if (summary.resources.length > 0) lines.push('', 'Resources, as the contract defines them:', ...summary.resources.map((r) => `  ${r}`));
  const scoped = Object.entries(summary.scopes);
  if (scoped.length > 0) lines.push('', 'The scope each operation needs, as the contract says (its 403, else its tag):', `  ${scoped.map(([op, scope]) => `${op} ${scope ?? '(none)'}`).join(', ')}`);
  if (summary.contractNotes.length > 0) {
    lines.push('', 'Notes for spec maintainers (where the contract is silent or speaks only in words; not violations):', ...summary.contractNotes.map((n) => `  ${n}`));
  }
  if (summary.plan) lines.push('', ...planLines(summary.plan, summary.phases));
  if (summary.untested?.length) lines.push('', 'Not tested in this run:', ...summary.untested.map((u) => `  ${u}`));
  if (summary.refusedBeforeStart) lines.push('', `The credential was refused before the first case on ${summary.refusedBeforeStart}: a key with fewer scopes? Those routes' findings may be the key's, not the backend's.`);
  return lines.join('\n');
}
