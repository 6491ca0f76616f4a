import { expect, test } from 'vitest';
import type { QueryPair } from '../../../src/model/case';
import type { Exchange } from '../../../src/model/exchange';
import { idsOf, paginate } from '../../../src/transport/paginate';
import { contract } from '../support/contract';

// A list is read no further than its reader needs: `enough` stops it at the page that completes what
// is looked for, however long the list (an account with thousands of items).

const lister = contract.operations.find((op) => op.id === 'listMemories')!;

/** A list of `total` items, `size` a page, that counts the pages asked for. */
function bigList(total: number, size: number) {
  const asked: QueryPair[][] = [];
  const fetch = async (query: QueryPair[]): Promise<Exchange> => {
    asked.push(query);
    const offset = Number(query.find(([n]) => n === 'offset')?.[1] ?? 0);
    const items = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => ({ id: `m${offset + i}` }));
    return { request: { method: 'GET', url: 'http://127.0.0.1:1/', headers: {} }, response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) }, elapsedMs: 0, receivedAt: 0 };
  };
  return { asked, fetch };
}

test('a read stops at the page where the items read are enough, and says the list was not read to its end', async () => {
  const list = bigList(5_000, 25);
  const wanted = new Set(['m3', 'm30']);
  const listing = await paginate(lister, list.fetch, { pageSize: true, enough: (items) => idsOf(items).filter((id) => wanted.has(id)).length === wanted.size });
  expect(list.asked).toHaveLength(2);
  expect(listing.items).toHaveLength(50);
  expect(listing.ended).toBe(false);
});

test('without enough, or when what is looked for is not there, the list is read to its end', async () => {
  const list = bigList(60, 25);
  const listing = await paginate(lister, list.fetch, { pageSize: true, enough: (items) => idsOf(items).includes('absent') });
  expect(list.asked).toHaveLength(4);
  expect({ items: listing.items.length, ended: listing.ended }).toEqual({ items: 60, ended: true });
});
