import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FAULTS, startReferenceServer } from '../../fixtures/reference-server';
import { Gate } from '../../src/harness/gate';
import { runGate, type GateRun } from '../../src/harness/run-gate';
import { CONTRACT_PATH, ROOT } from './support';

/** A token for the test servers only: fixed so a failing case replays, never a real credential. */
const TOKEN = 'omi_test_reference_credential';
/** Short, so the hang fault is over quickly; the default (10 s) is for real servers. */
const REQUEST_TIMEOUT_MS = '2000';
const SEED = '20261126';

async function gateAgainst(fault?: string): Promise<{ run: GateRun; requests: number }> {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    const gate = Gate.fromEnvironment({ OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: SEED, OMI_REQUEST_TIMEOUT_MS: REQUEST_TIMEOUT_MS });
    const run = await runGate(gate);
    return { run, requests: gate.target.sent };
  } finally {
    await server.close();
  }
}

const firedChecks = (run: GateRun) => {
  const checks = new Set(run.outcomes.flatMap((o) => o.violations.map((v) => v.check)));
  if (run.notRevoked.length > 0) checks.add('all_keys_revoked');
  return checks;
};

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
    const { run } = await gateAgainst(fault.name);
    const fired = firedChecks(run);
    const named = fault.expectedChecks.filter((c) => fired.has(c));
    const firstSeen = run.outcomes.flatMap((o) => o.violations).filter((v) => named.includes(v.check)).map((v) => v.firstSeenAt ?? Infinity);
    const casesNeeded = firstSeen.length > 0 ? Math.min(...firstSeen) : undefined;
    // Checks that fired but are not named for the fault: allowed (one fault breaks several promises), but counted.
    const others = [...fired].filter((c) => !fault.expectedChecks.includes(c) && c !== 'all_keys_revoked');
    if (named.length > 0) caught++;
    expect.soft(named, `${fault.name}: fired ${[...fired].join(', ') || 'nothing'}`).not.toEqual([]);
    rows.push(`| ${fault.name} | ${named.length > 0 ? 'caught' : 'MISSED'} | ${named.join(', ') || '-'} | ${casesNeeded ?? '-'} | ${others.join(', ') || '-'} |`);
  }
  const { run: clean } = await gateAgainst();
  falseAlarms = clean.outcomes.flatMap((o) => o.violations).length;
  const table = [
    `Faults caught: ${caught} of ${FAULTS.length}; false alarms on the conforming server: ${falseAlarms} (seed ${SEED})`,
    '',
    '| fault | result | named checks that fired | requests until found | other checks that fired |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  console.log(`\n${table}\n`);
  mkdirSync(path.join(ROOT, 'reports'), { recursive: true });
  writeFileSync(path.join(ROOT, 'reports', 'detection.md'), `${table}\n`);
  expect(falseAlarms).toBe(0);
  expect(caught).toBe(FAULTS.length);
});
