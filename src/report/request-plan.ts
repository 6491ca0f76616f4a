import type { PhaseStats, RequestPlanSummary } from '../model/outcome';

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * The request plan of a live run, for the summary: what its time budget buys at the rate and latency
 * it met, what it kept, and per operation (then per scenario, sequence or probe) what was sent and
 * what the budget cut, so that a run cut short is never read as a run that covered everything.
 */
export function planLines(plan: RequestPlanSummary, phases: readonly Omit<PhaseStats, 'notChecked'>[]): string[] {
  const rate = plan.requestsPerSecond >= 10 ? `${plan.requestsPerSecond.toFixed(1)} requests a second` : `${n(plan.requestsPerSecond * 60)} requests a minute`;
  const lines = [
    `Request plan: about ${n(plan.budget)} requests in OMI_TIME_BUDGET_S=${n(plan.timeBudgetSeconds)} at ${rate} (latency ${n(plan.latencyMs)} ms): ${n(plan.cleanup)} kept for cleanup, ${n(plan.onceOver)} to cover the contract once, the rest shared by the random phases and sequences.`,
  ];
  const groups = new Map<string, Omit<PhaseStats, 'notChecked'>[]>();
  for (const phase of phases) {
    const group = phase.operationId ?? phase.key;
    groups.set(group, [...(groups.get(group) ?? []), phase]);
  }
  const rows = [...groups].map(([group, members]) => {
    const sent = members.reduce((total, p) => total + p.sent, 0);
    const cuts = members.filter((p) => p.budgetCut).map((p) => `${p.operationId ? p.key.slice(p.operationId.length + 1) : p.phase} ${p.budgetCut!.allowed} of ${p.budgetCut!.planned}`);
    return `  ${group}: ${n(sent)} sent${cuts.length > 0 ? `; cut: ${cuts.join(', ')}` : ''}`;
  });
  const cut = rows.filter((row) => row.includes('; cut: ')).length;
  lines.push(cut === 0 ? '  Nothing was cut: every phase sent all it planned.' : `  ${cut} of ${rows.length} cut by the budget (allowed of planned):`, ...rows);
  return lines;
}
