/** The tier of the random phases and the sequences: what deepens what covering the contract once covered. */
const DEEPENING_TIER = 4;

/** What covering one phase costs in requests, and whether it is part of covering the contract once or of deepening it. */
export interface PhaseCost {
  key: string;
  /** Cases of a list phase, runs of a random one, an estimate of a scenario's or probes' requests. */
  requests: number;
  /** Random phases and sequences deepen what the once-over part covered: they share what is left. */
  deepens: boolean;
  /**
   * Which part of covering the contract once it is, the first served first: examples (0), scenarios
   * (1), one case of each kind of the other fixed cases and the probes (2), the rest of the fixed
   * cases (3); then what deepens (4).
   */
  tier: number;
  /** The share of its requests that may make a resource (a create's: all of them): what cleanup must keep room for. */
  creates: number;
}

/**
 * How a run spends the requests it can send in its time: first what cleanup may need for everything
 * the run may make, then what covers the whole contract once (every operation's examples, every
 * scenario, one case of each kind of every breaks, spellings, transport and auth phase and the probes,
 * then the rest of those cases; a tier the budget cannot cover shared in proportion to what each
 * part needs), then what is left, shared evenly among the random phases and the sequences
 * (round-robin, not front to back). The same budget and seed give the same plan.
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

/**
 * Gives `total` to `wants` in proportion to each (largest remainders first, ties to the earlier):
 * a probe that needs hundreds of requests and a phase that needs three keep the same share of what
 * they need, so a tight budget still runs a part of each.
 */
function proportional(wants: number[], total: number): number[] {
  const sum = wants.reduce((n, w) => n + w, 0);
  if (sum <= total) return [...wants];
  const exact = wants.map((w) => (w * total) / sum);
  const given = exact.map(Math.floor);
  let left = total - given.reduce((n, g) => n + g, 0);
  const order = exact.map((e, i) => i).sort((a, b) => exact[b] - given[b] - (exact[a] - given[a]) || a - b);
  for (const i of order) if (left > 0 && given[i] < wants[i]) (given[i]++, left--);
  return given;
}

function allocate(inputs: PlanInputs, cleanup: number): RequestPlan {
  const { phases, budget } = inputs;
  const onceOver = phases.filter((p) => !p.deepens).reduce((n, p) => n + p.requests, 0);
  const allowed = new Map<string, number>();
  // Tier by tier: a tier the budget covers is given whole, one it does not is shared evenly, and the tiers after it get nothing.
  let left = budget - cleanup;
  for (const tier of [...new Set(phases.map((p) => p.tier))].sort((a, b) => a - b)) {
    const members = phases.filter((p) => p.tier === tier);
    // The random phases and sequences share evenly; the parts of covering the contract once, in proportion to what each needs.
    const share = tier === DEEPENING_TIER ? roundRobin : proportional;
    const given = Number.isFinite(left) ? share(members.map((p) => p.requests), Math.floor(left)) : members.map((p) => p.requests);
    members.forEach((p, i) => allowed.set(p.key, given[i]));
    left -= given.reduce((n, g) => n + g, 0);
  }
  // A phase's two parts (one of each kind, then the rest) are one phase again.
  const whole = new Map<string, { planned: number; allowed: number; deepens: boolean }>();
  for (const p of phases) {
    const key = p.key.endsWith(MORE) ? p.key.slice(0, -MORE.length) : p.key;
    const sum = whole.get(key) ?? { planned: 0, allowed: 0, deepens: p.deepens };
    whole.set(key, { ...sum, planned: sum.planned + p.requests, allowed: sum.allowed + (allowed.get(p.key) ?? 0) });
  }
  const cut = [...whole].filter(([, w]) => w.allowed < w.planned).map(([key, w]) => ({ key, planned: w.planned, allowed: w.allowed }));
  const plan: RequestPlan = { budget, cleanup, onceOver, allowed: new Map([...whole].map(([key, w]) => [key, w.allowed])), cut };
  const short = cut.filter((c) => !whole.get(c.key)!.deepens).map((c) => c.key);
  if (short.length > 0) {
    plan.tooSmall = `the run can send about ${Math.floor(budget)} requests in its time, and covering the contract once takes about ${onceOver} besides ${cleanup} kept for cleanup: ${short.length} phase(s) will be cut, each fixed case past the first of its kind first, then the probes and the first of each kind (${short.slice(0, 4).join(', ')}${short.length > 4 ? ', …' : ''}), and no random case or sequence will run`;
  }
  return plan;
}

/** What a phase's second part is keyed by: its cases past one of each kind. */
const MORE = '#more';

/**
 * A planned phase's cost: list phases their cases (one of each kind in tier 2, the rest in tier 3,
 * `kinds` counting the kinds), random ones their runs, the rest what their kind is estimated to send.
 */
export function costOf(phase: { key: string; kind: string; name: string; random: boolean }, sizes: { cases?: number; kinds?: number; runs?: number; estimate: number; creates: number }): PhaseCost[] {
  const { key } = phase;
  const { creates } = sizes;
  if (phase.kind === 'sequences') return [{ key, requests: sizes.estimate, deepens: true, tier: DEEPENING_TIER, creates }];
  if (phase.random) return [{ key, requests: sizes.runs ?? 0, deepens: true, tier: DEEPENING_TIER, creates }];
  if (phase.name === 'examples') return [{ key, requests: sizes.cases ?? 0, deepens: false, tier: 0, creates }];
  if (phase.kind === 'scenario') return [{ key, requests: sizes.estimate, deepens: false, tier: 1, creates }];
  if (sizes.cases === undefined) return [{ key, requests: sizes.estimate, deepens: false, tier: 2, creates }];
  const first = Math.min(sizes.cases, sizes.kinds ?? sizes.cases);
  return [{ key, requests: first, deepens: false, tier: 2, creates }, { key: `${key}${MORE}`, requests: sizes.cases - first, deepens: false, tier: 3, creates }];
}
