import type { Gate } from '../../src/harness/gate';
import type { PhaseOutcome } from '../../src/model/outcome';
import { test, workerGate } from '../../src/harness/fixtures';
import { scenarioPhase } from '../../src/engine/resource-scenario';
import { SEQUENCE_PHASE } from '../../src/engine/resource-sequences';
import { SCOPE_PHASE } from '../../src/engine/scope-probes';
import { ACCOUNT_PHASE } from '../../src/engine/account-probes';
import { attachOutcome } from '../../src/harness/attach';
import { failureMessageOf } from '../../src/report/violation';
// Tests are declared from openapi.json: an operation added there gets its phases and checks here.
const declared = workerGate();

/** One gate test: runs its phase on the worker's gate, attaches the evidence, fails on any violation. */
function gateTest(title: string, selected: boolean, run: (gate: Gate) => Promise<PhaseOutcome>, skipReason?: (gate: Gate) => string | undefined) {
  test(title, async ({ gate }, testInfo) => {
    test.skip(!selected, 'another case is being replayed');
    test.skip(!!gate.stoppedReason, gate.stoppedReason);
    const reason = skipReason?.(gate);
    test.skip(!!reason, reason);
    const outcome = await run(gate);
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

// Saved regression cases go first, before any random case.
test.describe('regressions', () => {
  for (const phase of declared.regressionPhases) {
    const count = phase.kind === 'list' ? phase.cases.length : 0;
    gateTest(`${phase.operationId}: ${count} saved case(s)`, declared.selects(phase), (gate) => gate.run(phase));
  }
});

for (const operation of declared.contract.operations) {
  test.describe(`${operation.id} (${operation.method} ${operation.path})`, () => {
    for (const phase of declared.phasesOf(operation.id)) {
      gateTest(phase.name, declared.selects(phase), (gate) => gate.run(phase));
    }
  });
}

// Each resource through its life, on live targets: create, read, list, page, filter, update, delete, use after delete.
test.describe('resource scenarios', () => {
  for (const resource of declared.scenarioResources()) {
    // A scenario's step replays with its whole scenario: each step stands on the ones before it.
    gateTest(`${resource.name}: create, read, list, page, filter, update, delete, use after delete`, declared.selects(scenarioPhase(resource)), (gate) => gate.scenario(resource), (gate) =>
      gate.isLive ? undefined : 'live targets only: the mock keeps no state between requests',
    );
  }
});

// Random sequences of creates, updates and deletes across the resources, checked against a model after each command.
test.describe('resource sequences', () => {
  if (declared.sequencesRun()) {
    gateTest('random sequences against a model of every resource', declared.selects(SEQUENCE_PHASE), (gate) => gate.sequences(), (gate) =>
      gate.isLive ? undefined : 'live targets only: the mock keeps no state between requests',
    );
  }
});

// Keys of each scope set (the default, each scope alone, all) on every operation that needs a scope, then revoked.
test.describe('scopes', () => {
  if (declared.probesScopes()) {
    gateTest('keys of each scope set on every operation, then revoked', declared.selects(SCOPE_PHASE), (gate) => gate.scopes(), (gate) =>
      gate.isLive ? undefined : 'live targets only: the mock accepts any token and keeps no state',
    );
  }
});

// Each account's resources asked for by the other (OMI_API_TOKEN_OTHER): lists, reads, updates, deletes.
test.describe('accounts', () => {
  if (declared.probesAccounts()) {
    gateTest("each account's resources asked for by the other account", declared.selects(ACCOUNT_PHASE), (gate) => gate.accounts());
  }
});

