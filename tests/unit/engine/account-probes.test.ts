import { expect, test } from 'vitest';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { curlOf, replayCommand } from '../../../src/report/violation';
import { testGate } from '../support/contract';
import { startRun, finishRun } from '../../../src/engine/run';
import { runPlanned } from '../../../src/engine/execute';
import { ACCOUNTS_PHASE } from '../../../src/engine/plan';
import { declaredKeys, planOf } from '../../../src/engine/plan';

// Each account's resources asked for by the other account, against the reference server with two
// accounts: silent when the walls hold, each account fault found by the check named for it, and
// both accounts left as they were, with nothing the probes made behind.

const TOKEN = 'omi_test_accounts_main_credential';
const OTHER = 'omi_test_accounts_other_credential';
const ACCOUNT_CHECKS = ['other_account_refused', 'other_account_unlisted', 'refused_write_changes_nothing'];
const pre = (id: string) => id.startsWith('pre-') || id.startsWith('folder_');

async function probe(fault?: string, env: Record<string, string> = {}) {
  const server = await startReferenceServer({ token: TOKEN, otherToken: OTHER, fault });
  try {
    const before = server.accountData().map((store) => store.fingerprint(pre));
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_API_TOKEN_OTHER: OTHER, OMI_FUZZ_SEED: '12', OMI_CONCURRENCY: '1', ...env });
    await startRun(gate);
    const outcome = await runPlanned(gate, ACCOUNTS_PHASE);
    const left = await finishRun(gate);
    await gate.close();
    const stores = server.accountData();
    return {
      outcome, left, sent: gate.target.sent,
      untouched: stores.map((store, i) => store.fingerprint(pre) === before[i]),
      leftOnServer: stores.map((store) => store.createdCount(pre)),
      liveKeys: server.liveKeyCount(),
    };
  } finally {
    await server.close();
  }
}

test('against walls that hold, every probe passes, each account check judges, and both accounts are left as they were', async () => {
  const { outcome, left, untouched, leftOnServer, liveKeys } = await probe();
  expect(outcome.violations.map((v) => `${v.check} on ${v.operationId}: ${v.message}`)).toEqual([]);
  expect(outcome.aborted).toBeUndefined();
  for (const check of ACCOUNT_CHECKS) expect(outcome.tallies[check]?.judged ?? 0, check).toBeGreaterThan(0);
  // Two owners, two intruders each (the credential, a key), every read, update and delete of three resources.
  expect(outcome.tallies.other_account_refused.judged).toBeGreaterThanOrEqual(2 * 2 * 6);
  expect(left).toEqual({ keys: [], resources: [] });
  expect({ untouched, leftOnServer, liveKeys }).toEqual({ untouched: [true, true], leftOnServer: [0, 0], liveKeys: 0 });
});

for (const [fault, check, operation] of [
  ['account-key-acts-for-other', 'other_account_refused', 'getConversation'],
  ['account-key-acts-for-other', 'other_account_unlisted', 'listMemories'],
  ['account-other-readable', 'other_account_refused', 'getConversation'],
  ['account-other-changeable', 'other_account_refused', 'updateMemory'],
  ['account-other-deletable', 'other_account_refused', 'deleteActionItem'],
  ['account-list-shows-other', 'other_account_unlisted', 'listConversations'],
] as const) {
  test(`${fault}: ${check} fires on ${operation}, and both accounts' old data is left as it was`, async () => {
    const { outcome, untouched } = await probe(fault);
    expect(outcome.violations.filter((v) => v.check === check).map((v) => v.operationId)).toContain(operation);
    expect(untouched).toEqual([true, true]);
    const found = outcome.violations.find((v) => v.check === check)!;
    expect(found.replayPath).toMatch(/^accounts\/isolation:\d+$/);
    expect(JSON.stringify(found)).not.toContain(OTHER);
  });
}

test("a finding of the second account's credential replays with that credential left to the shell", async () => {
  const { outcome } = await probe('account-other-readable');
  const found = outcome.violations.find((v) => v.check === 'other_account_refused' && v.testCase.account === 'other')!;
  expect(curlOf(found)).toContain('"authorization: Bearer $OMI_API_TOKEN_OTHER"');
  expect(replayCommand(found)).toContain('OMI_API_TOKEN_OTHER="$OMI_API_TOKEN_OTHER"');
  const byMain = outcome.violations.find((v) => v.check === 'other_account_refused' && v.testCase.account === undefined)!;
  expect(curlOf(byMain)).toContain('"authorization: Bearer $OMI_API_TOKEN"');
});

test('without a second account the gate does not probe accounts', () => {
  const gate = testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN });
  expect(planOf(gate).find((p) => p.kind === 'accounts')?.skipReason).toMatch(/no second account/);
  expect(declaredKeys(gate)).not.toContain('accounts/isolation');
  expect(declaredKeys(testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_API_TOKEN_OTHER: OTHER }))).toContain('accounts/isolation');
});

test('a second credential equal to the first, or too short, is a one-line error', () => {
  expect(() => testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_API_TOKEN_OTHER: TOKEN })).toThrow(/OMI_API_TOKEN_OTHER is OMI_API_TOKEN/);
  expect(() => testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_API_TOKEN_OTHER: 'short' })).toThrow(/OMI_API_TOKEN_OTHER is 5 characters/);
});

test('a key the other account was answered 204 for deleting (a server that answers 204 for any id) is still deleted by its owner at the end', async () => {
  const { outcome, left, liveKeys } = await probe('revoke-unknown-204');
  // The intruder's delete of each owner's key was answered as a success: a finding, and no proof it is gone.
  expect(outcome.violations.filter((v) => v.check === 'other_account_refused' && v.operationId === 'revokeApiKey').length).toBeGreaterThan(0);
  expect(left).toEqual({ keys: [], resources: [] });
  expect(liveKeys).toBe(0);
});

test('a resource whose budget is spent is not made, so not probed, and the phase says so', async () => {
  // 2 of each: what the scenarios and probes keep back leaves the random phases nothing; the probes
  // themselves may make two, and each of the two owners makes one of each resource.
  const { outcome } = await probe(undefined, { OMI_MAX_KEYS: '1' });
  expect(outcome.limited).toMatch(/^the (key budget is spent|budget for \S+ is spent) \(OMI_MAX_KEYS\)/);
  expect(outcome.skipped).toBeGreaterThan(0);
});

test('a resource another account really deleted is not named as left: the 404 at cleanup follows a delete answered with success', async () => {
  const { left, leftOnServer } = await probe('account-other-deletable');
  expect(left).toEqual({ keys: [], resources: [] });
  expect(leftOnServer).toEqual([0, 0]);
});
