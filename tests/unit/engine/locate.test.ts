import { expect, test } from 'vitest';
import type { Operation } from '../../../src/contract/load';
import { resourcesOf } from '../../../src/contract/resources';
import { fieldsAtStake, locate, type LocateDeps } from '../../../src/engine/phases/locate';
import { MAX_PAGES } from '../../../src/transport/paginate';
import type { Case } from '../../../src/model/case';
import type { HttpResponse } from '../../../src/model/exchange';
import { contract } from '../support/contract';
import { exchange, testCase } from '../support/exchanges';

// Reading one resource back as a credential sees it: by id where the contract has a read, else page
// after page of its list. Driven by a fake target that answers from a list the test holds.

const resources = resourcesOf(contract);
const readable = resources.find((r) => r.consumers.some((op) => op.method === 'GET'))!;
const pagedOnly = resources.find((r) => !r.consumers.some((op) => op.method === 'GET') && r.lister?.parameters.some((p) => p.name === 'offset'))!;
const onePage = resources.find((r) => r.lister && !r.lister.parameters.some((p) => p.in === 'query'))!;
const noLister = { ...pagedOnly, lister: undefined };

interface Sent { operation: string; pathParams: Record<string, string>; queryParams: Case['queryParams']; account?: string }

/** A fake target: `answer` decides each response from the case; every case sent and every page judged is recorded. */
function fakeDeps(answer: (c: Case) => Partial<HttpResponse> | undefined) {
  const sent: Sent[] = [];
  const judged: string[] = [];
  const deps: LocateDeps = {
    caseFor: (operation: Operation, label: string, partial: Partial<Case> = {}) => testCase({ operationId: operation.id, method: operation.method, label, ...partial }),
    send: async (c) => {
      sent.push({ operation: c.operationId, pathParams: c.pathParams, queryParams: c.queryParams, account: c.account });
      return exchange(answer(c));
    },
    judgePage: (operation, c) => judged.push(`${operation.id}@${c.queryParams?.[0]?.[1]}`),
  };
  return { deps, sent, judged };
}

const offsetOf = (c: Case) => Number(c.queryParams?.find(([n]) => n === 'offset')?.[1] ?? 0);
/** A list of `total` items (ids `i0`, `i1`, ...) answered `size` at a time from the offset asked for. */
const pagedList = (total: number, size: number) => (c: Case) => {
  const from = offsetOf(c);
  const items = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, k) => ({ id: `i${from + k}` }));
  return { body: JSON.stringify(items) };
};

test('a resource with a read is read by id, with the caller\'s credential, and only that request is sent', async () => {
  const { deps, sent, judged } = fakeDeps(() => ({ body: '{"id":"c1","title":"t"}' }));
  const found = await locate(deps, readable, 'c1', 'read back', { account: 'other' });
  expect(found?.operation.method).toBe('GET');
  expect(found?.operation.path).toContain(`{${readable.idParameter}}`);
  expect(found?.item).toEqual({ id: 'c1', title: 't' });
  expect(found?.testCase.label).toBe('read back');
  expect(sent).toEqual([{ operation: found!.operation.id, pathParams: { [readable.idParameter!]: 'c1' }, queryParams: undefined, account: 'other' }]);
  expect(judged).toEqual([]);
});

test('a read answered 404 says the resource is gone; any other failure, or a body that is no object, says unreadable', async () => {
  expect((await locate(fakeDeps(() => ({ status: 404, body: '{"detail":"x"}' })).deps, readable, 'c1', 'l'))?.item).toBeNull();
  expect((await locate(fakeDeps(() => ({ status: 403, body: '{"id":"c1"}' })).deps, readable, 'c1', 'l'))?.item).toBeUndefined();
  expect((await locate(fakeDeps(() => ({ status: 200, body: '[{"id":"c1"}]' })).deps, readable, 'c1', 'l'))?.item).toBeUndefined();
  expect((await locate(fakeDeps(() => undefined).deps, readable, 'c1', 'l'))?.item).toBeUndefined();
});

test('without a read, the list is paged from offset 0 by the count of items seen, until the id shows; earlier pages are judged', async () => {
  const { deps, sent, judged } = fakeDeps(pagedList(30, 10));
  const found = await locate(deps, pagedOnly, 'i23', 'find it', { account: 'other' });
  expect(found?.operation).toBe(pagedOnly.lister);
  expect(found?.item).toEqual({ id: 'i23' });
  expect(sent.map((s) => s.queryParams)).toEqual([[['offset', '0']], [['offset', '10']], [['offset', '20']]]);
  expect(sent.every((s) => s.account === 'other')).toBe(true);
  expect(judged).toEqual([`${pagedOnly.lister!.id}@0`, `${pagedOnly.lister!.id}@10`]);
  expect(found?.testCase.queryParams).toEqual([['offset', '20']]);
});

test('an id is matched as a string, numbers included; items that are no objects are passed over', async () => {
  const { deps, sent } = fakeDeps(() => ({ body: JSON.stringify(['7', null, { id: 7 }]) }));
  expect((await locate(deps, pagedOnly, '7', 'l'))?.item).toEqual({ id: 7 });
  expect(sent).toHaveLength(1);
  const strings = fakeDeps((c) => ({ body: offsetOf(c) === 0 ? JSON.stringify(['7', { id: 8 }, { name: '7' }]) : '[]' }));
  expect((await locate(strings.deps, pagedOnly, '7', 'l'))?.item).toBeNull();
});

test('a list read to its end without the id says gone; the empty page that ends it decides', async () => {
  const { deps, sent, judged } = fakeDeps(pagedList(15, 10));
  const found = await locate(deps, pagedOnly, 'missing', 'l');
  expect(found?.item).toBeNull();
  expect(sent.map((s) => s.queryParams)).toEqual([[['offset', '0']], [['offset', '10']], [['offset', '15']]]);
  expect(judged).toHaveLength(2);
  expect(found?.testCase.queryParams).toEqual([['offset', '15']]);
});

test('a list page that is no array, or a refused one, says unreadable at once', async () => {
  for (const answer of [{ body: '{"items":[]}' }, { status: 401, body: '[]' }]) {
    const { deps, sent } = fakeDeps(() => answer);
    expect((await locate(deps, pagedOnly, 'x', 'l'))?.item).toBeUndefined();
    expect(sent).toHaveLength(1);
  }
});

test('a list without an offset is one page: the id in it is found, its absence says gone, and nothing is judged on the way', async () => {
  const hit = fakeDeps(() => ({ body: '[{"id":"f1"},{"id":"f2"}]' }));
  expect((await locate(hit.deps, onePage, 'f2', 'l'))?.item).toEqual({ id: 'f2' });
  const miss = fakeDeps(() => ({ body: '[{"id":"f1"},{"id":"f2"}]' }));
  expect((await locate(miss.deps, onePage, 'f3', 'l'))?.item).toBeNull();
  expect(miss.sent).toEqual([{ operation: onePage.lister!.id, pathParams: {}, queryParams: [], account: undefined }]);
  expect(miss.judged).toEqual([]);
});

test(`a list that never ends is read ${MAX_PAGES} pages deep, then unreadable, not gone`, async () => {
  const { deps, sent, judged } = fakeDeps((c) => ({ body: JSON.stringify([{ id: `n${offsetOf(c)}` }]) }));
  const found = await locate(deps, pagedOnly, 'never', 'l');
  expect(found?.item).toBeUndefined();
  expect(sent).toHaveLength(MAX_PAGES);
  expect(judged).toHaveLength(MAX_PAGES - 1);
  expect(sent.at(-1)?.queryParams).toEqual([['offset', String(MAX_PAGES - 1)]]);
});

test('a resource with neither a read nor a list cannot be located', async () => {
  const { deps, sent } = fakeDeps(() => ({ body: '[]' }));
  expect(await locate(deps, noLister, 'x', 'l')).toBeUndefined();
  expect(sent).toEqual([]);
});

test('the fields at stake are those a write body names, as the resource held them before; absent ones are left out', () => {
  const before = { id: 'm1', content: 'old', visibility: 'private', tags: ['a'] };
  const body = (value: unknown): Case['body'] => ({ kind: 'json', value, contentType: 'application/json' });
  expect(fieldsAtStake(body({ content: 'new', tags: [], nope: 1 }), before)).toEqual({ content: 'old', tags: ['a'] });
  expect(fieldsAtStake(body(['content']), before)).toEqual({});
  expect(fieldsAtStake({ kind: 'none' }, before)).toEqual({});
});
