import { expect, test } from 'vitest';
import { EXCHANGE_CHECKS } from '../../../src/checks';
import { listExcludes } from '../../../src/contract/prose';
import type { ResourceStep } from '../../../src/model/case';
import { exchange, judge, operation } from '../support/exchanges';

// The checks of a resource's scenario at their edges: a list not read whole, or words naming a state
// the resource does not show, are not judged; a list that excludes a state must not show it.

const check = (name: string) => EXCHANGE_CHECKS.find((c) => c.name === name)!;
const run = (name: string, operationId: string, step: ResourceStep, status = 200, body = '[]') =>
  judge(check(name), { operationId, testCase: { operationId, method: 'GET', body: { kind: 'none' }, step }, exchange: exchange({ status, body }) });

test('created_resource_listed holds a list that excludes a state to leaving it out, and judges nothing it cannot know', () => {
  const listed = (expectListed: boolean | undefined, items: unknown[], complete = true) => run('created_resource_listed', 'listConversations', { name: 'resource-listed-after-update', resourceId: 'c1', expectListed, listed: { items, complete } });
  expect(listed(false, [{ id: 'c1' }])).toEqual([{ message: "A resource the list's description excludes was listed", received: 'id c1 listed', documented: 'absent (the list excludes its state)', location: 'list' }]);
  expect(listed(false, [{ id: 'c2' }], false)).toEqual([]);
  expect(listed(true, [{ id: 'c2' }], false)).toBe('not-applicable');
  expect(listed(undefined, [])).toBe('not-applicable');
  expect(listed(true, [{ id: 'c1' }])).toEqual([]);
});

test('use_after_delete_404 judges the steps after a delete only, where a 404 is documented', () => {
  expect(run('use_after_delete_404', 'deleteMemory', { name: 'resource-deleted-again', resourceId: 'm1' }, 200, '{"success":true}')).toHaveLength(1);
  expect(run('use_after_delete_404', 'deleteMemory', { name: 'resource-deleted', resourceId: 'm1' }, 200, '{"success":true}')).toBe('not-applicable');
  expect(judge(check('use_after_delete_404'), { operation: { ...operation('deleteMemory'), responses: operation('deleteMemory').responses.filter((r) => r.status !== '404') }, testCase: { step: { name: 'resource-deleted-again', resourceId: 'm1' } }, exchange: exchange({ body: '{}' }) })).toBe('not-applicable');
});

test('read_back_matches: a resource just created that cannot be read is a finding; one a later step reads is not judged here', () => {
  expect(run('read_back_matches', 'getConversation', { name: 'resource-read', resourceId: 'c1', expected: {} }, 404, '{"detail":"Not found"}')).toEqual([{ message: 'The resource just created could not be read by its id', received: '404', documented: 'a 2xx with the resource', location: 'read' }]);
  expect(run('read_back_matches', 'getConversation', { name: 'resource-read-after-update', resourceId: 'c1', expected: { a: 1 } }, 200, '{"a":2}')).toBe('not-applicable');
});

test('the list\'s words decide whether a resource in a state is listed: non-x excludes x, a named state must be shown to include', () => {
  const conversations = operation('listConversations');
  expect(listExcludes(conversations, { id: 'c', status: 'completed', discarded: false })).toBe('included');
  expect(listExcludes(conversations, { id: 'c', status: 'completed', discarded: true })).toBe('excluded');
  expect(listExcludes(conversations, { id: 'c', status: 'processing', discarded: false })).toBe('unknown');
  expect(listExcludes(operation('listMemories'), { id: 'm' })).toBe('included');
  expect(listExcludes(undefined, { id: 'm' })).toBe('included');
});
