import { expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import { filterReading, filtersOf, itemFieldsOf } from '../../../src/contract/filters';
import { fieldsBroughtBy } from '../../../src/contract/prose';
import type { QueryPair, ResourceStep } from '../../../src/model/case';
import { filterQueries } from '../../../src/engine/phases/scenario-values';
import { contract } from '../support/contract';
import { exchange, judge, operation } from '../support/exchanges';

// The checks that read a list across requests, each on an answer that breaks it and one that keeps
// it, and the filter readings the scenario and filtered_list_matches share.

const check = (name: string) => EXCHANGE_CHECKS.find((c) => c.name === name)!;
const run = (name: string, operationId: string, step: ResourceStep | undefined, query: QueryPair[], body: unknown, status = 200) =>
  judge(check(name), { operationId, testCase: { operationId, method: 'GET', body: { kind: 'none' }, queryParams: query, step }, exchange: exchange({ status, body: JSON.stringify(body) }) });
const ids = (...names: string[]) => names.map((id) => ({ id }));

test('page_exact: the page at offset 1 of size 2 is items 1 and 2 of the list read before it', () => {
  const paged = (listed: ResourceStep['listed'], page: unknown, query: QueryPair[] = [['offset', '1'], ['limit', '2']]) =>
    run('page_exact', 'listMemories', { name: 'resource-paged', resourceId: 'b', listed }, query, page);
  const whole = { items: ids('a', 'b', 'c', 'd'), complete: true };
  expect(paged(whole, ids('b', 'c'))).toEqual([]);
  expect(paged(whole, ids('c', 'd'))).toEqual([{ message: 'The page at offset=1, limit=2 is not that slice of the list', received: 'ids ["c","d"]', documented: 'ids ["b","c"] (items 1 to 2 of the list read just before)', location: 'page' }]);
  // Order counts; so does a page that holds one too many or too few.
  expect(paged(whole, ids('c', 'b'))).toHaveLength(1);
  expect(paged(whole, ids('b'))).toHaveLength(1);
  expect(paged(whole, ids('b', 'c', 'd'))).toHaveLength(1);
  expect(paged(whole, [{ id: 'b' }, { name: 'no id' }])).toEqual([expect.objectContaining({ received: 'ids ["b","(no id)"]' })]);
  // A whole list shorter than the page: the page holds what there is.
  expect(paged({ items: ids('a', 'b'), complete: true }, ids('b'))).toEqual([]);
  expect(paged({ items: ids('a'), complete: true }, [])).toEqual([]);
  // A reference cut short before the page's end says nothing; one that reaches past it does.
  expect(paged({ items: ids('a', 'b'), complete: false }, ids('x', 'y'))).toBe('not-applicable');
  expect(paged({ items: ids('a', 'b', 'c'), complete: false }, ids('b', 'c'))).toEqual([]);
  expect(paged({ items: ids('a', 'b', 'c'), complete: false }, ids('b', 'x'))).toHaveLength(1);
  // Only the paged step, with a page answered and both numbers sent.
  expect(run('page_exact', 'listMemories', { name: 'resource-listed', resourceId: 'b', listed: whole }, [['offset', '1'], ['limit', '2']], ids('x'))).toBe('not-applicable');
  expect(paged(whole, { items: [] })).toBe('not-applicable');
  expect(paged(whole, ids('x'), [['offset', '1']])).toBe('not-applicable');
  expect(paged(whole, ids('x'), [['limit', '2']])).toBe('not-applicable');
  expect(paged(undefined, ids('x'))).toBe('not-applicable');
  expect(run('page_exact', 'listMemories', { name: 'resource-paged', resourceId: 'b', listed: whole }, [['offset', '1'], ['limit', '2']], ids('x'), 500)).toBe('not-applicable');
});

test('documented_default_holds: without a limit, a page short of the default is the last one with items', () => {
  const pages = (counts: number[], query: QueryPair[] = [['offset', '0']], operationId = 'listMemories') =>
    run('documented_default_holds', operationId, { name: 'resource-listed', resourceId: 'm', listed: { items: [], complete: true, pages: counts } }, query, []);
  expect(pages([25, 25, 3, 0])).toEqual([]);
  expect(pages([7, 0])).toEqual([]);
  expect(pages([25, 0])).toEqual([]);
  expect(pages([10, 10, 10, 0])).toEqual([{ message: 'A page held 10 items, not the default 25, and more came after it', received: 'pages of 10, 10, 10, 0 items', documented: 'limit defaults to 25: full pages of 25 until the last with items', location: 'query:limit' }]);
  expect(pages([25, 24, 1])).toEqual([expect.objectContaining({ message: 'A page held 24 items, not the default 25, and more came after it' })]);
  expect(pages([0, 3])).toHaveLength(1);
  // Action items default to 100.
  expect(pages([25, 25], [['offset', '0']], 'listActionItems')).toHaveLength(1);
  expect(pages([100, 1], [['offset', '0']], 'listActionItems')).toEqual([]);
  // One page alone shows nothing; a limit sent is not the default; a list without a default is not judged.
  expect(pages([3])).toBe('not-applicable');
  expect(pages([10, 10, 0], [['offset', '0'], ['limit', '10']])).toBe('not-applicable');
  expect(pages([1, 1, 0], [], 'listFolders')).toBe('not-applicable');
  expect(run('documented_default_holds', 'listMemories', { name: 'resource-listed', resourceId: 'm' }, [], [])).toBe('not-applicable');
  expect(run('documented_default_holds', 'listMemories', undefined, [], [])).toBe('not-applicable');
});

test('filter_complete: a resource that matches the filter is in its answer, read whole', () => {
  const filtered = (items: unknown[], complete = true, expectListed: boolean | 'unknown' = true) =>
    run('filter_complete', 'listMemories', { name: 'resource-filtered', resourceId: 'm1', expectListed: expectListed === 'unknown' ? undefined : expectListed, listed: { items, complete } }, [['categories', 'system'], ['offset', '0']], items);
  expect(filtered(ids('m0', 'm1'))).toEqual([]);
  expect(filtered(ids('m0'))).toEqual([{ message: 'A resource that matches the filter is missing from its answer', received: '1 item(s) without id m1 (categories=system)', documented: 'id m1 listed: it holds the value filtered on', location: 'query:categories' }]);
  expect(filtered(ids('m0'), false)).toBe('not-applicable');
  expect(filtered(ids('m0'), true, false)).toBe('not-applicable');
  expect(filtered(ids('m0'), true, 'unknown')).toBe('not-applicable');
  // A filter value frameworks read differently (padded: trimmed by some, matched as it is by others) pins no answer.
  expect(run('filter_complete', 'listMemories', { name: 'resource-filtered', resourceId: 'm1', expectListed: true, listed: { items: ids('m0'), complete: true } }, [['categories', ' system'], ['offset', '0']], ids('m0'))).toBe('not-applicable');
  expect(run('filter_complete', 'listMemories', { name: 'resource-listed', resourceId: 'm1', expectListed: true, listed: { items: [], complete: true } }, [], [])).toBe('not-applicable');
});

test('split_filter_partitions: the true and false halves share nothing and together are the list', () => {
  const split = (all: string[], yes: string[], no: string[], complete = true) =>
    run('split_filter_partitions', 'listConversations', { name: 'resource-split', resourceId: '', split: { all, yes }, listed: { items: ids(...no), complete } }, [['starred', 'false'], ['offset', '0']], ids(...no));
  expect(split(['a', 'b', 'c'], ['a'], ['b', 'c'])).toEqual([]);
  expect(split([], [], [])).toEqual([]);
  expect(split(['a', 'b'], ['a'], ['a', 'b'])).toEqual([{ message: 'Items are in both the starred=true and the starred=false answers', received: 'ids ["a"] in both', documented: 'each item in one half only', location: 'query:starred' }]);
  expect(split(['a', 'b', 'c'], ['a'], ['b'])).toEqual([{ message: 'The starred=true and starred=false answers together are not the unfiltered list', received: '1 listed item(s) in neither half (["c"]), 0 in a half but not listed', documented: 'the two halves together make the unfiltered list', location: 'query:starred' }]);
  expect(split(['a'], ['a'], ['z'])).toEqual([expect.objectContaining({ received: '0 listed item(s) in neither half, 1 in a half but not listed' })]);
  expect(split(['a', 'b'], ['a'], ['b'], false)).toBe('not-applicable');
  expect(run('split_filter_partitions', 'listConversations', { name: 'resource-split', resourceId: '', listed: { items: [], complete: true } }, [], [])).toBe('not-applicable');
});

test('split_filter_partitions at its edges: items without an id are no items, at most five missing ids are shown, and a case without a query still names the filter', () => {
  const listed = (items: unknown[]) => ({ name: 'resource-split' as const, resourceId: '', split: { all: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], yes: ['a'] }, listed: { items, complete: true } });
  // The false half holds only items without ids: six listed items are in neither half, five shown.
  expect(run('split_filter_partitions', 'listConversations', listed([{ name: 'x' }, 'b', null]), [['starred', 'false']], [])).toEqual([
    { message: 'The starred=true and starred=false answers together are not the unfiltered list', received: '6 listed item(s) in neither half (["b","c","d","e","f"]), 0 in a half but not listed', documented: 'the two halves together make the unfiltered list', location: 'query:starred' },
  ]);
  expect(run('split_filter_partitions', 'listConversations', listed(ids('b', 'c', 'd', 'e', 'f', 'g')), undefined as never, [])).toEqual([]);
  expect(run('split_filter_partitions', 'listConversations', listed(ids('a', 'b', 'c', 'd', 'e', 'f', 'g')), undefined as never, [])).toEqual([expect.objectContaining({ message: 'Items are in both the filter=true and the filter=false answers', location: 'query:filter' })]);
});

test('update_confined: another resource reads back as it was, by id or in its list', () => {
  const other = (step: Partial<ResourceStep>, body: unknown = {}) => run('update_confined', 'getConversation', { name: 'resource-other-after-update', resourceId: 'c2', ...step }, [], body);
  expect(other({ expected: { title: 'two' } }, { id: 'c2', structured: { title: 'two' } })).toEqual([]);
  expect(other({ expected: { title: 'two' } }, { id: 'c2', structured: { title: 'one' } })).toEqual([{ message: 'structured.title of another resource changed when this one was updated', received: '"one"', documented: '"two"', location: 'structured.title' }]);
  expect(other({ expected: { title: 'two' }, listed: { items: [{ id: 'c2', title: 'one' }], complete: true } })).toHaveLength(1);
  expect(other({ expected: { title: 'two' }, listed: { items: [{ id: 'c3', title: 'one' }], complete: true } })).toBe('not-applicable');
  expect(other({ expected: {} }, { id: 'c2' })).toBe('not-applicable');
  expect(other({}, { id: 'c2' })).toBe('not-applicable');
  expect(other({ expected: { title: 'two' } }, [])).toBe('not-applicable');
  expect(run('update_confined', 'getConversation', { name: 'resource-read-after-update', resourceId: 'c2', expected: { title: 'two' } }, [], { title: 'one' })).toBe('not-applicable');
});

test('widening_flag_applied: include_transcript=true brings transcript_segments into every answered conversation', () => {
  const read = (query: QueryPair[], body: unknown, operationId = 'getConversation', status = 200) => run('widening_flag_applied', operationId, undefined, query, body, status);
  expect(read([['include_transcript', 'true']], { id: 'c', transcript_segments: [] })).toEqual([]);
  expect(read([['include_transcript', 'true']], { id: 'c' })).toEqual([{ message: 'include_transcript=true did not bring transcript_segments into the answer', received: 'the answer without transcript_segments', documented: 'transcript_segments present when include_transcript=true', location: 'transcript_segments' }]);
  expect(read([['include_transcript', 'true']], [{ id: 'a', transcript_segments: [] }, { id: 'b' }], 'listConversations')).toEqual([expect.objectContaining({ received: 'item 1 without transcript_segments' })]);
  expect(read([['include_transcript', 'true']], [], 'listConversations')).toEqual([]);
  expect(read([['include_transcript', 'false']], { id: 'c' })).toBe('not-applicable');
  expect(read([], { id: 'c' })).toBe('not-applicable');
  expect(read([['include_transcript', 'true']], { id: 'c' }, 'getConversation', 404)).toBe('not-applicable');
  expect(read([['include_transcript', 'true']], ['not an object'], 'listConversations')).toBe('not-applicable');
  expect(read([['categories', 'true']], [{ id: 'a' }], 'listMemories')).toBe('not-applicable');
});

test('the words name the fields a flag brings; list items are read through the array', () => {
  expect(fieldsBroughtBy(contract, operation('getConversation'), 'include_transcript')).toEqual(['transcript_segments']);
  expect(fieldsBroughtBy(contract, operation('listConversations'), 'include_transcript')).toEqual(['transcript_segments']);
  expect(fieldsBroughtBy(contract, operation('listConversations'), 'starred')).toEqual([]);
  expect(fieldsBroughtBy(contract, operation('deleteConversation'), 'include_transcript')).toEqual([]);
});

test('each list query parameter reads as the contract words it: equals, a bound, a widening flag, a split', () => {
  const readings = (operationId: string) => filtersOf(contract, operation(operationId)).map((r) => [r.param.name, r.kind, r.kind === 'equals' ? [r.field, r.several, r.boolean] : r.kind === 'bound' ? [r.lower, r.named] : []]);
  expect(readings('listConversations')).toEqual([
    ['start_date', 'bound', [true, []]],
    ['end_date', 'bound', [false, []]],
    ['include_transcript', 'widening', []],
    ['categories', 'equals', ['category', true, false]],
    ['folder_id', 'equals', ['folder_id', false, false]],
    ['starred', 'split', []],
  ]);
  expect(readings('listActionItems')).toEqual([
    ['completed', 'equals', ['completed', false, true]],
    ['conversation_id', 'equals', ['conversation_id', false, false]],
    ['start_date', 'bound', [true, ['creat']]],
    ['end_date', 'bound', [false, ['creat']]],
  ]);
  expect(readings('listMemories')).toEqual([['categories', 'equals', ['category', true, false]]]);
  expect(itemFieldsOf(contract, operation('getConversation'))).toEqual(new Set());
  const param = (schema: Record<string, unknown>, name = 'x', description = '') => ({ name, in: 'query', required: false, schema, description }) as never;
  expect(filterReading(param({ type: 'string', format: 'date-time' }, 'between'), new Set())).toBeUndefined();
  expect(filterReading(param({ type: 'string', format: 'date-time' }, 'start_end'), new Set())).toBeUndefined();
  expect(filterReading(param({ type: 'boolean', default: true }), new Set())).toBeUndefined();
  expect(filterReading(param({ type: 'string' }), new Set(['y']))).toBeUndefined();
  expect(filterReading(param({ type: 'string' }, 'tags', 'Comma-separated tags'), new Set(['tag']))).toMatchObject({ kind: 'equals', field: 'tag', several: true });
});

test('the scenario tries each filter with the resource\'s own values', () => {
  const [start, end, widen, categories, folder, split] = filtersOf(contract, operation('listConversations'));
  const item = { id: 'c', created_at: '2026-01-02T03:04:05.678Z', started_at: '2026-01-01T00:00:00Z', structured: { category: 'work' }, folder_id: null };
  expect(filterQueries(start, item, [])).toEqual([['start_date', '2026-01-01T00:00:00.000Z']]);
  expect(filterQueries(end, item, [])).toEqual([['end_date', '2026-01-02T03:04:06.000Z']]);
  expect(filterQueries(end, { ...item, created_at: '2026-01-02T03:04:05Z', started_at: '2026-01-02T03:04:05Z' }, [])).toEqual([['end_date', '2026-01-02T03:04:05.000Z']]);
  expect(filterQueries(start, { id: 'c' }, [])).toEqual([]);
  expect(filterQueries(widen, item, [])).toEqual([['include_transcript', 'true'], ['include_transcript', 'false']]);
  expect(filterQueries(categories, item, [item, { structured: { category: 'work' } }, { structured: { category: 'personal' } }])).toEqual([['categories', 'work'], ['categories', 'work,personal']]);
  expect(filterQueries(categories, item, [item])).toEqual([['categories', 'work']]);
  expect(filterQueries(folder, item, [{ folder_id: 'f1' }])).toEqual([]);
  expect(filterQueries(folder, { ...item, folder_id: 'f2' }, [{ folder_id: 'f1' }])).toEqual([['folder_id', 'f2']]);
  expect(filterQueries(folder, { ...item, folder_id: { nested: true } }, [])).toEqual([]);
  expect(filterQueries(split, item, [])).toEqual([]);
  const [completed, , created] = filtersOf(contract, operation('listActionItems'));
  expect(filterQueries(completed, { id: 'a', completed: false }, [])).toEqual([['completed', 'false']]);
  // The words name creation: the bound reads created_at, not the due date.
  expect(filterQueries(created, { id: 'a', created_at: '2026-01-02T03:04:05.678Z', due_at: '2020-01-01T00:00:00Z' }, [])).toEqual([['start_date', '2026-01-02T03:04:05.000Z']]);
});

test('sequence_state_matches: a resource the sequence holds reads back as the model says, by id or in its whole list', () => {
  const held = (step: Partial<ResourceStep>, body: unknown = {}, status = 200, operationId = 'getConversation') => run('sequence_state_matches', operationId, { name: 'resource-held', resourceId: 'c1', expected: { title: 'kept' }, ...step }, [], body, status);
  expect(held({}, { id: 'c1', title: 'kept' })).toEqual([]);
  expect(held({}, { id: 'c1', title: 'changed' })).toEqual([expect.objectContaining({ message: 'title does not hold what was written', location: 'title' })]);
  expect(held({}, { detail: 'Not found' }, 404)).toEqual([{ message: 'A resource the sequence made and did not delete could not be read by its id', received: '404', documented: 'a 2xx with the resource', location: 'read' }]);
  expect(held({ listed: { items: [{ id: 'c1', title: 'kept' }], complete: true } }, [], 200, 'listMemories')).toEqual([]);
  expect(held({ listed: { items: [{ id: 'c1', title: 'x' }], complete: false } }, [], 200, 'listMemories')).toHaveLength(1);
  expect(held({ listed: { items: [{ id: 'c2' }], complete: true } }, [], 200, 'listMemories')).toEqual([{ message: 'A resource the sequence made and did not delete is missing from its list', received: '1 item(s) without id c1', documented: 'id c1 listed', location: 'list' }]);
  expect(held({ listed: { items: [{ id: 'c2' }], complete: false } }, [], 200, 'listMemories')).toBe('not-applicable');
  expect(held({ resourceId: '' }, { id: 'c1', title: 'changed' })).toBe('not-applicable');
  expect(held({ expected: undefined }, { id: 'c1', title: 'changed' })).toBe('not-applicable');
  expect(run('sequence_state_matches', 'getConversation', { name: 'resource-read', resourceId: 'c1', expected: { title: 'kept' } }, [], { title: 'changed' })).toBe('not-applicable');
  expect(judge(check('sequence_state_matches'), { operationId: 'getConversation', testCase: { operationId: 'getConversation', method: 'GET', body: { kind: 'none' }, step: { name: 'resource-held', resourceId: 'c1', expected: { a: 1 } } }, exchange: exchange(undefined, { kind: 'timeout', message: 'timed out' }) })).toBe('not-applicable');
});
