import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FAULTS, isDataFault, startReferenceServer } from '../../fixtures/reference-server';
import { Gate } from '../../src/harness/gate';
import { runGate, type GateRun } from '../../src/harness/run-gate';
import { CONTRACT_PATH, ROOT, WHOLE_CONTRACT_PATH } from './support';

/** A token for the test servers only: fixed so a failing case replays, never a real credential. */
const TOKEN = 'omi_test_reference_credential';
/** The second account's token: whole-contract runs probe the walls between the two accounts. */
const OTHER_TOKEN = 'omi_test_reference_other_account';
/** Short, so the hang fault is over quickly; the default (10 s) is for real servers. */
const REQUEST_TIMEOUT_MS = '2000';
const SEED = '20261126';
/** The whole contract's runs use a smaller budget: 20 operations, one run per fault. */
const WHOLE_RUNS = '100';

/**
 * Faults whose answers hide what they hold: ids of what they made (a dropped batch item, ids
 * mangled), ids of what they did not make (a batch item answered but not stored: the gate counts it
 * as left behind, since its delete is refused), a delete answered with success that kept the
 * resource, or one answered as refused that removed it. No client can delete what it was not told of, or know that a delete it was told
 * succeeded did not; the checks named for these faults report them.
 */
const HIDES_WHAT_IT_HOLDS = new Set(['data-batch-drops-last', 'data-memory-id-number', 'data-delete-keeps-listed', 'data-delete-keeps-readable', 'data-batch-stores-fewer', 'scope-refused-write-applied']);

/** Ids the reference server's data had before any run: every such resource must come out byte-identical. */
const preexisting = (id: string) => id.startsWith('pre-') || id.startsWith('folder_');

interface FaultRun {
  run: GateRun;
  requests: number;
  /** Whether every resource that existed before the run is as it was, byte for byte, in both accounts. */
  untouched: boolean;
  /** Resources the run created that the server still holds, in both accounts. */
  leftOnServer: number;
  /** Per account (main, other): resources it held before the run, resources the run made in it, and those still there. */
  accounts: { preexisting: number; created: number; left: number }[];
}

/** How many resources a store holds that were there before any run. */
const preexistingCount = (store: ReturnType<Awaited<ReturnType<typeof startReferenceServer>>['data']>) =>
  [store.memories, store.conversations, store.actionItems, store.folders].reduce((n, map) => n + [...map.keys()].filter(preexisting).length, 0);

async function gateAgainst(fault?: string, { whole = fault !== undefined && isDataFault(fault), seed = SEED } = {}): Promise<FaultRun> {
  // The whole contract's runs have a second account, whose walls they probe.
  const server = await startReferenceServer({ token: TOKEN, fault, ...(whole ? { otherToken: OTHER_TOKEN } : {}) });
  try {
    const stores = server.accountData();
    const before = stores.map((store) => store.fingerprint(preexisting));
    const budget = whole ? { OMI_CONTRACT: WHOLE_CONTRACT_PATH, OMI_FUZZ_RUNS: WHOLE_RUNS, OMI_API_TOKEN_OTHER: OTHER_TOKEN } : { OMI_CONTRACT: CONTRACT_PATH };
    const gate = Gate.fromEnvironment({ ...budget, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: seed, OMI_REQUEST_TIMEOUT_MS: REQUEST_TIMEOUT_MS });
    const run = await runGate(gate);
    const made = gate.resourceLedger.created;
    const accounts = stores.map((store, i) => ({ preexisting: preexistingCount(store), created: made.filter((r) => (r.account === 'other') === (i === 1)).length, left: store.createdCount(preexisting) }));
    return {
      run, requests: gate.target.sent, accounts,
      untouched: stores.every((store, i) => store.fingerprint(preexisting) === before[i]),
      leftOnServer: accounts.reduce((n, a) => n + a.left, 0),
    };
  } finally {
    await server.close();
  }
}

const firedChecks = (run: GateRun) => {
  const checks = new Set(run.outcomes.flatMap((o) => o.violations.map((v) => v.check)));
  if (run.notRevoked.length > 0) checks.add('all_keys_revoked');
  if (run.notDeleted.length > 0) checks.add('all_created_deleted');
  return checks;
};

test('on the whole contract, the conforming server gets no false alarm over 25 seeds, and keeps its data as it was', async () => {
  test.setTimeout(600_000);
  const alarms: string[] = [];
  for (let seed = 1; seed <= 25; seed++) {
    const { run, untouched, leftOnServer, requests } = await gateAgainst(undefined, { whole: true, seed: String(seed) });
    alarms.push(...run.outcomes.flatMap((o) => o.violations.map((v) => `seed ${seed}: ${v.check} on ${o.operationId}/${o.phase}: ${v.message} (${v.caseLabel})`)));
    expect({ seed, untouched, leftOnServer, notDeleted: run.notDeleted, notRevoked: run.notRevoked }).toEqual({ seed, untouched: true, leftOnServer: 0, notDeleted: [], notRevoked: [] });
    expect(requests).toBeGreaterThan(2000);
  }
  expect(alarms).toEqual([]);
});

test('after a whole run with both credentials, conforming or not, both accounts hold their old data byte for byte and nothing the run made', async () => {
  test.setTimeout(300_000);
  for (const fault of [undefined, 'account-key-acts-for-other']) {
    const { run, untouched, accounts } = await gateAgainst(fault, { whole: true });
    const fired = firedChecks(run);
    console.log(`${fault ?? 'conforming'}: ${accounts.map((a, i) => `${i === 0 ? 'main' : 'other'} account: ${a.preexisting} resources before the run, all byte-identical after: ${untouched}; ${a.created} made by the run, ${a.left} left`).join('; ')}; checks fired: ${[...fired].join(', ') || 'none'}`);
    expect({ fault, untouched, left: accounts.map((a) => a.left), notDeleted: run.notDeleted, notRevoked: run.notRevoked }).toEqual({ fault, untouched: true, left: [0, 0], notDeleted: [], notRevoked: [] });
    // Both accounts were written to, and the failing server failed.
    expect(accounts.map((a) => a.created > 0 && a.preexisting > 0)).toEqual([true, true]);
    expect(fired.has('other_account_refused')).toBe(fault !== undefined);
  }
});

test('the gate passes against the conforming reference server', async () => {
  const { run, requests } = await gateAgainst();
  const violations = run.outcomes.flatMap((o) => o.violations.map((v) => `${v.check}: ${v.message} (${v.caseLabel})`));
  expect(violations).toEqual([]);
  expect(run.notRevoked).toEqual([]);
  expect(requests).toBeGreaterThanOrEqual(1000);
});

test('the gate catches every fault of the reference server, each with the check named for it', async () => {
  test.setTimeout(600_000);
  const rows: string[] = [];
  let caught = 0;
  let falseAlarms = 0;
  for (const fault of FAULTS) {
    const { run, untouched, leftOnServer } = await gateAgainst(fault.name);
    // Passing or failing, what existed before is as it was, and whatever the run left it names.
    expect.soft({ fault: fault.name, untouched }).toEqual({ fault: fault.name, untouched: true });
    if (!HIDES_WHAT_IT_HOLDS.has(fault.name)) expect.soft({ fault: fault.name, leftOnServer }).toEqual({ fault: fault.name, leftOnServer: run.notDeleted.length });
    const fired = firedChecks(run);
    const named = fault.expectedChecks.filter((c) => fired.has(c));
    const firstSeen = run.outcomes.flatMap((o) => o.violations).filter((v) => named.includes(v.check)).map((v) => v.firstSeenAt ?? Infinity);
    const casesNeeded = firstSeen.length > 0 ? Math.min(...firstSeen) : undefined;
    // Checks that fired but are not named for the fault: allowed (one fault breaks several promises), but counted.
    const others = [...fired].filter((c) => !fault.expectedChecks.includes(c) && c !== 'all_keys_revoked' && c !== 'all_created_deleted');
    if (named.length > 0) caught++;
    expect.soft(named, `${fault.name}: fired ${[...fired].join(', ') || 'nothing'}`).not.toEqual([]);
    rows.push(`| ${fault.name} | ${isDataFault(fault.name) ? 'whole' : 'keys'} | ${named.length > 0 ? 'caught' : 'MISSED'} | ${named.join(', ') || '-'} | ${casesNeeded ?? '-'} | ${others.join(', ') || '-'} |`);
  }
  const { run: clean } = await gateAgainst();
  falseAlarms = clean.outcomes.flatMap((o) => o.violations).length;
  const table = [
    `Faults caught: ${caught} of ${FAULTS.length}; false alarms on the conforming server: ${falseAlarms} (seed ${SEED})`,
    '',
    '| fault | contract | result | named checks that fired | requests until found | other checks that fired |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  console.log(`\n${table}\n`);
  mkdirSync(path.join(ROOT, 'reports'), { recursive: true });
  writeFileSync(path.join(ROOT, 'reports', 'detection.md'), `${table}\n`);
  expect(falseAlarms).toBe(0);
  expect(caught).toBe(FAULTS.length);
});
