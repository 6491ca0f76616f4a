import { expect, test } from 'vitest';
import type { JudgedFinding } from '../../../src/engine/judge';
import { runResourceSequences, type SequenceDeps } from '../../../src/engine/phases/resource-sequences';
import { sequenced } from '../../../src/contract/lifecycle';
import { followable } from '../../../src/contract/lifecycle';
import { resourcesOf } from '../../../src/contract/resources';
import type { Case, ResourceStep } from '../../../src/model/case';
import type { Exchange } from '../../../src/model/exchange';
import type { Target } from '../../../src/transport/target';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import { contract, oracle, testGate } from '../support/contract';

// The random sequences against a scripted store of memories (a resource read back through its
// list): what each command sends, what the model expects after it, and how a failure is reported.

const memories = resourcesOf(contract).find((r) => r.name === 'memories')!;
const config = testGate({ OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: 'omi_test_sequence_steps' }).config;
const stateCheck = EXCHANGE_CHECKS.find((c) => c.name === 'sequence_state_matches')!;

interface Options { createWithoutId?: boolean; deleteStatus?: number; touchesOther?: boolean; pageSize?: number }

/** A memory store: ids in order of creation, each memory's fields. */
function memoryStore(options: Options = {}) {
  const stored = new Map<string, Record<string, unknown>>();
  let next = 0;
  const sent: Case[] = [];
  const answer = (c: Case): { status: number; body?: unknown } => {
    const id = c.pathParams.memory_id;
    const body = (c.body.kind === 'json' ? c.body.value : {}) as Record<string, unknown>;
    switch (c.operationId) {
      case 'createMemory': {
        const memory = { id: `mem-${++next}`, visibility: 'private', ...body };
        if (options.createWithoutId) return { status: 200, body: { content: body.content } };
        stored.set(memory.id, memory);
        return { status: 200, body: memory };
      }
      case 'updateMemory': {
        const memory = stored.get(id);
        if (!memory) return { status: 404, body: { detail: 'Not found' } };
        Object.assign(memory, body);
        if (options.touchesOther) {
          const ids = [...stored.keys()];
          const after = stored.get(ids[ids.indexOf(id) + 1]);
          if (after) Object.assign(after, body);
        }
        return { status: 200, body: memory };
      }
      case 'deleteMemory':
        if (options.deleteStatus) return { status: options.deleteStatus, body: { detail: 'no' } };
        return stored.delete(id) ? { status: 200, body: { success: true } } : { status: 404, body: { detail: 'Not found' } };
      case 'listMemories': {
        const offset = Number(c.queryParams?.find(([n]) => n === 'offset')?.[1] ?? 0);
        return { status: 200, body: [...stored.values()].slice(offset, offset + (options.pageSize ?? 25)) };
      }
      default:
        return { status: 404, body: { detail: 'Not found' } };
    }
  };
  return { stored, sent, target: scriptedTarget(sent, answer) };
}

/** A target that answers each case as `answer` says, writing down every case sent. */
function scriptedTarget(sent: Case[], answer: (c: Case) => { status: number; body?: unknown }) {
  return {
    config, broken: undefined as Exchange | undefined,
    async send(c: Case): Promise<Exchange> {
      sent.push(c);
      const reply = answer(c);
      return { request: { method: c.method, url: 'http://127.0.0.1:9/', headers: {} }, response: { status: reply.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply.body) }, elapsedMs: 0, receivedAt: 0 };
    },
  };
}

/** A conversation store: a resource read back by id, and deleted with the delete among its operations. */
function conversationStore() {
  const stored = new Map<string, Record<string, unknown>>();
  let next = 0;
  const sent: Case[] = [];
  const target = scriptedTarget(sent, (c) => {
    const id = c.pathParams.conversation_id;
    const body = (c.body.kind === 'json' ? c.body.value : {}) as Record<string, unknown>;
    const known = stored.get(id);
    if (c.operationId === 'createConversation') {
      const conversation = { id: `conv-${++next}`, ...body };
      stored.set(conversation.id, conversation);
      return { status: 200, body: conversation };
    }
    if (!known) return { status: 404, body: { detail: 'Not found' } };
    if (c.operationId === 'getConversation') return { status: 200, body: known };
    if (c.operationId === 'updateConversation') return { status: 200, body: Object.assign(known, body) };
    if (c.operationId === 'deleteConversation') return { status: 200, body: { success: stored.delete(id) } };
    return { status: 405 };
  });
  return { stored, sent, target };
}

/** A judge with the one check the sequences add, so the tests see what it says alone. */
const stateJudge = {
  judge(operation: never, testCase: Case, exchange: Exchange): JudgedFinding[] {
    const verdict = stateCheck.judge({ contract, operation, oracle, testCase, exchange, run: undefined as never });
    return verdict === 'not-applicable' ? [] : verdict.map((finding) => ({ check: stateCheck, finding, identity: `${testCase.operationId} ${finding.location}` }));
  },
};

function deps(target: unknown, overrides: Partial<SequenceDeps> = {}): SequenceDeps {
  return {
    contract, resources: [memories], target: target as Target, judge: stateJudge as never, runSeed: 3, runs: 30, maxCommands: 8, shrink: true,
    exampleBody: (op) => (op.id === 'createMemory' ? { kind: 'json', value: { content: 'first', category: 'system' }, contentType: 'application/json' } : { kind: 'none' }),
    isValid: (pointer, value) => oracle.isValid(pointer, value), mayCreate: () => true, redact: (v) => v, record: () => {}, firstReport: () => true, ...overrides,
  };
}

const stepOf = (c: Case) => c.step as ResourceStep;

test('each command is followed by its list read whole, and every memory the model holds judged against it', async () => {
  const { sent, target, stored } = memoryStore();
  const recorded: Case[] = [];
  const result = await runResourceSequences(deps(target, { record: (_e, c) => recorded.push(c) }));
  expect(result).toMatchObject({ key: 'resources/sequences', phase: 'sequences', violations: [], allowed: [], known: [], skipped: 0 });
  expect(result.description).toBe('random sequences of creates, updates and deletes, every resource checked against a model after each');
  expect(result.aborted).toBeUndefined();
  expect(result.sent).toBe(sent.length);
  const creates = sent.filter((c) => c.operationId === 'createMemory');
  expect(creates.length).toBeGreaterThan(5);
  expect(creates.every((c) => c.label === 'memories: created' && stepOf(c).name === 'resource-created' && c.phase === 'sequences')).toBe(true);
  // After every command, the whole list, paged as the snapshot pages it.
  const lists = sent.filter((c) => c.operationId === 'listMemories');
  expect(lists.every((c) => c.label === 'memories: a page of the list' && JSON.stringify(c.queryParams?.map(([n]) => n)) === '["offset","limit"]')).toBe(true);
  const updates = sent.filter((c) => c.operationId === 'updateMemory');
  expect(updates.length).toBeGreaterThan(0);
  for (const u of updates) expect([u.label, stepOf(u).name, Object.keys(stepOf(u).expected!).length]).toEqual(['memories: updated', 'resource-updated', 1]);
  expect(sent.filter((c) => c.operationId === 'deleteMemory').map((c) => c.label)).toContain('memories: deleted');
  // Every sequence deletes what it made: nothing stays, and every request it sent was recorded (one step sender for every phase).
  expect(stored.size).toBe(0);
  expect(recorded.map((c) => c.operationId).sort()).toEqual(sent.map((c) => c.operationId).sort());
});

test('an update that changes another memory is reported once, at the step that showed it, as the shrunk sequence', async () => {
  const { target } = memoryStore({ touchesOther: true });
  const result = await runResourceSequences(deps(target));
  expect(result.violations.length).toBeGreaterThan(0);
  const [first] = result.violations;
  expect(first.caseLabel).toMatch(/^resource sequence: create memories → create memories → update memories #1 (content|visibility) \(at step 3: memories: held \(update memories #1 (content|visibility)\)\)$/);
  expect(first).toMatchObject({ check: 'sequence_state_matches', phase: 'sequences', shrunk: true, replayEnv: expect.stringMatching(/^OMI_COMMANDS_REPLAY=/) });
  expect(first.replayPath).toMatch(/^resources\/sequences:\d+(:\d+)*$/);
  // Without shrinking (off loopback) the first failing sequence is reported as it ran.
  const { target: unshrunk } = memoryStore({ touchesOther: true });
  const plain = await runResourceSequences(deps(unshrunk, { shrink: false }));
  expect(plain.violations[0].shrunk).toBe(false);
  expect(plain.violations[0].replayPath).toMatch(/^resources\/sequences:\d+$/);
});

test('a create answered without an id holds nothing; a delete refused keeps the memory in the model until the sequence removes it', async () => {
  const { sent, target } = memoryStore({ createWithoutId: true });
  await runResourceSequences(deps(target, { runs: 5 }));
  expect(sent.filter((c) => c.operationId !== 'createMemory')).toEqual([]);
  const refused = memoryStore({ deleteStatus: 500 });
  await runResourceSequences(deps(refused.target, { runs: 10 }));
  const removals = refused.sent.filter((c) => c.label === 'memories: removed after the sequence');
  expect(removals.length).toBeGreaterThan(0);
  expect(removals.every((c) => stepOf(c).name === 'resource-deleted' && c.operationId === 'deleteMemory')).toBe(true);
  // A refused delete is followed by a read of the memory it kept.
  const afterDelete = refused.sent.findIndex((c) => c.label === 'memories: deleted');
  expect(refused.sent[afterDelete + 1].operationId).toBe('listMemories');
});

test('without a resource to follow there is nothing to run; a target that stopped answering ends the sequences', async () => {
  const none = await runResourceSequences(deps(memoryStore().target, { resources: [] }));
  expect(none).toMatchObject({ sent: 0, aborted: 'the contract has no resource with a single create, an update and a delete' });
  // A resource with nothing to update (the key: create, list, delete) is its scenario's alone.
  const keys = resourcesOf(contract).find((r) => r.name === 'keys')!;
  expect(followable(contract, keys)).toBe(true);
  expect(sequenced(contract, keys)).toBe(false);
  expect(sequenced(contract, memories)).toBe(true);
  const keysOnly = await runResourceSequences(deps(memoryStore().target, { resources: [keys] }));
  expect(keysOnly).toMatchObject({ sent: 0, aborted: 'the contract has no resource with a single create, an update and a delete' });
  const { target, sent } = memoryStore();
  target.broken = { request: { method: 'GET', url: '', headers: {} }, failure: { kind: 'reset', message: 'reset' }, elapsedMs: 0, receivedAt: 0 };
  const stopped = await runResourceSequences(deps(target));
  expect([stopped.aborted, sent.length]).toEqual(['the target stopped answering', 0]);
});

const conversations = resourcesOf(contract).find((r) => r.name === 'conversations')!;
const folders = resourcesOf(contract).find((r) => r.name === 'folders')!;
const conversationBody = (op: { id: string }): Case['body'] => (op.id === 'createConversation' ? { kind: 'json', value: { title: 'first' }, contentType: 'application/json' } : { kind: 'none' });

test('a resource read by id is read back by id after every command, each held one against what the model says', async () => {
  const { sent, target, stored } = conversationStore();
  const recorded: Case[] = [];
  // A resource that cannot be followed (no single create and delete) is left out of the commands.
  const result = await runResourceSequences(deps(target, { resources: [folders, conversations], exampleBody: conversationBody, record: (_e, c) => recorded.push(c), runs: 10 }));
  expect(result.violations).toEqual([]);
  const reads = sent.filter((c) => c.operationId === 'getConversation');
  expect(reads.length).toBeGreaterThan(0);
  for (const read of reads) {
    expect(stepOf(read)).toMatchObject({ name: 'resource-held', resourceId: read.pathParams.conversation_id });
    expect(stepOf(read).expected).toMatchObject({ title: expect.any(String) });
    expect(read.label).toMatch(/^conversations: held \((create|update|delete) conversations( #\d+ \w+| #\d+)?\)$/);
  }
  // Each read follows the command it judges: its label names the last step sent before it.
  const firstRead = sent.findIndex((c) => c.operationId === 'getConversation');
  expect(sent[firstRead - 1].operationId).toBe('createConversation');
  expect(sent[firstRead].label).toBe('conversations: held (create conversations)');
  expect(recorded.some((c) => c.operationId === 'getConversation')).toBe(true);
  expect(sent.some((c) => c.operationId.startsWith('list') || c.operationId === 'listFolders')).toBe(false);
  // What a sequence made and did not delete is removed with the resource's delete, not its read.
  const removals = sent.filter((c) => c.label === 'conversations: removed after the sequence');
  expect(removals.length).toBeGreaterThan(0);
  expect(new Set(removals.map((c) => c.operationId))).toEqual(new Set(['deleteConversation']));
  expect(stored.size).toBe(0);
});

test('a finding read from a list is shown with the page that ended the read: the one where the last item held was found', async () => {
  const { target } = memoryStore({ touchesOther: true, pageSize: 1 });
  const result = await runResourceSequences(deps(target));
  const [first] = result.violations;
  // Pages of one: the read stops at the page that shows the last item held, not at the list's end.
  const listed = (first.testCase.step as ResourceStep).listed!;
  expect(listed.items.length).toBeGreaterThan(1);
  expect(listed.complete).toBe(false);
  expect(first.testCase.queryParams?.find(([n]) => n === 'offset')?.[1]).toBe(String(listed.items.length - 1));
  expect(JSON.parse(first.exchange.response!.body)).toHaveLength(1);
});

test('findings the target is allowed or the team knows about fail no sequence; one already reported is not reported again; a replay is never called shrunk', async () => {
  const allowed = { judge: (op: never, c: Case, e: Exchange) => stateJudge.judge(op, c, e).map((f) => ({ ...f, allowance: { reason: 'allowed here' } as never })) };
  const known = { judge: (op: never, c: Case, e: Exchange) => stateJudge.judge(op, c, e).map((f) => ({ ...f, known: { reason: 'known' } })) };
  const failing = memoryStore({ touchesOther: true });
  await runResourceSequences(deps(failing.target, { shrink: false }));
  for (const judge of [allowed, known]) {
    const store = memoryStore({ touchesOther: true });
    const quiet = await runResourceSequences(deps(store.target, { judge: judge as never }));
    expect([quiet.violations, quiet.allowed, quiet.known]).toEqual([[], [], []]);
    // Every run was tried in full: more was sent than by the same runs stopped at their first failing sequence.
    expect(store.sent.length).toBeGreaterThan(failing.sent.length);
  }
  const reported = await runResourceSequences(deps(memoryStore({ touchesOther: true }).target, { firstReport: () => false }));
  expect(reported.violations).toEqual([]);
  expect(reported.repeated?.length).toBeGreaterThan(0);
  const shrunk = await runResourceSequences(deps(memoryStore({ touchesOther: true }).target));
  const replayed = await runResourceSequences(deps(memoryStore({ touchesOther: true }).target, { replay: { path: shrunk.violations[0].replayPath.split(':').slice(1).join(':'), commands: shrunk.violations[0].replayEnv?.split('=')[1] } }));
  expect(replayed.violations.map((v) => [v.check, v.shrunk])).toEqual([['sequence_state_matches', false]]);
  expect(replayed.violations[0].caseLabel).toBe(shrunk.violations[0].caseLabel);
});

test('off loopback the first failing sequence is reported as it ran: nothing is sent again to shrink it', async () => {
  const shrinking = memoryStore({ touchesOther: true });
  const plain = memoryStore({ touchesOther: true });
  await runResourceSequences(deps(shrinking.target));
  await runResourceSequences(deps(plain.target, { shrink: false }));
  expect(plain.sent.length).toBeLessThan(shrinking.sent.length);
});

test('an error of the gate itself, not a finding, ends the sequences with that error', async () => {
  const target = { config, broken: undefined, send: async () => { throw new Error('a bug of ours'); } };
  await expect(runResourceSequences(deps(target))).rejects.toThrow('a bug of ours');
});


test('with two resources, each command acts only on its own resource, and a create holds the defaults the answer gave for fields it did not send', async () => {
  const mems = memoryStore();
  const convs = conversationStore();
  const sent: Case[] = [];
  const target = { config, broken: undefined, send: async (c: Case) => (sent.push(c), (c.operationId.includes('Conversation') ? convs : mems).target.send(c)) };
  const judged: Case[] = [];
  const judge = { judge: (op: never, c: Case, e: Exchange) => (judged.push(c), stateJudge.judge(op, c, e)) };
  const result = await runResourceSequences(deps(target, {
    resources: [memories, conversations], judge: judge as never, runs: 15,
    exampleBody: (op) => (op.id === 'createMemory' ? { kind: 'json', value: { content: 'first' }, contentType: 'application/json' } : conversationBody(op)),
  }));
  expect(result.violations).toEqual([]);
  const acting = sent.filter((c) => Object.keys(c.pathParams).length > 0);
  expect(acting.some((c) => c.operationId.includes('Memory')) && acting.some((c) => c.operationId.includes('Conversation'))).toBe(true);
  for (const c of acting) expect(Object.values(c.pathParams)[0], c.operationId).toMatch(c.operationId.includes('Conversation') ? /^conv-/ : /^mem-/);
  // The memory store answers visibility 'private' to a create that did not send it: the model holds it from then on.
  const heldMemory = judged.find((c) => c.operationId === 'listMemories' && stepOf(c)?.expected !== undefined)!;
  expect(stepOf(heldMemory).expected).toMatchObject({ content: 'first', visibility: 'private' });
});

test('an error of the gate met only while shrinking a failing sequence ends the sequences with that error, not with the sequence before it', async () => {
  const first = memoryStore({ touchesOther: true });
  await runResourceSequences(deps(first.target, { shrink: false }));
  // The same runs again, sending as before until the first failing sequence has ended; after that, every send fails as a bug of ours would.
  const store = memoryStore({ touchesOther: true });
  const send = store.target.send.bind(store.target);
  const target = { ...store.target, send: async (c: Case) => (store.sent.length >= first.sent.length ? Promise.reject(new Error('a bug met while shrinking')) : send(c)) };
  await expect(runResourceSequences(deps(target))).rejects.toThrow('a bug met while shrinking');
});
