import type { LeftKey, LeftResource, PhaseOutcome } from '../model/outcome';
import { cleanup } from './state/cleanup';
import type { RunContext } from './context';
import { runPlanned } from './execute';
import { planOf } from './plan';

export interface GateRun {
  outcomes: PhaseOutcome[];
  notRevoked: LeftKey[];
  notDeleted: LeftResource[];
}

/** Live targets: what exists before the run is remembered first, and is never the run's to change. */
export async function startRun(ctx: RunContext): Promise<void> {
  if (!ctx.isLive || ctx.journal.broken) return;
  await ctx.safety.takeSnapshot((testCase) => ctx.target.sendRaw(ctx.target.requestFor(testCase)));
}

/** Deletes everything the run made, whatever happened before: what could not be deleted is returned, to be named. */
export const finishRun = (ctx: RunContext) => cleanup({
  target: ctx.target, resources: ctx.resources, roles: ctx.roles, facts: ctx.facts, journal: ctx.journal,
  resourceLedger: ctx.resourceLedger, secretLedger: ctx.secretLedger, redactor: ctx.redactor, concurrency: ctx.config.concurrency,
  // Three request timeouts of silence: a target that answers again within them is asked again.
  patienceMs: 3 * ctx.config.requestTimeoutMs,
});

/**
 * The whole gate in one call, every phase of the plan in its order, as the Playwright spec runs them:
 * for tools and the project's own tests. A target that stopped answering is reported by the next
 * phase, once; after that nothing runs but cleanup.
 */
export async function runGate(ctx: RunContext): Promise<GateRun> {
  const outcomes: PhaseOutcome[] = [];
  try {
    await startRun(ctx);
    for (const phase of planOf(ctx)) {
      if (phase.skipReason || ctx.stoppedReason) continue;
      outcomes.push(await runPlanned(ctx, phase));
    }
    const left = await finishRun(ctx);
    return { outcomes, notRevoked: left.keys, notDeleted: left.resources };
  } finally {
    await ctx.close();
  }
}
