import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FAULTS, isDataFault } from '../../fixtures/reference-server/faults';
import type { GateRun } from '../../src/engine/run';
import { gateAgainst, HIDES_WHAT_IT_HOLDS, SEED } from './gate-runs';
import { ROOT } from './support';

const firedChecks = (run: GateRun) => {
  const checks = new Set(run.outcomes.flatMap((o) => o.violations.map((v) => v.check)));
  if (run.notRevoked.length > 0) checks.add('all_keys_revoked');
  if (run.notDeleted.length > 0) checks.add('all_created_deleted');
  return checks;
};

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

test('a state finding is filed under the write that did the damage, with the steps that led to it', async () => {
  const { run } = await gateAgainst('data-update-touches-other');
  const confined = run.outcomes.flatMap((o) => o.violations).filter((v) => v.check === 'update_confined');
  expect(confined.length).toBeGreaterThan(0);
  for (const v of confined) {
    expect(v.operationId).toBe('updateMemory');
    expect(v.steps).toEqual([expect.stringMatching(/^updateMemory of \S+ sent \{/), expect.stringMatching(/^listMemories read \S+ back: .* of another resource changed when this one was updated$/)]);
  }
});
