import { Gate, type LeftKey, type LeftResource } from './gate';
import type { PhaseOutcome } from '../model/outcome';
export interface GateRun {
  outcomes: PhaseOutcome[];
  notRevoked: LeftKey[];
  notDeleted: LeftResource[];
}

/** The whole gate in one call, in the order the Playwright spec runs it: for tools and the project's own tests. */
export async function runGate(gate: Gate): Promise<GateRun> {
  const outcomes: PhaseOutcome[] = [];
  try {
    await gate.start();
    const phases = [...gate.regressionPhases, ...gate.contract.operations.flatMap((op) => gate.phasesOf(op.id))];
    for (const phase of phases) {
      // A target that stopped answering is reported by the next phase, once; after that nothing runs.
      if (gate.stoppedReason || !gate.selects(phase)) continue;
      outcomes.push(await gate.run(phase));
    }
    if (gate.isLive && !gate.config.replay) {
      for (const resource of gate.scenarioResources()) if (!gate.stoppedReason) outcomes.push(await gate.scenario(resource));
      if (!gate.stoppedReason && gate.probesScopes()) outcomes.push(await gate.scopes());
      if (!gate.stoppedReason && gate.probesAccounts()) outcomes.push(await gate.accounts());
    }
    const left = await gate.cleanup();
    return { outcomes, notRevoked: left.keys, notDeleted: left.resources };
  } finally {
    await gate.close();
  }
}
