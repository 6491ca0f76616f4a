import { SuiteInputError } from '../../src/contract/errors';
import { Gate } from '../../src/harness/gate';
import { test, expect } from '../../src/harness/fixtures';
import { attachOutcome } from '../../src/report/attach';
import { consoleSummaryOf } from '../../src/report/violation';

// Tests are declared from openapi.json: an operation added there gets its phases and checks here.
let declared: Gate;
try {
  declared = Gate.fromEnvironment();
} catch (error) {
  if (error instanceof SuiteInputError) throw new Error(error.message);
  throw error;
}

for (const operation of declared.contract.operations) {
  test.describe(`${operation.id} (${operation.method} ${operation.path})`, () => {
    for (const phase of declared.phasesOf(operation.id)) {
      test(phase.name, async ({ gate }, testInfo) => {
        test.skip(!declared.selects(phase), 'another case is being replayed');
        test.skip(!!gate.target.broken, 'the target stopped answering earlier in this run');
        const outcome = await gate.run(gate.phasesOf(operation.id).find((p) => p.name === phase.name)!);
        await attachOutcome(testInfo, outcome);
        expect(outcome.violations.length, consoleSummaryOf(outcome.violations)).toBe(0);
      });
    }
  });
}

test.describe('key lifecycle', () => {
  test('create, list, revoke, use the revoked key, revoke again', async ({ gate }, testInfo) => {
    test.skip(!gate.isLive, 'live targets only: the mock keeps no state between requests');
    test.skip(!!gate.config.replay, 'another case is being replayed');
    test.skip(!!gate.target.broken, 'the target stopped answering earlier in this run');
    const outcome = await gate.lifecycle();
    await attachOutcome(testInfo, outcome);
    expect(outcome.violations.length, consoleSummaryOf(outcome.violations)).toBe(0);
  });
});
