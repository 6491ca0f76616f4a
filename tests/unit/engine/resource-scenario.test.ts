import { expect, test } from 'vitest';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { followable } from '../../../src/contract/lifecycle';
import { runResourceScenario } from '../../../src/engine/phases/resource-scenario';
import { resourcesOf } from '../../../src/contract/resources';
import { contract, testGate } from '../support/contract';
import { startRun, finishRun } from '../../../src/engine/run';
import { runScenarioPhase } from '../../support/run';
import { planOf } from '../../../src/engine/plan';
import { scenarioKey } from '../../../src/engine/phases/resource-scenario';

// Each resource through its life against the reference server: every step judged, each scenario
// fault found by the check named for it at its step, and nothing the scenario made left behind.

const TOKEN = 'omi_test_scenario_credential';
const SCENARIO_CHECKS = [
  'read_back_matches', 'created_resource_listed', 'update_applied', 'deleted_resource_gone', 'use_after_delete_404',
  'page_exact', 'documented_default_holds', 'filter_complete', 'split_filter_partitions', 'update_confined', 'widening_flag_applied',
];

async function scenarios(fault?: string) {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '12', OMI_CONCURRENCY: '1' });
    await startRun(gate);
    const outcomes = [];
    for (const resource of gate.scenarioResources()) outcomes.push(await runScenarioPhase(gate, resource));
    const left = await finishRun(gate);
    await gate.close();
    const pre = (id: string) => id.startsWith('pre-') || id.startsWith('folder_');
    return { outcomes, left, leftOnServer: server.data().createdCount(pre), requests: server.requestCount() };
  } finally {
    await server.close();
  }
}

test('the resources followed are those with a single create and a delete: memories, conversations, action items, keys', () => {
  expect(resourcesOf(contract).filter((r) => followable(contract, r)).map((r) => r.name)).toEqual(['memories', 'conversations', 'action-items', 'keys']);
  expect(testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN }).scenarioResources().map((r) => r.name)).toEqual(['memories', 'conversations', 'action-items', 'keys']);
});

test('against the conforming server every step of every scenario passes, each check judges, and nothing is left', async () => {
  const { outcomes, left, leftOnServer } = await scenarios();
  expect(outcomes.map((o) => [o.resource, o.phase, o.aborted, o.violations.map((v) => `${v.check}: ${v.message}`)])).toEqual([
    ['memories', 'scenario', undefined, []], ['conversations', 'scenario', undefined, []], ['action-items', 'scenario', undefined, []], ['keys', 'scenario', undefined, []],
  ]);
  const judged = (check: string) => outcomes.reduce((n, o) => n + (o.tallies[check]?.judged ?? 0), 0);
  for (const check of SCENARIO_CHECKS) expect(judged(check), check).toBeGreaterThan(0);
  // Conversations: title updated and read back by id and in the list; then discarded (last: it takes
  // the conversation out of the list), read back by id, and no longer listed. The one made from
  // segments is listed too, and read back unchanged after each update.
  const conversations = outcomes[1];
  expect(conversations.tallies.update_applied.judged).toBe(3);
  expect(conversations.tallies.created_resource_listed.judged).toBe(4);
  expect(conversations.tallies.update_confined.judged).toBe(2);
  expect(left).toEqual({ keys: [], resources: [] });
  expect(leftOnServer).toBe(0);
});

for (const [fault, check, resource] of [
  ['data-update-not-applied', 'update_applied', 'memories'],
  ['data-created-not-listed', 'created_resource_listed', 'memories'],
  ['data-discarded-still-listed', 'created_resource_listed', 'conversations'],
  ['data-delete-keeps-listed', 'deleted_resource_gone', 'action-items'],
  ['data-delete-keeps-listed', 'use_after_delete_404', 'action-items'],
  ['data-delete-keeps-readable', 'use_after_delete_404', 'conversations'],
  ['data-read-back-started-now', 'read_back_matches', 'conversations'],
  ['data-offset-off-by-one', 'page_exact', 'memories'],
  ['data-default-page-short', 'documented_default_holds', 'action-items'],
  ['data-filter-drops-tagged', 'filter_complete', 'memories'],
  ['data-starred-filter-overlaps', 'split_filter_partitions', 'conversations'],
  ['data-update-touches-other', 'update_confined', 'memories'],
  ['data-batch-stores-fewer', 'created_resource_listed', 'action-items'],
  ['data-include-transcript-ignored', 'widening_flag_applied', 'conversations'],
] as const) {
  test(`${fault} is found by ${check} in the ${resource} scenario`, async () => {
    const { outcomes } = await scenarios(fault);
    const found = outcomes.find((o) => o.resource === resource)!.violations.filter((v) => v.check === check);
    expect(found.length, JSON.stringify(outcomes.map((o) => o.violations.map((v) => v.check)))).toBeGreaterThan(0);
    expect(found[0].caseLabel).toMatch(new RegExp(`^${resource}: `));
    // The scenario faults touch no other resource's scenario, but for the one that breaks every list.
    if (fault !== 'data-offset-off-by-one') expect(outcomes.filter((o) => o.resource !== resource).flatMap((o) => o.violations.filter((v) => SCENARIO_CHECKS.includes(v.check)))).toEqual([]);
  });
}

test('a resource that cannot be created stops its scenario after the create, and says why', async () => {
  const { outcomes } = await scenarios('data-crash-on-long-content');
  expect(outcomes.every((o) => o.aborted === undefined)).toBe(true);
  const server = await startReferenceServer({ token: TOKEN });
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '12' });
    const memories = gate.scenarioResources().find((r) => r.name === 'memories')!;
    const outcome = await runResourceScenario({
      contract: gate.contract, resource: memories, target: gate.target, judge: (gate as unknown as { newJudge(): never }).newJudge(), runSeed: 1,
      exampleBody: () => ({ kind: 'json', value: { content: '' }, contentType: 'application/json' }), isValid: () => true, unknownId: 'never-issued-1', redact: (v) => v, record: () => {}, firstReport: () => true,
    });
    expect(outcome.aborted).toBe('the create made no memories, so the scenario could not be followed');
    expect(outcome.sent).toBe(1);
    const keysOnly = { ...memories, consumers: memories.consumers.filter((op) => op.method !== 'DELETE') };
    const none = await runResourceScenario({ contract: gate.contract, resource: keysOnly, target: gate.target, judge: undefined as never, runSeed: 1, exampleBody: () => ({ kind: 'none' }), isValid: () => true, unknownId: 'never-issued-1', redact: (v) => v, record: () => {}, firstReport: () => true });
    expect(none).toMatchObject({ sent: 0, aborted: 'the contract has no single create and delete to follow memories with' });
    await gate.close();
  } finally {
    await server.close();
  }
});

test('a scenario step replays with its whole scenario, on a live target only', () => {
  const replaying = (env: Record<string, string>) => testGate({ OMI_FUZZ_SEED: '12', OMI_API_TOKEN: TOKEN, ...env });
  const gate = replaying({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_FUZZ_PATH: 'memories/scenario:7' });
  const [memories, conversations] = gate.scenarioResources();
  const selects = (key: string) => !planOf(gate).find((p) => p.key === key)?.skipReason;
  expect([selects(scenarioKey(memories)), selects(scenarioKey(conversations)), selects('createMemory/positive')]).toEqual([true, false, false]);
  expect(() => replaying({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_FUZZ_PATH: 'memories/scenario:1:2' })).toThrow("OMI_FUZZ_PATH: a scenario's steps are numbered from 0; there is no step 1:2");
  expect(() => replaying({ OMI_FUZZ_PATH: 'memories/scenario:7' })).toThrow(/memories\/scenario is a resource scenario, which only a live target can answer/);
  expect(() => replaying({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_FUZZ_PATH: 'folders/scenario:0' })).toThrow(/names no phase "folders\/scenario"/);
});
