import { runPlanned } from '../../src/engine/execute';
import { planOf, type PlannedPhase } from '../../src/engine/plan';
import { attachOutcome } from '../../src/harness/attach';
import { test, workerContext } from '../../src/harness/fixtures';
import { failureMessageOf } from '../../src/report/violation';

// Tests are declared from the run's plan (src/engine/plan.ts), which reads the contract: an operation
// added there gets its phases and checks here, and a resource its scenario.
const plan = planOf(workerContext());

/** One gate test: runs its phase, attaches the evidence, fails on any violation. */
function gateTest(phase: PlannedPhase) {
  test(phase.title, async ({ run }, testInfo) => {
    test.skip(!!phase.skipReason, phase.skipReason);
    test.skip(!!run.stoppedReason, run.stoppedReason);
    const outcome = await runPlanned(run, phase);
    await attachOutcome(testInfo, outcome);
    // A violation first reported by an earlier test fails this one too, named in one line.
    if (outcome.violations.length > 0 || (outcome.repeated ?? []).length > 0) {
      // The blocks say what broke and how to replay it: no matcher diff or code frame of this spec after them.
      const failure = new Error(failureMessageOf(outcome.violations, outcome.repeated));
      failure.stack = `Error: ${failure.message}`;
      throw failure;
    }
  });
}

// One describe block per group, in the plan's order: saved cases, each operation, then the live phases.
for (const group of [...new Set(plan.map((p) => p.group))]) {
  test.describe(group, () => {
    for (const phase of plan.filter((p) => p.group === group)) gateTest(phase);
  });
}
