/** What covering one phase costs in requests, and whether it is part of covering the contract once or of deepening it. */
export interface PhaseCost {
  key: string;
  /** Cases of a list phase, runs of a random one, an estimate of a scenario's or probes' requests. */
  requests: number;
  /** Random phases and sequences deepen what the once-over part covered: they share what is left. */
  deepens: boolean;
  /** Which part of covering the contract once it is, the first served first: examples, scenarios, the other fixed cases, the probes; then what deepens. */
  tier: number;
  /** The share of its requests that may make a resource (a create's: all of them): what cleanup must keep room for. */
  creates: number;
}

/**
 * How a run spends the requests it can send in its time: first what cleanup may need for everything
 * the run may make, then what covers the whole contract once (every operation's examples, breaks,
 * spellings, transport and auth cases, every scenario, the probes), then what is left, shared evenly
 * among the random phases and the sequences (round-robin, not front to back). The same budget and
 * seed give the same plan.
 */
export interface RequestPlan {
  /** Requests the run can send in its time: its time budget at the rate and latency it can send with; Infinity without either. */
  budget: number;
  /** Requests kept for cleanup: one delete for each resource the run may make. */
  cleanup: number;
  /** What covering the contract once costs. */
  onceOver: number;
  /** Per phase key, the most cases (requests, for a scenario or probes) it may send. */
  allowed: Map<string, number>;
  /** Phases the budget cut, with how much of each it left out. */
  cut: { key: string; planned: number; allowed: number }[];
  /** One line for the start of the run when the budget cannot cover the contract once. */
  tooSmall?: string;
}

export interface PlanInputs {
  phases: readonly PhaseCost[];
  budget: number;
  /** The most resources the run may make (OMI_MAX_KEYS of each resource): more than that, cleanup never needs room for. */
  maxCreated: number;
}

/** Gives `total` to `wants` in turn, one at a time in effect: each as much as it wants, at most an even share of what is left. */
function roundRobin(wants: number[], total: number): number[] {
  const given = wants.map(() => 0);
  let left = Math.max(0, total);
  let open = wants.map((_, i) => i).filter((i) => wants[i] > 0);
  while (left > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(left / open.length));
    for (const i of open) {
      const more = Math.min(share, wants[i] - given[i], left);
      given[i] += more;
      left -= more;
    }
    open = open.filter((i) => given[i] < wants[i]);
  }
  return given;
}

export function planRequests(inputs: PlanInputs): RequestPlan {
  const first = allocate(inputs, 0);
  // Cleanup keeps a delete for each resource what the phases are allowed to send may make.
  const made = inputs.phases.reduce((n, p) => n + Math.ceil((first.allowed.get(p.key) ?? 0) * p.creates), 0);
  const cleanup = Number.isFinite(inputs.budget) ? Math.min(inputs.maxCreated, made, Math.floor(inputs.budget / 2)) : 0;
  return cleanup === 0 ? first : allocate(inputs, cleanup);
}

function allocate(inputs: PlanInputs, cleanup: number): RequestPlan {
  const { phases, budget } = inputs;
  const onceOver = phases.filter((p) => !p.deepens).reduce((n, p) => n + p.requests, 0);
  const allowed = new Map<string, number>();
  // Tier by tier: a tier the budget covers is given whole, one it does not is shared evenly, and the tiers after it get nothing.
  let left = budget - cleanup;
  for (const tier of [...new Set(phases.map((p) => p.tier))].sort((a, b) => a - b)) {
    const members = phases.filter((p) => p.tier === tier);
    const given = Number.isFinite(left) ? roundRobin(members.map((p) => p.requests), left) : members.map((p) => p.requests);
    members.forEach((p, i) => allowed.set(p.key, given[i]));
    left -= given.reduce((n, g) => n + g, 0);
  }
  const cut = phases.filter((p) => (allowed.get(p.key) ?? 0) < p.requests).map((p) => ({ key: p.key, planned: p.requests, allowed: allowed.get(p.key) ?? 0 }));
  const plan: RequestPlan = { budget, cleanup, onceOver, allowed, cut };
  const short = cut.filter((c) => !phases.find((p) => p.key === c.key)!.deepens).map((c) => c.key);
  if (short.length > 0) {
    plan.tooSmall = `the run can send about ${Math.floor(budget)} requests in its time, and covering the contract once takes about ${onceOver} besides ${cleanup} kept for cleanup: ${short.length} phase(s) will be cut, the probes and the fixed cases first (${short.slice(0, 4).join(', ')}${short.length > 4 ? ', …' : ''}), and no random case or sequence will run`;
  }
  return plan;
}

/** A planned phase's cost: list phases their cases, random ones their runs, the rest what their kind is estimated to send. */
export function costOf(phase: { key: string; kind: string; name: string; random: boolean }, sizes: { cases?: number; runs?: number; estimate: number; creates: number }): PhaseCost {
  const { key } = phase;
  if (phase.kind === 'sequences') return { key, requests: sizes.estimate, deepens: true, tier: 4, creates: sizes.creates };
  if (phase.random) return { key, requests: sizes.runs ?? 0, deepens: true, tier: 4, creates: sizes.creates };
  const tier = phase.name === 'examples' ? 0 : phase.kind === 'scenario' ? 1 : phase.kind === 'scopes' || phase.kind === 'accounts' ? 3 : 2;
  return { key, requests: sizes.cases ?? sizes.estimate, deepens: false, tier, creates: sizes.creates };
}
