import { expect, test } from 'vitest';
import type { JudgedFinding } from '../../../src/engine/judge';
import { followable, singleProducer } from '../../../src/contract/lifecycle';
import { runResourceScenario, type ScenarioDeps } from '../../../src/engine/phases/resource-scenario';
import { scenarioPhase } from '../../../src/engine/plan';
import { resourcesOf } from '../../../src/contract/resources';
import { jsonRequestContent } from '../../../src/contract/load';
import type { Case, ResourceStep } from '../../../src/model/case';
import type { Exchange } from '../../../src/model/exchange';
import type { Target } from '../../../src/transport/target';
import { contract, oracle, testGate } from '../support/contract';
import { MAX_PAGES } from '../../../src/transport/paginate';

// What the scenario sends, step by step, and what it hands each step's checks, against a scripted
// target: the order of the steps, their labels, the pages of a list, and where a scenario stops.

const conversations = resourcesOf(contract).find((r) => r.name === 'conversations')!;
const memories = resourcesOf(contract).find((r) => r.name === 'memories')!;
// The conversation list with its paging only: the tests of paging need no filter.
const paging = new Set(['limit', 'offset']);
const plain = { ...conversations, lister: { ...conversations.lister!, parameters: conversations.lister!.parameters.filter((p) => paging.has(p.name)) } };
const config = testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: 'omi_test_steps_credential' }).config;
const CREATE_BODY: Case['body'] = { kind: 'json', value: { text: 'sent by the test' }, contentType: 'application/json' };

interface Reply { status: number; body?: unknown }

/** A target answering from a script: every case it is sent is kept, in order. */
function scriptedTarget(answer: (c: Case, sent: Case[]) => Reply) {
  const sent: Case[] = [];
  const target = {
    config,
    broken: undefined as Exchange | undefined,
    async send(c: Case): Promise<Exchange> {
      sent.push(c);
      const reply = answer(c, sent);
      return {
        request: { method: c.method, url: 'http://127.0.0.1:9/', headers: {} },
        response: { status: reply.status, headers: { 'content-type': 'application/json' }, body: reply.body === undefined ? '' : JSON.stringify(reply.body) },
        elapsedMs: 0, receivedAt: 0,
      };
    },
  };
  return { sent, target };
}

/** One conversation kept as a store keeps it: created, read, listed (one page of `pageSize`), patched, deleted. */
function oneConversation(options: { pageSize?: number; others?: number; patchStatus?: number; deleteStatus?: number } = {}) {
  let stored: Record<string, unknown> | undefined;
  const others = Array.from({ length: options.others ?? 0 }, (_, i) => ({ id: `other-${i}`, structured: { title: `other ${i}` } }));
  return (c: Case): Reply => {
    const id = c.pathParams.conversation_id;
    switch (c.operationId) {
      case 'createConversation':
        stored = { id: 'conv-1', status: 'completed', created_at: '2026-01-02T03:04:05.678Z', structured: { title: 'first', category: 'work' }, discarded: false };
        return { status: 200, body: stored };
      case 'getConversation':
        return stored && id === 'conv-1' ? { status: 200, body: stored } : { status: 404, body: { detail: 'Not found' } };
      case 'updateConversation': {
        if (!stored || id !== 'conv-1') return { status: 404, body: { detail: 'Not found' } };
        if (options.patchStatus) return { status: options.patchStatus, body: { detail: 'no' } };
        const change = (c.body.kind === 'json' ? c.body.value : {}) as Record<string, unknown>;
        stored = { ...stored, ...('discarded' in change ? { discarded: change.discarded } : {}), structured: { ...(stored.structured as object), title: change.title ?? (stored.structured as { title: string }).title } };
        return { status: 200, body: stored };
      }
      case 'deleteConversation':
        if (options.deleteStatus) return { status: options.deleteStatus, body: { detail: 'no' } };
        if (!stored || id !== 'conv-1') return { status: 404, body: { detail: 'Not found' } };
        stored = undefined;
        return { status: 200, body: { status: 'ok' } };
      case 'listConversations': {
        const all = [...others, ...(stored && stored.discarded !== true ? [stored] : [])];
        const offset = Number(c.queryParams?.find(([name]) => name === 'offset')?.[1] ?? 0);
        return { status: 200, body: all.slice(offset, offset + (options.pageSize ?? 25)) };
      }
      default:
        throw new Error(`the scenario sent ${c.operationId}`);
    }
  };
}

const noFindings = { judge: () => [] as JudgedFinding[] };

function deps(target: unknown, overrides: Partial<ScenarioDeps> = {}): ScenarioDeps {
  return {
    contract, resource: plain, target: target as Target, judge: noFindings as never, runSeed: 7, exampleBody: (op) => (op.id === 'createConversation' ? CREATE_BODY : { kind: 'none' }),
    isValid: (pointer, value) => oracle.isValid(pointer, value), unknownId: 'never-issued-1', redact: (v) => v, record: () => {}, firstReport: () => true, ...overrides,
  };
}

const stepOf = (c: Case) => c.step as ResourceStep;
const row = (c: Case) => [c.operationId, c.label, stepOf(c)?.name, c.pathParams.conversation_id, c.queryParams ?? []];

test('a conversation through its life: every step, its label, its id and its query, in order', async () => {
  const { sent, target } = scriptedTarget(oneConversation());
  const judged: Case[] = [];
  const recorded: Case[] = [];
  const result = await runResourceScenario(deps(target, {
    resource: conversations,
    judge: { judge: (_op: unknown, c: Case) => (judged.push(c), []) } as never,
    record: (_e, c) => recorded.push(c),
  }));
  expect(result).toMatchObject({ key: 'conversations/scenario', resource: 'conversations', phase: 'scenario', description: 'conversations: create, read, list, page, filter, update, delete, use after delete', violations: [], allowed: [], known: [], skipped: 0 });
  expect(result.aborted).toBeUndefined();
  // In the order judged (steps that overlap are judged in the order given, whatever the timing).
  const steps = [
    ['createConversation', 'conversations: created', 'resource-created', undefined, []],
    // include_transcript widens the answer (a boolean that defaults to false): sent true.
    ['getConversation', 'conversations: read', 'resource-read', 'conv-1', [['include_transcript', 'true']]],
    ['listConversations', 'conversations: listed', 'resource-listed', undefined, [['offset', '0']]],
    // Right after it, with no write between: the page at offset 1 of size 2.
    ['listConversations', 'conversations: paged', 'resource-paged', undefined, [['offset', '1'], ['limit', '2']]],
    // Each filter set to the conversation's own value, in the contract's order: the second that
    // holds its date for each bound, the flag both ways, its category; folder_id is null: not tried.
    ['listConversations', 'conversations: filtered', 'resource-filtered', undefined, [['start_date', '2026-01-02T03:04:05.000Z'], ['offset', '0']]],
    ['listConversations', 'conversations: filtered', 'resource-filtered', undefined, [['end_date', '2026-01-02T03:04:06.000Z'], ['offset', '0']]],
    ['listConversations', 'conversations: filtered', 'resource-filtered', undefined, [['include_transcript', 'true'], ['offset', '0']]],
    ['listConversations', 'conversations: filtered', 'resource-filtered', undefined, [['include_transcript', 'false'], ['offset', '0']]],
    ['listConversations', 'conversations: filtered', 'resource-filtered', undefined, [['categories', 'work'], ['offset', '0']]],
    // starred names no field of a conversation: the whole list, then each half, each to its end.
    ['listConversations', 'conversations: split', 'resource-split', undefined, [['offset', '0']]],
    ['listConversations', 'conversations: split', 'resource-split', undefined, [['offset', '1']]],
    ['listConversations', 'conversations: split', 'resource-split', undefined, [['starred', 'true'], ['offset', '0']]],
    ['listConversations', 'conversations: split', 'resource-split', undefined, [['starred', 'true'], ['offset', '1']]],
    ['listConversations', 'conversations: split', 'resource-split', undefined, [['starred', 'false'], ['offset', '0']]],
    ['listConversations', 'conversations: split', 'resource-split', undefined, [['starred', 'false'], ['offset', '1']]],
    ['updateConversation', 'conversations: updated', 'resource-updated', 'conv-1', []],
    ['getConversation', 'conversations: read-after-update', 'resource-read-after-update', 'conv-1', [['include_transcript', 'true']]],
    ['listConversations', 'conversations: listed-after-update', 'resource-listed-after-update', undefined, [['offset', '0']]],
    // The boolean last: discarding takes the conversation out of its list.
    ['updateConversation', 'conversations: updated', 'resource-updated', 'conv-1', []],
    ['getConversation', 'conversations: read-after-update', 'resource-read-after-update', 'conv-1', [['include_transcript', 'true']]],
    ['listConversations', 'conversations: listed-after-update', 'resource-listed-after-update', undefined, [['offset', '0']]],
    ['deleteConversation', 'conversations: deleted', 'resource-deleted', 'conv-1', []],
    // What no write after the delete can change overlaps; the writes after it stay in order.
    ['getConversation', 'conversations: read-after-delete', 'resource-read-after-delete', 'conv-1', []],
    ['deleteConversation', 'conversations: deleted-unknown', 'resource-deleted-unknown', 'never-issued-1', []],
    ['updateConversation', 'conversations: updated-after-delete', 'resource-updated-after-delete', 'conv-1', []],
    ['deleteConversation', 'conversations: deleted-again', 'resource-deleted-again', 'conv-1', []],
    ['listConversations', 'conversations: listed-after-delete', 'resource-listed-after-delete', undefined, [['offset', '0']]],
  ];
  // Sent as the overlapping steps' requests interleave: the same requests.
  const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  expect(sorted(sent.map(row))).toEqual(sorted(steps));
  expect(result.sent).toBe(sent.length);
  // Every exchange is judged once, and recorded (one step sender for every phase).
  // (the split's first page of each list is judged as a page: a page of one item is followed by an empty one)
  expect(judged.map(row)).toEqual(steps.map((r, i) => ([9, 11, 13].includes(i) ? [r[0], 'conversations: a page of the list', undefined, undefined, r[4]] : r)));
  expect(recorded.map(row)).toEqual(sent.map(row));
  for (const c of sent) expect([c.phase, c.expectation, c.method, c.auth]).toEqual(['scenario', 'accept', c.method, { kind: 'credential', scheme: 'Bearer' }]);

  const named = (name: string) => sent.filter((c) => c.step?.name === name);
  const [create, read] = sent;
  const [retitle, discard] = named('resource-updated');
  const [updatedAfterDelete] = named('resource-updated-after-delete');
  // A list's step, as its checks see it, is the judged case: it carries every item of the pages.
  const judgedAs = (name: string) => judged.filter((c) => c.step?.name === name && stepOf(c).listed !== undefined);
  const [listed] = judgedAs('resource-listed');
  const [listedRetitled, listedDiscarded] = judgedAs('resource-listed-after-update');
  const [listedAfterDelete] = judgedAs('resource-listed-after-delete');
  // The page is judged against the list read just before it.
  expect(stepOf(named('resource-paged')[0]).listed).toBe(stepOf(listed).listed);
  expect(judgedAs('resource-filtered').every((c) => stepOf(c).expectListed === true && stepOf(c).resourceId === 'conv-1')).toBe(true);
  // The split's last list carries the ids of the whole list and of its true half.
  const splits = judgedAs('resource-split');
  expect(splits.map((c) => stepOf(c).split)).toEqual([undefined, undefined, { all: ['conv-1'], yes: ['conv-1'] }]);
  expect(stepOf(splits[2]).listed).toMatchObject({ complete: true, pages: [1, 0] });
  expect(create.body).toEqual(CREATE_BODY);
  expect(stepOf(read).expected).toEqual({ text: 'sent by the test' });
  expect(stepOf(listed)).toMatchObject({ resourceId: 'conv-1', expectListed: true, listed: { complete: true } });
  expect(stepOf(listed).listed!.pages).toEqual([1]);
  expect(stepOf(listed).listed!.items).toEqual([{ id: 'conv-1', status: 'completed', created_at: '2026-01-02T03:04:05.678Z', structured: { title: 'first', category: 'work' }, discarded: false }]);
  // A new title, unlike the one the conversation holds, valid for the update's schema.
  const title = retitle.body.kind === 'json' ? (retitle.body.value as { title: unknown }).title : undefined;
  expect(typeof title === 'string' && title !== 'first').toBe(true);
  expect(retitle.body).toMatchObject({ kind: 'json', contentType: 'application/json' });
  expect(stepOf(retitle).expected).toEqual({ title });
  expect(stepOf(listedRetitled)).toMatchObject({ expected: { title }, expectListed: true });
  expect(discard.body).toEqual({ kind: 'json', value: { discarded: true }, contentType: 'application/json' });
  // Discarded: the list's words exclude it, and the list no longer shows it.
  expect(stepOf(listedDiscarded)).toMatchObject({ expected: { discarded: true }, expectListed: false, listed: { items: [], complete: true } });
  // After the delete the first field is updated again, to a title unlike the one it last held.
  const retried = updatedAfterDelete.body.kind === 'json' ? (updatedAfterDelete.body.value as Record<string, unknown>) : {};
  expect(Object.keys(retried)).toEqual(['title']);
  expect(typeof retried.title === 'string' && retried.title !== title).toBe(true);
  expect(stepOf(listedAfterDelete)).toMatchObject({ expectListed: false, listed: { items: [], complete: true } });
});

test('a long list is paged by its offset until the resource is met; the pages before are judged as pages', async () => {
  const { sent, target } = scriptedTarget(oneConversation({ pageSize: 3, others: 7 }));
  const judged: Case[] = [];
  await runResourceScenario(deps(target, { judge: { judge: (_op: unknown, c: Case) => (judged.push(c), []) } as never }));
  const firstList = sent.slice(2, 5);
  expect(firstList.map((c) => c.queryParams)).toEqual([[['offset', '0']], [['offset', '3']], [['offset', '6']]]);
  const pages = judged.filter((c) => c.operationId === 'listConversations').slice(0, 3);
  expect(pages.map((c) => [c.label, c.step])).toEqual([
    ['conversations: a page of the list', undefined],
    ['conversations: a page of the list', undefined],
    ['conversations: listed', expect.objectContaining({ name: 'resource-listed', resourceId: 'conv-1' })],
  ]);
  // The step sees every item of every page, the resource last.
  const items = stepOf(pages[2]).listed!.items as { id: string }[];
  expect(items.map((i) => i.id)).toEqual(['other-0', 'other-1', 'other-2', 'other-3', 'other-4', 'other-5', 'other-6', 'conv-1']);
  expect(stepOf(pages[2]).listed!.complete).toBe(true);
  // After the delete the list is read to its empty end, last: 7 others in pages of 3, then an empty page.
  const last = sent.slice(-4);
  expect(last.map((c) => c.queryParams)).toEqual([[['offset', '0']], [['offset', '3']], [['offset', '6']], [['offset', '7']]]);
  const listedAfterDelete = judged.filter((c) => c.step?.name === 'resource-listed-after-delete').at(-1)!;
  expect(stepOf(listedAfterDelete).listed).toEqual({ items: expect.any(Array), complete: true, pages: [3, 3, 1, 0] });
  expect(stepOf(listedAfterDelete).listed!.items).toHaveLength(7);
});

test('a list that never ends and never shows the resource is read MAX_PAGES deep (the one paginator\'s cap), and then is not complete', async () => {
  const store = oneConversation();
  const { sent, target } = scriptedTarget((c) => c.operationId === 'listConversations'
    ? { status: 200, body: [{ id: `other-${Number(c.queryParams?.[0]?.[1])}` }] }
    : store(c));
  await runResourceScenario(deps(target, { resource: { ...plain, consumers: conversations.consumers.filter((op) => op.method === 'DELETE') } }));
  const lists = sent.filter((c) => c.operationId === 'listConversations' && c.step?.name !== 'resource-paged');
  // The listed step and the listed-after-delete step, MAX_PAGES pages each.
  expect(lists).toHaveLength(2 * MAX_PAGES);
  expect(lists[MAX_PAGES - 1].queryParams).toEqual([['offset', String(MAX_PAGES - 1)]]);
  expect(lists.slice(0, MAX_PAGES - 1).every((c) => c.step?.name === 'resource-listed' && stepOf(c).listed === undefined)).toBe(true);
  expect(stepOf(lists[MAX_PAGES - 1]).listed).toBeUndefined();
});

test('the last page, when the cap ends the list, carries every item and says it is not complete', async () => {
  const store = oneConversation();
  const { target } = scriptedTarget((c) => c.operationId === 'listConversations'
    ? { status: 200, body: [{ id: `other-${Number(c.queryParams?.[0]?.[1])}` }] }
    : store(c));
  const judged: Case[] = [];
  await runResourceScenario(deps(target, { judge: { judge: (_op: unknown, c: Case) => (judged.push(c), []) } as never }));
  const listedStep = judged.find((c) => c.step?.name === 'resource-listed')!;
  expect(stepOf(listedStep).listed!.items).toHaveLength(MAX_PAGES);
  expect(stepOf(listedStep).listed!.complete).toBe(false);
  expect(judged.filter((c) => c.label === 'conversations: a page of the list')).toHaveLength((MAX_PAGES - 1) * 4);
});

test('a list that answers anything but an array ends at its first page, not complete', async () => {
  for (const reply of [{ status: 200, body: { items: [] } }, { status: 500, body: [{ id: 'conv-1' }] }]) {
    const store = oneConversation();
    const { sent, target } = scriptedTarget((c) => c.operationId === 'listConversations' ? reply : store(c));
    const judged: Case[] = [];
    await runResourceScenario(deps(target, { judge: { judge: (_op: unknown, c: Case) => (judged.push(c), []) } as never }));
    const lists = judged.filter((c) => c.operationId === 'listConversations');
    expect(lists.length, JSON.stringify(reply)).toBe(sent.filter((c) => c.operationId === 'listConversations').length);
    for (const c of lists) expect(stepOf(c).listed, JSON.stringify(reply)).toEqual({ items: [], complete: false, pages: [0] });
  }
});

test('a list without an offset is one page: the resource is looked for there alone', async () => {
  const lister = { ...conversations.lister!, parameters: conversations.lister!.parameters.filter((p) => p.name !== 'offset') };
  const store = oneConversation();
  const { sent, target } = scriptedTarget((c) => c.operationId === 'listConversations' ? { status: 200, body: [{ id: 'other' }] } : store(c));
  const judged: Case[] = [];
  await runResourceScenario(deps(target, { resource: { ...conversations, lister }, judge: { judge: (_op: unknown, c: Case) => (judged.push(c), []) } as never }));
  const lists = sent.filter((c) => c.operationId === 'listConversations');
  expect(lists).toHaveLength(4);
  expect(lists.every((c) => (c.queryParams ?? []).length === 0)).toBe(true);
  expect(judged.filter((c) => c.operationId === 'listConversations').map((c) => stepOf(c).listed)).toEqual(Array(4).fill({ items: [{ id: 'other' }], complete: true, pages: [1] }));
});

test('a list that needs a query parameter, or no list at all, is not read', async () => {
  const required = { ...conversations.lister!, parameters: conversations.lister!.parameters.map((p) => (p.name === 'starred' ? { ...p, required: true } : p)) };
  for (const lister of [required, undefined]) {
    const { sent, target } = scriptedTarget(oneConversation());
    await runResourceScenario(deps(target, { resource: { ...conversations, lister } }));
    expect(sent.filter((c) => c.operationId === 'listConversations')).toEqual([]);
    expect(sent.map((c) => c.step?.name)).toContain('resource-deleted-again');
  }
});

test('an update that is refused is not read back; the next field is still tried', async () => {
  const { sent, target } = scriptedTarget(oneConversation({ patchStatus: 422 }));
  await runResourceScenario(deps(target));
  expect(sent.map((c) => c.step?.name)).toEqual([
    'resource-created', 'resource-read', 'resource-listed', 'resource-paged', 'resource-updated', 'resource-updated',
    'resource-deleted', 'resource-read-after-delete', 'resource-deleted-unknown', 'resource-updated-after-delete', 'resource-deleted-again', 'resource-listed-after-delete',
  ]);
  // Refused, the discard never happened: the conversation is still expected in its list until deleted.
  const { sent: again, target: t2 } = scriptedTarget(oneConversation({ patchStatus: 300 }));
  await runResourceScenario(deps(t2));
  expect(again.filter((c) => c.step?.name === 'resource-read-after-update')).toEqual([]);
});

test('an update answered 2xx is read back, and what it answered is what the next update is unlike', async () => {
  const store = oneConversation();
  const { sent, target } = scriptedTarget((c) => (c.operationId === 'updateConversation' ? { ...store(c), status: 299 } : store(c)));
  await runResourceScenario(deps(target));
  expect(sent.filter((c) => c.step?.name === 'resource-read-after-update')).toHaveLength(2);
});

test('a delete that is refused ends the scenario: nothing is used after it', async () => {
  for (const status of [500, 300]) {
    const { sent, target } = scriptedTarget(oneConversation({ deleteStatus: status }));
    const result = await runResourceScenario(deps(target));
    expect(sent[sent.length - 1].step?.name, String(status)).toBe('resource-deleted');
    expect(result.aborted).toBeUndefined();
  }
  const { sent, target } = scriptedTarget(oneConversation({ deleteStatus: 299 }));
  await runResourceScenario(deps(target));
  expect(sent[sent.length - 1].step?.name).toBe('resource-listed-after-delete');
});

test('without a read or an update the scenario goes from create to list to delete', async () => {
  const { sent, target } = scriptedTarget(oneConversation());
  await runResourceScenario(deps(target, { resource: { ...plain, consumers: conversations.consumers.filter((op) => op.method === 'DELETE') } }));
  expect(sent.map((c) => c.step?.name)).toEqual(['resource-created', 'resource-listed', 'resource-paged', 'resource-deleted', 'resource-deleted-unknown', 'resource-deleted-again', 'resource-listed-after-delete']);
});

test('a create refused, answered without an id, or a target that stopped answering aborts after the create', async () => {
  for (const [reply, broken] of [[{ status: 422, body: { id: 'conv-1' } }, false], [{ status: 300, body: { id: 'conv-1' } }, false], [{ status: 200, body: { title: 'no id' } }, false], [{ status: 200, body: { id: 'conv-1' } }, true]] as const) {
    const { sent, target } = scriptedTarget(() => reply);
    if (broken) target.broken = { request: { method: 'GET', url: '', headers: {} }, failure: { kind: 'reset', message: 'reset' }, elapsedMs: 0, receivedAt: 0 };
    const result = await runResourceScenario(deps(target));
    expect(result.aborted).toBe('the create made no conversations, so the scenario could not be followed');
    expect([result.sent, sent.length]).toEqual([1, 1]);
  }
});

test('a create answered 299 with an id is followed', async () => {
  const store = oneConversation();
  const { sent, target } = scriptedTarget((c) => (c.operationId === 'createConversation' ? { ...store(c), status: 299 } : store(c)));
  const result = await runResourceScenario(deps(target));
  expect(result.aborted).toBeUndefined();
  expect(sent.length).toBeGreaterThan(1);
});

test('a memory is not read back (it has no read): its updates take other values than it holds, enums included', async () => {
  const stored: Record<string, unknown> = { id: 'mem-1', content: 'first', visibility: 'public' };
  const { sent, target } = scriptedTarget((c) => {
    if (c.operationId === 'listMemories') return { status: 200, body: [] };
    if (c.operationId === 'updateMemory') return { status: 200, body: { ...stored, ...(c.body.kind === 'json' ? (c.body.value as object) : {}) } };
    return { status: 200, body: stored };
  });
  await runResourceScenario(deps(target, { resource: memories, exampleBody: (op) => (op.id === 'createMemory' ? { kind: 'json', value: { content: 'first' }, contentType: 'application/json' } : { kind: 'none' }) }));
  const updates = sent.filter((c) => c.step?.name === 'resource-updated').map((c) => (c.body.kind === 'json' ? c.body.value : undefined));
  expect(updates).toHaveLength(2);
  expect(Object.keys(updates[0] as object)).toEqual(['content']);
  expect((updates[0] as { content: string }).content).not.toBe('first');
  // Visibility was public: the other enum value.
  expect(updates[1]).toEqual({ visibility: 'private' });
  expect(sent.filter((c) => c.operationId === 'listMemories').map((c) => c.label)).toEqual(['memories: listed', 'memories: paged', 'memories: listed-after-update', 'memories: listed-after-update', 'memories: listed-after-delete']);
});

test('a filter of several values is tried with the resource\'s own value, then with another the list showed too', async () => {
  const stored = { id: 'mem-1', content: 'first', category: 'system', visibility: 'public' };
  const listedToo = [stored, { id: 'mem-0', content: 'older', category: 'interesting' }, { id: 'mem-00', content: 'oldest', category: 'system' }];
  const { sent, target } = scriptedTarget((c) => (c.operationId === 'listMemories' ? { status: 200, body: Number(c.queryParams?.find(([n]) => n === 'offset')?.[1]) > 0 ? [] : listedToo } : { status: 200, body: stored }));
  await runResourceScenario(deps(target, { resource: memories, exampleBody: (op) => (op.id === 'createMemory' ? { kind: 'json', value: { content: 'first' }, contentType: 'application/json' } : { kind: 'none' }) }));
  expect(sent.filter((c) => c.step?.name === 'resource-filtered' || c.step?.name === 'resource-paged').map((c) => c.queryParams)).toEqual([
    [['offset', '1'], ['limit', '2']],
    // Met on the first page: the list is not read further.
    [['categories', 'system'], ['offset', '0']],
    [['categories', 'system,interesting'], ['offset', '0']],
  ]);
});

test('the memories made by the other producers are listed, and after each update read back as they were', async () => {
  const made: Record<string, Record<string, unknown>> = {};
  const { sent, target } = scriptedTarget((c) => {
    if (c.operationId === 'createMemory') return { status: 200, body: (made['mem-1'] = { id: 'mem-1', content: 'one', visibility: 'public' }) };
    if (c.operationId === 'createMemoriesBatch') return { status: 200, body: { memories: [(made['mem-2'] = { id: 'mem-2', content: 'two', visibility: 'private', tags: ['a'] }), (made['mem-3'] = { id: 'mem-3', content: 'three', visibility: 'public' })], created_count: 2 } };
    if (c.operationId === 'listMemories') return { status: 200, body: Number(c.queryParams?.find(([n]) => n === 'offset')?.[1]) > 0 ? [] : Object.values(made) };
    if (c.operationId === 'updateMemory') return { status: 200, body: Object.assign(made['mem-1'], c.body.kind === 'json' ? c.body.value : {}) };
    return { status: 200, body: { success: true } };
  });
  const batchBody: Case['body'] = { kind: 'json', value: { memories: [{ content: 'two' }, { content: 'three' }] }, contentType: 'application/json' };
  const judged: Case[] = [];
  await runResourceScenario(deps(target, {
    resource: memories, judge: { judge: (_op: unknown, c: Case) => (judged.push(c), []) } as never,
    exampleBody: (op) => (op.id === 'createMemory' ? { kind: 'json', value: { content: 'one' }, contentType: 'application/json' } : op.id === 'createMemoriesBatch' ? batchBody : { kind: 'none' }),
  }));
  expect(sent.slice(0, 2).map((c) => [c.operationId, c.label, c.body])).toEqual([
    ['createMemory', 'memories: created', { kind: 'json', value: { content: 'one' }, contentType: 'application/json' }],
    ['createMemoriesBatch', 'memories: created', batchBody],
  ]);
  const listedSteps = judged.filter((c) => c.step?.name === 'resource-listed' && stepOf(c).listed).map((c) => [stepOf(c).resourceId, stepOf(c).expectListed]);
  expect(listedSteps).toEqual([['mem-1', true], ['mem-2', true], ['mem-3', true]]);
  // After each of the two updates, each other memory is found in the list holding what it held in the fields an update writes.
  const others = judged.filter((c) => c.step?.name === 'resource-other-after-update' && stepOf(c).listed);
  expect(others.map((c) => [stepOf(c).resourceId, stepOf(c).expected])).toEqual([
    ['mem-2', { content: 'two', visibility: 'private' }], ['mem-3', { content: 'three', visibility: 'public' }],
    ['mem-2', { content: 'two', visibility: 'private' }], ['mem-3', { content: 'three', visibility: 'public' }],
  ]);
});

test('every finding of a step is reported once, in its bucket, with the step index it was found at', async () => {
  const { target } = scriptedTarget(oneConversation());
  const check = { name: 'some_check', reason: 'a reason' };
  const finding = (status: 'violation' | 'allowed' | 'known') => ({
    check, finding: { message: status, location: 'body' }, identity: `id-${status}`,
    allowance: status === 'allowed' ? { id: 'an-allowance', reason: 'allowed here' } : undefined,
    known: status === 'known' ? { reason: 'known' } : undefined,
  });
  const reported = new Set<string>();
  const result = await runResourceScenario(deps(target, {
    judge: { judge: (_op: unknown, c: Case) => (c.step?.name === 'resource-read' || c.step?.name === 'resource-deleted' ? [finding('violation'), finding('allowed'), finding('known')] : []) } as never,
    firstReport: (key) => !reported.has(key) && !!reported.add(key),
  }));
  expect(result.violations.map((v) => [v.check, v.message, v.caseLabel])).toEqual([['some_check', 'violation', 'conversations: read']]);
  expect(result.allowed.map((v) => v.message)).toEqual(['allowed']);
  expect(result.known.map((v) => v.message)).toEqual(['known']);
  // The read is the second exchange judged, the delete the tenth: each found where it was sent.
  expect(result.violations[0]).toMatchObject({ phase: scenarioPhase(conversations).name, shrunk: false, testCase: { step: { name: 'resource-read' } } });
  expect(result.allowed[0].allowance).toEqual({ id: 'an-allowance', reason: 'allowed here' });
});

test('only a boolean query flag that defaults to false widens a read: not a header, not another default, not another type', async () => {
  const getConversation = conversations.consumers.find((op) => op.method === 'GET')!;
  const flag = (name: string, where: string, schema: Record<string, unknown>) => ({ name, in: where, required: false, schema }) as (typeof getConversation.parameters)[number];
  const read = { ...getConversation, parameters: [
    ...getConversation.parameters,
    flag('x-verbose', 'header', { type: 'boolean', default: false }),
    flag('count', 'query', { type: 'integer', default: 0 }),
    flag('fresh', 'query', { type: 'boolean', default: true }),
    flag('strict', 'query', { type: 'boolean' }),
    flag('mode', 'query', { type: 'string', default: false }),
  ] };
  const { sent, target } = scriptedTarget(oneConversation());
  await runResourceScenario(deps(target, { resource: { ...plain, consumers: plain.consumers.map((op) => (op.method === 'GET' ? read : op)) } }));
  expect(sent.find((c) => c.step?.name === 'resource-read')?.queryParams).toEqual([['include_transcript', 'true']]);
});

test('a resource is followed only with a create that answers one id at its top and a delete', () => {
  const memoriesCreate = memories.producers.find((op) => op.id === 'createMemory')!;
  const batchOnly = { ...memories, producers: memories.producers.filter((op) => op !== memoriesCreate) };
  const noDelete = { ...memories, consumers: memories.consumers.filter((op) => op.method !== 'DELETE') };
  expect(singleProducer(contract, memories)).toBe(memoriesCreate);
  expect(singleProducer(contract, batchOnly)).toBeUndefined();
  expect([followable(contract, memories), followable(contract, batchOnly), followable(contract, noDelete), followable(contract, { ...batchOnly, consumers: noDelete.consumers })]).toEqual([true, false, false, false]);
});

test('each field of the update once, in the schema\'s order with booleans last, to a valid value unlike the one the resource holds', async () => {
  const actionItems = resourcesOf(contract).find((r) => r.name === 'action-items')!;
  const update = actionItems.consumers.find((op) => op.method === 'PATCH')!;
  let stored: Record<string, unknown> | undefined;
  const { sent, target } = scriptedTarget((c) => {
    const change = (c.body.kind === 'json' ? c.body.value : {}) as Record<string, unknown>;
    if (c.operationId === 'createActionItem') stored = { id: 'ai-1', description: 'held', completed: false, due_at: '2026-01-02T03:04:05Z', created_at: '2026-01-01T00:00:00Z' };
    else if (c.operationId === 'updateActionItem') stored = stored && { ...stored, ...change };
    else if (c.operationId === 'deleteActionItem') return (stored = undefined), { status: 200, body: { success: true } };
    else if (c.operationId === 'listActionItems') return { status: 200, body: stored && Number(c.queryParams?.find(([n]) => n === 'offset')?.[1] ?? 0) === 0 ? [stored] : [] };
    return stored ? { status: 200, body: stored } : { status: 404, body: { detail: 'Not found' } };
  });
  await runResourceScenario(deps(target, { resource: actionItems, exampleBody: (op) => (op.id === 'createActionItem' ? { kind: 'json', value: { description: 'held' }, contentType: 'application/json' } : { kind: 'none' }) }));
  const updates = sent.filter((c) => c.step?.name === 'resource-updated').map((c) => (c.body.kind === 'json' ? (c.body.value as Record<string, unknown>) : {}));
  expect(updates.map((u) => Object.keys(u))).toEqual([['description'], ['due_at'], ['completed']]);
  const [description, dueAt, completed] = updates;
  expect(description.description).not.toBe('held');
  expect(dueAt.due_at).not.toBe('2026-01-02T03:04:05Z');
  expect(completed.completed).toBe(true);
  for (const u of updates) expect(oracle.isValid(jsonRequestContent(update)!.pointer, u), JSON.stringify(u)).toBe(true);
});

test('the page step needs a list read whole or at least three items of it: a list cut short before that is not paged', async () => {
  const others = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `other-${i}` }));
  for (const [firstPage, paged] of [[{ items: [] }, false], [others(2), false], [others(3), true]] as const) {
    const store = oneConversation();
    // The first page as given, then an answer that is no list: the list is cut short, not complete.
    const { sent, target } = scriptedTarget((c) => (c.operationId !== 'listConversations' ? store(c) : c.queryParams?.some(([n, v]) => n === 'offset' && v === '0') ? { status: 200, body: firstPage } : { status: 200, body: { items: [] } }));
    await runResourceScenario(deps(target));
    expect(sent.some((c) => c.step?.name === 'resource-paged'), JSON.stringify(firstPage)).toBe(paged);
  }
});
