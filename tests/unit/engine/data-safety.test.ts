import { expect, test } from 'vitest';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { resourcesOf } from '../../../src/contract/resources';
import { pagingOf } from '../../../src/contract/lifecycle';
import type { Resource } from '../../../src/contract/resources';
import type { QueryPair } from '../../../src/model/case';
import { idsOf, MAX_PAGES as MAX_SNAPSHOT_PAGES, paginate } from '../../../src/transport/paginate';
import type { Case } from '../../../src/model/case';
import type { Phase } from '../../../src/model/phase';
import { contract, testGate } from '../support/contract';
import { startRun, finishRun } from '../../../src/engine/run';
import { runOperation } from '../../support/run';

/** Every id a list shows, read as the snapshot reads it: the one paginator, with the documented page size. */
async function listAllIds(resource: Resource, answer: (query: QueryPair[]) => Promise<unknown>) {
  const listing = await paginate(resource.lister!, async (query) => {
    const value = await answer(query);
    return { request: { method: 'GET', url: 'http://127.0.0.1:9/', headers: {} }, response: { status: 200, headers: {}, body: JSON.stringify(value ?? null) }, elapsedMs: 0, receivedAt: 0 };
  }, { pageSize: true });
  return { ids: [...new Set(idsOf(listing.items))], complete: listing.ended };
}

// On a live target the run changes or deletes only what it created, and deletes all of it at the end.

const TOKEN = 'omi_test_data_safety_credential';
const memories = resourcesOf(contract).find((r) => r.lister?.id === 'listMemories')!;

const remove = (id: string): Case => ({ operationId: 'deleteMemory', phase: 'crafted', expectation: 'accept', label: `delete ${id}`, method: 'DELETE', pathParams: { memory_id: id }, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' } });
const create: Case = { operationId: 'createMemory', phase: 'crafted', expectation: 'accept', label: 'create', method: 'POST', pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'json', value: { content: 'made by the run' }, contentType: 'application/json' } };
const phase = (operationId: string, cases: Case[]): Phase => ({ name: 'crafted', operationId, kind: 'list', description: 'crafted', cases });

test('a listed id and a documented example id are never sent to a delete; a drawn id no list showed is, and what the run made is deleted at the end', async () => {
  const server = await startReferenceServer({ token: TOKEN });
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '4' });
    await startRun(gate);
    // 30 memories at 25 a page: two pages and an empty one.
    expect(gate.journal.snapshot?.ids.filter((id) => id.startsWith('pre-mem-'))).toHaveLength(30);
    expect(gate.journal.snapshot?.complete).toEqual(expect.arrayContaining(['/v1/dev/user/memories', '/v1/dev/user/conversations', '/v1/dev/user/action-items']));
    const made = await runOperation(gate, phase('createMemory', [create, create]));
    expect(made.sent).toBe(2);
    const ownId = gate.resourceLedger.created[0].id;
    const before = server.data().memories.size;
    const outcome = await runOperation(gate, phase('deleteMemory', [remove('pre-mem-3'), remove('mem_xyz789'), remove('never-issued-0001'), remove(ownId)]));
    expect({ sent: outcome.sent, skipped: outcome.skipped }).toEqual({ sent: 2, skipped: 2 });
    expect(server.data().memories.has('pre-mem-3')).toBe(true);
    expect(server.data().memories.size).toBe(before - 1);
    const left = await finishRun(gate);
    expect(left).toEqual({ keys: [], resources: [] });
    expect(server.data().memories.size).toBe(30);
    await gate.close();
  } finally {
    await server.close();
  }
});

test('when a list cannot be read whole, only ids the run created are changed', async () => {
  const server = await startReferenceServer({ token: TOKEN, fault: 'data-limit-off-by-one' });
  try {
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '4' });
    await startRun(gate);
    gate.journal.snapshot = { ids: gate.journal.snapshot!.ids, complete: [] };
    const outcome = await runOperation(gate, phase('deleteMemory', [remove('never-issued-0001')]));
    expect({ sent: outcome.sent, skipped: outcome.skipped }).toEqual({ sent: 0, skipped: 1 });
    await gate.close();
  } finally {
    await server.close();
  }
});

test('off loopback each resource type has its own creation budget (OMI_MAX_KEYS)', async () => {
  const server = await startReferenceServer({ token: TOKEN });
  try {
    // 20 of each. Kept back for memories: 4 for their scenario (a create, and a batch of 3 in its
    // example), 4 the main credential makes for the scope probes' 4 keys (a fifth of 20) to act on,
    // and at most 4 those keys create; three quarters of the 8 left for valid creates.
    const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '4', OMI_MAX_KEYS: '20', OMI_CONCURRENCY: '1' });
    const outcome = await runOperation(gate, phase('createMemory', Array(8).fill(create)));
    expect({ sent: outcome.sent, skipped: outcome.skipped }).toEqual({ sent: 6, skipped: 2 });
    expect(outcome.limited).toBe('the budget for memories is spent (OMI_MAX_KEYS=20 of each resource: three quarters for valid creates, 12 kept for the scenarios and probes)');
    // Keys have a budget of their own, untouched by the memories made.
    expect(gate.budget.creation.left(gate.roles.resource!)).toBe(20);
    expect((await finishRun(gate)).resources).toEqual([]);
    await gate.close();
  } finally {
    await server.close();
  }
});

test('paging is read from the parameters: offset defaults to 0, limit to more; a required query parameter puts the list out of reach', () => {
  const paging = pagingOf(memories.lister!);
  expect([paging?.offset?.name, paging?.limit?.name]).toEqual(['offset', 'limit']);
  expect(pagingOf({ ...memories.lister!, parameters: [{ ...memories.lister!.parameters[0], required: true }] })).toBeUndefined();
});

test('a list that answers no array, repeats a page, or runs past the page cap is incomplete; one read to an empty page is whole', async () => {
  const pages = (answer: (offset: number) => unknown) => listAllIds(memories, async (query) => answer(Number(query.find(([n]) => n === 'offset')?.[1])));
  const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `m${from + i}` }));
  expect(await pages((offset) => (offset < 30 ? items(offset, Math.min(25, 30 - offset)) : []))).toEqual({ ids: items(0, 30).map((m) => m.id), complete: true });
  expect(await pages(() => undefined)).toEqual({ ids: [], complete: false });
  expect(await pages(() => items(0, 25))).toEqual({ ids: items(0, 25).map((m) => m.id), complete: false });
  let calls = 0;
  expect((await pages((offset) => (calls++, items(offset, 1)))).complete).toBe(false);
  expect(calls).toBe(MAX_SNAPSHOT_PAGES);
  // Without an offset: whole only when no limit could cut it.
  const folders = resourcesOf(contract).find((r) => r.lister?.id === 'listFolders')!;
  expect(await listAllIds(folders, async () => items(0, 3))).toEqual({ ids: ['m0', 'm1', 'm2'], complete: true });
  const limitOnly = { ...memories, lister: { ...memories.lister!, parameters: memories.lister!.parameters.filter((p) => p.name !== 'offset') } };
  expect((await listAllIds(limitOnly, async () => items(0, 3))).complete).toBe(false);
});

test('a list snapshot keeps what it read before it broke, counts only items with a string or number id, and is out of reach behind a required query parameter', async () => {
  const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `m${from + i}` }));
  const byOffset = (answer: (offset: number) => unknown) => listAllIds(memories, async (query) => answer(Number(query.find(([n]) => n === 'offset')?.[1])));
  // A page that is no array after a good one: what the good one showed is kept.
  expect(await byOffset((offset) => (offset === 0 ? items(0, 2) : { detail: 'x' }))).toEqual({ ids: ['m0', 'm1'], complete: false });
  // Past the page cap: every id read is kept.
  const capped = await byOffset((offset) => items(offset, 1));
  expect(capped).toEqual({ ids: items(0, MAX_SNAPSHOT_PAGES).map((m) => m.id), complete: false });
  // Items that are no objects or whose id is neither string nor number are not ids; a page of only such is no fresh page.
  expect(await byOffset((offset) => (offset === 0 ? [{ id: 'a' }, { id: 3 }, 'b', { id: null }, { id: { x: 1 } }, { name: 'n' }] : []))).toEqual({ ids: ['a', '3'], complete: true });
  expect(await byOffset((offset) => (offset === 0 ? [{ id: 'a' }] : offset === 1 ? [{ id: 'a' }] : []))).toEqual({ ids: ['a'], complete: false });
  expect(await byOffset((offset) => (offset === 0 ? [{ id: 'a' }] : offset === 1 ? [{ name: 'n' }] : []))).toEqual({ ids: ['a'], complete: false });
  expect(await byOffset((offset) => (offset === 0 ? [{ id: 'a' }] : offset === 1 ? [{ id: 'a' }, { id: 'b' }] : []))).toEqual({ ids: ['a', 'b'], complete: true });
  const required = { ...memories, lister: { ...memories.lister!, parameters: [...memories.lister!.parameters, { ...memories.lister!.parameters[0], name: 'q', required: true }] } };
  let asked = 0;
  expect(await listAllIds(required, async () => (asked++, items(0, 1)))).toEqual({ ids: [], complete: false });
  expect(asked).toBe(0);
  // A required path or header parameter is no obstacle: only query parameters decide.
  const byId = contract.operations.find((op) => op.parameters.some((p) => p.in === 'path' && p.required) && op.method === 'GET')!;
  expect(pagingOf(byId)).toEqual({ offset: undefined, limit: undefined });
  const withHeader = { ...memories.lister!, parameters: [...memories.lister!.parameters, { ...memories.lister!.parameters[0], name: 'x-trace', in: 'header' as const, required: true }] };
  expect(pagingOf(withHeader)?.offset?.name).toBe('offset');
});
