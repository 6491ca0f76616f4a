import { expect, test } from 'vitest';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { testGate } from '../support/contract';
import { startRun, finishRun } from '../../../src/engine/run';
import { runPlanned } from '../../../src/engine/execute';
import { SEQUENCES_PHASE } from '../../../src/engine/plan';

// Random sequences of resource commands against a model, on the reference server: silent on the
// conforming one and nothing left behind; an update that changes another memory found, shrunk to a
// short sequence, and replayed from the printed seed, path and commands hint.

const TOKEN = 'omi_test_sequence_credential';
const pre = (id: string) => id.startsWith('pre-') || id.startsWith('folder_');

async function sequences(env: Record<string, string>, fault?: string) {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '4', OMI_SEQUENCE_RUNS: '25', ...env });
    await startRun(gate);
    const outcome = await runPlanned(gate, SEQUENCES_PHASE);
    const left = await finishRun(gate);
    await gate.close();
    return { outcome, left, leftOnServer: server.data().createdCount(pre), untouched: server.data() };
  } finally {
    await server.close();
  }
}

test('against the conforming server every sequence keeps the model, and nothing it made is left', async () => {
  const { outcome, left, leftOnServer } = await sequences({});
  expect(outcome.violations.map((v) => `${v.check}: ${v.message}`)).toEqual([]);
  expect(outcome.aborted).toBeUndefined();
  expect(outcome.tallies.sequence_state_matches.judged).toBeGreaterThan(10);
  expect(outcome.sent).toBeGreaterThan(20);
  expect(left).toEqual({ keys: [], resources: [] });
  expect(leftOnServer).toBe(0);
});

test('an update that also changes another memory is found, shrunk, and replays from what the report prints', async () => {
  const { outcome, leftOnServer } = await sequences({}, 'data-update-touches-other');
  const found = outcome.violations.filter((v) => v.check === 'sequence_state_matches');
  expect(found.length, JSON.stringify(outcome.violations.map((v) => [v.check, v.caseLabel]))).toBeGreaterThan(0);
  const [first] = found;
  // The smallest failing sequence: two memories made, the first updated; the second no longer holds what it held.
  expect(first.caseLabel).toMatch(/^resource sequence: create memories → create memories → update memories #1 (content|visibility) \(at step 3: memories: held/);
  expect(first.shrunk).toBe(true);
  expect(first.replayPath).toMatch(/^resources\/sequences:\d+(:\d+)*$/);
  expect(first.replayEnv).toMatch(/^OMI_COMMANDS_REPLAY=\S+$/);
  expect(leftOnServer).toBe(0);
  const [, path] = /^resources\/sequences:(.*)$/.exec(first.replayPath)!;
  const replayed = await sequences({ OMI_FUZZ_PATH: first.replayPath, OMI_COMMANDS_REPLAY: first.replayEnv!.split('=')[1] }, 'data-update-touches-other');
  const again = replayed.outcome.violations.filter((v) => v.check === 'sequence_state_matches');
  expect(again.map((v) => v.caseLabel)).toEqual(found.map((v) => v.caseLabel));
  expect(again[0].replayPath).toBe(`resources/sequences:${path}`);
});
