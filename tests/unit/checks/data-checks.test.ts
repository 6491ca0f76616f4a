import { expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import type { Case } from '../../../src/model/case';
import { sameAs } from '../../../src/checks/read-back';
import { exchange, judge } from '../support/exchanges';

// The per-exchange checks of the data routes, at their edges: what the contract's words allow is never flagged.

const check = (name: string) => EXCHANGE_CHECKS.find((c) => c.name === name)!;
const json = (value: unknown) => ({ kind: 'json' as const, value, contentType: 'application/json' });
const answer = (value: unknown, status = 200) => exchange({ status, body: JSON.stringify(value) });
const listCase = (operationId: string, queryParams: [string, string][], extra: Partial<Case> = {}): Partial<Case> => ({ operationId, method: 'GET', body: { kind: 'none' }, queryParams, ...extra });
const run = (name: string, operationId: string, testCase: Partial<Case>, body: unknown, status = 200) => judge(check(name), { operationId, testCase: { operationId, ...testCase }, exchange: answer(body, status) });

test('created_as_sent compares instants as instants, finds a field one object down, and leaves the key create to its own checks', () => {
  const due = (sent: string, received: unknown) => run('created_as_sent', 'updateActionItem', { method: 'PATCH', body: json({ due_at: sent }) }, { id: 'a', due_at: received });
  expect(due('2026-01-01T10:00:00Z', '2026-01-01T12:00:00+02:00')).toEqual([]);
  expect(due('2026-01-01T10:00:00Z', '2026-01-01T10:00:01Z')).toHaveLength(1);
  expect(due('2026-01-01T10:00:00Z', 'soon')).toHaveLength(1);
  // UpdateConversation's title lives in Conversation.structured.title.
  const title = (received: unknown) => run('created_as_sent', 'updateConversation', { method: 'PATCH', body: json({ title: 'Q1' }) }, { id: 'c', structured: received });
  expect(title({ title: 'Q1' })).toEqual([]);
  expect(title({ title: 'q1' })).toEqual([{ message: 'structured.title came back changed', received: '"q1"', documented: 'as sent: "Q1"', location: 'structured.title' }]);
  // Absent, null-sent, rejected or unnamed: nothing to compare.
  expect(title(undefined)).toBe('not-applicable');
  expect(run('created_as_sent', 'createMemory', { body: json({ content: null }) }, { id: 'm', content: 'x' })).toBe('not-applicable');
  expect(run('created_as_sent', 'createMemory', { body: json({ content: 'x' }) }, { detail: 'no' }, 422)).toBe('not-applicable');
  expect(run('created_as_sent', 'createMemory', { expectation: 'reject-input', body: json({ content: 'x' }) }, { id: 'm', content: 'y' })).toBe('not-applicable');
  expect(run('created_as_sent', 'createConversation', { body: json({ text: 'hello' }) }, { id: 'c', status: 'completed' })).toBe('not-applicable');
  expect(run('created_as_sent', 'createApiKey', { body: json({ name: ' n ' }) }, { id: 'k', name: 'n' })).toBe('not-applicable');
  // A list of scalars as a set: order and repeats are open; a missing value is not.
  expect(run('created_as_sent', 'createMemory', { body: json({ content: 'x', tags: ['a', 'b'] }) }, { id: 'm', content: 'x', tags: ['a'] })).toHaveLength(1);
  expect(run('created_as_sent', 'createMemory', { body: json({ content: 'x', tags: ['a'] }) }, { id: 'm', content: 'x', tags: 'a' })).toHaveLength(1);
});

test('list_limit_respected holds the default when limit is left out, and says nothing of values the contract is silent on', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i) }));
  expect(run('list_limit_respected', 'listMemories', listCase('listMemories', []), items(25))).toEqual([]);
  expect(run('list_limit_respected', 'listMemories', listCase('listMemories', []), items(26))).toEqual([{ message: 'The list answered more items than limit allows', received: '26 items', documented: 'at most 25 (limit=25, its default)', location: 'query:limit' }]);
  expect(run('list_limit_respected', 'listActionItems', listCase('listActionItems', []), items(100))).toEqual([]);
  expect(run('list_limit_respected', 'listMemories', listCase('listMemories', [['limit', '0']]), items(1))).toHaveLength(1);
  expect(run('list_limit_respected', 'listMemories', listCase('listMemories', [['limit', '-1']]), items(30))).toBe('not-applicable');
  expect(run('list_limit_respected', 'listMemories', listCase('listMemories', [['limit', ' 1']]), items(30))).toBe('not-applicable');
  expect(run('list_limit_respected', 'listFolders', listCase('listFolders', []), items(30))).toBe('not-applicable');
  expect(run('list_limit_respected', 'listMemories', listCase('listMemories', [['limit', '2']]), { detail: 'x' }, 422)).toBe('not-applicable');
});

test('filtered_list_matches reads each filter as the contract words it', () => {
  const memories = (categories: string, items: unknown[]) => run('filtered_list_matches', 'listMemories', listCase('listMemories', [['categories', categories]]), items);
  // "Comma-separated": any listed value admits; the plural parameter reads the singular field.
  expect(memories('interesting,system', [{ id: 'a', category: 'system' }, { id: 'b', category: 'interesting' }])).toEqual([]);
  expect(memories('interesting,system', [{ id: 'a', category: 'manual' }])).toHaveLength(1);
  // Conversations keep their category one object down.
  const conversations = (query: [string, string][], items: unknown[]) => run('filtered_list_matches', 'listConversations', listCase('listConversations', query), items);
  expect(conversations([['categories', 'work']], [{ id: 'c', structured: { category: 'work' } }])).toEqual([]);
  expect(conversations([['categories', 'work']], [{ id: 'c', structured: { category: 'personal' } }])).toHaveLength(1);
  // "start date" names no field: any date of the item within the bound admits it.
  const dated = { id: 'c', created_at: '2026-01-05T00:00:00Z', started_at: '2025-12-01T00:00:00Z' };
  expect(conversations([['start_date', '2026-01-01T00:00:00Z']], [dated])).toEqual([]);
  expect(conversations([['end_date', '2025-12-15T00:00:00Z']], [dated])).toEqual([]);
  expect(conversations([['start_date', '2026-02-01T00:00:00Z']], [dated])).toHaveLength(1);
  expect(conversations([['start_date', '2026-01-05T00:00:00Z']], [dated])).toEqual([]);
  // "creation start date" names the creation time: another date does not admit the item.
  const actions = (query: [string, string][], items: unknown[]) => run('filtered_list_matches', 'listActionItems', listCase('listActionItems', query), items);
  const item = { id: 'a', created_at: '2025-12-01T00:00:00Z', due_at: '2026-03-01T00:00:00Z' };
  expect(actions([['start_date', '2026-01-01T00:00:00Z']], [item])).toHaveLength(1);
  expect(actions([['end_date', '2026-01-01T00:00:00Z']], [item])).toEqual([]);
  expect(actions([['conversation_id', 'c1']], [{ id: 'a', conversation_id: 'c2' }])).toHaveLength(1);
  expect(actions([['completed', 'false']], [{ id: 'a', completed: false }])).toEqual([]);
  // A filter on a field the items do not carry (starred), a flag that is no filter, or a spelling that is not canonical: not judged here.
  expect(conversations([['starred', 'true']], [{ id: 'c' }])).toBe('not-applicable');
  expect(conversations([['include_transcript', 'true']], [{ id: 'c' }])).toBe('not-applicable');
  expect(actions([['completed', 'yes']], [{ id: 'a', completed: false }])).toBe('not-applicable');
  expect(actions([['limit', '3']], [{ id: 'a' }])).toBe('not-applicable');
});

test('batch_answers_every_item checks the count against what was sent, and only on a batch', () => {
  const batch = (n: number, body: unknown) => run('batch_answers_every_item', 'createActionItemsBatch', { body: json({ action_items: Array.from({ length: n }, (_, i) => ({ description: `t${i}` })) }) }, body);
  expect(batch(2, { action_items: [{ id: 'a' }, { id: 'b' }], created_count: 3 })).toEqual([{ message: "The batch answer's created_count is not the number of items sent", received: '3', documented: '2', location: 'created_count' }]);
  expect(batch(2, { action_items: [{ id: 'a' }, { id: 'b' }] })).toEqual([]);
  expect(batch(1, { created_count: 1 })).toHaveLength(1);
  expect(run('batch_answers_every_item', 'createActionItem', { body: json({ description: 'x' }) }, { id: 'a' })).toBe('not-applicable');
});

test('filtered_list_matches at its edges: the bound itself admits, an unreadable value judges nothing, and the finding says what the filter asked for', () => {
  const actions = (query: [string, string][], items: unknown) => run('filtered_list_matches', 'listActionItems', listCase('listActionItems', query), items);
  const memories = (categories: string, items: unknown) => run('filtered_list_matches', 'listMemories', listCase('listMemories', [['categories', categories]]), items);
  const item = { id: 'a', created_at: '2026-01-01T00:00:00Z' };
  // A date on the bound is inside it, from either side; a second past it is not.
  expect(actions([['start_date', '2026-01-01T00:00:00Z']], [item])).toEqual([]);
  expect(actions([['end_date', '2026-01-01T00:00:00Z']], [item])).toEqual([]);
  expect(actions([['start_date', '2026-01-01T00:00:01Z']], [item])).toEqual([{ message: 'An item the start_date filter excludes was listed', received: `item 0: ${JSON.stringify(item)}`, documented: 'a date at or after 2026-01-01T00:00:01Z', location: 'query:start_date' }]);
  expect(actions([['end_date', '2025-12-31T23:59:59Z']], [item])).toEqual([{ message: 'An item the end_date filter excludes was listed', received: `item 0: ${JSON.stringify(item)}`, documented: 'a date at or before 2025-12-31T23:59:59Z', location: 'query:end_date' }]);
  // A bound that is no date, or a comma list of nothing, is the target's to refuse: nothing to judge here.
  expect(actions([['start_date', 'yesterday']], [item])).toBe('not-applicable');
  expect(memories(' , ', [{ id: 'm', category: 'work' }])).toBe('not-applicable');
  // Values frameworks read differently are no filter the contract pins: empty, blank (to Python, JavaScript
  // or Go), padded, or with an empty element. The false alarm: \x1c is whitespace to Python only.
  for (const unpinned of ['', ' ', '\x1c', '\x85', '\ufeff', ' work', 'work ', 'work, system', 'work,,system', ',work', 'work,']) {
    expect({ unpinned, verdict: memories(unpinned, [{ id: 'm', category: 'other' }]) }).toEqual({ unpinned, verdict: 'not-applicable' });
  }
  // One value reads as =, several as one of.
  expect(memories('work,system', [{ id: 'm', category: 'work' }])).toEqual([]);
  expect(memories('work', [{ id: 'm', category: 'system' }])).toEqual([expect.objectContaining({ documented: 'category = "work"' })]);
  expect(memories('work,other', [{ id: 'm', category: 'system' }])).toEqual([expect.objectContaining({ documented: 'category one of ["work","other"]' })]);
  // The item shown is cut to 200 characters; an item that is no object is not judged.
  const long = { id: 'm', category: 'system', content: 'x'.repeat(400) };
  const [finding] = memories('work', ['not an item', long]) as { received: string }[];
  expect(finding.received).toBe(`item 1: ${JSON.stringify(long).slice(0, 200)}`);
  // A list that answered no array, or an operation that answers no list, is not judged.
  expect(memories('work', { items: [] })).toBe('not-applicable');
  expect(run('filtered_list_matches', 'updateMemory', { method: 'PATCH', pathParams: { memory_id: 'm' }, queryParams: [['categories', 'work']], body: json({ content: 'x' }) }, [{ id: 'm', category: 'system' }])).toBe('not-applicable');
});

test('a value read back is the one written as JSON allows: instants as instants, lists as sets, nothing else loosened', () => {
  expect(sameAs('2026-01-01T10:00:00Z', '2026-01-01T12:00:00+02:00')).toBe(true);
  expect(sameAs('2026-01-01T10:00:00Z', '2026-01-01T10:00:01Z')).toBe(false);
  expect(sameAs(['a', 'b'], ['b', 'a', 'a'])).toBe(true);
  expect(sameAs(['a'], ['a', 'b'])).toBe(false);
  expect(sameAs(['a', 'b'], ['a'])).toBe(false);
  expect(sameAs([1, 2], [12])).toBe(false);
  expect(sameAs(['1'], [1])).toBe(false);
  expect(sameAs(['a'], 'a')).toBe(false);
  expect(sameAs([], [])).toBe(true);
  expect(sameAs('a', 'a')).toBe(true);
  expect(sameAs(1, '1')).toBe(false);
  // created_as_sent compares a sent list the same way.
  const tags = (sent: unknown[], received: unknown) => run('created_as_sent', 'createMemory', { body: json({ content: 'x', tags: sent }) }, { id: 'm', content: 'x', tags: received });
  expect(tags(['1', '2'], ['12'])).toHaveLength(1);
  // Numbers sent for strings are read differently by frameworks (pydantic 1 converts them): not judged.
  expect(tags([1, 2], [12])).toEqual([]);
  expect(tags(['b', 'a'], ['a', 'b', 'b'])).toEqual([]);
});

test('list_limit_respected reads a limit of several digits, and nothing from a value that only starts with some', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i) }));
  const limited = (limit: string, n: number, extra: [string, string][] = []) => run('list_limit_respected', 'listMemories', listCase('listMemories', [...extra, ['limit', limit]]), items(n));
  expect(limited('12', 12)).toEqual([]);
  expect(limited('12', 13)).toEqual([{ message: 'The list answered more items than limit allows', received: '13 items', documented: 'at most 12 (limit=12)', location: 'query:limit' }]);
  expect(limited('5x', 30)).toBe('not-applicable');
  // 05 is 5 to pydantic, JavaScript and Go's Atoi, and 0 to a handler reading it as octal: no limit the contract pins.
  expect(limited('05', 30)).toBe('not-applicable');
  // Another parameter sent does not make the limit absent, nor its default apply.
  expect(limited('30', 30, [['offset', '0']])).toEqual([]);
});

test('batch_answers_every_item says what it got when the list is missing or no list, and judges no answer that is no object', () => {
  const batch = (body: unknown) => run('batch_answers_every_item', 'createActionItemsBatch', { body: json({ action_items: [{ description: 't0' }] }) }, body);
  const missing = (received: string) => [{ message: "The batch answer's action_items does not hold one item per item sent", received, documented: '1 items', location: 'action_items' }];
  expect(batch({ created_count: 1 })).toEqual(missing('(absent)'));
  expect(batch({ action_items: { id: 'a' }, created_count: 1 })).toEqual(missing('{"id":"a"}'));
  expect(batch({ action_items: [{ id: 'a' }], created_count: 1 })).toEqual([]);
  expect(batch([{ id: 'a' }])).toBe('not-applicable');
});
