import { pagingOf } from '../contract/lifecycle';
import { integerDefault } from '../contract/paging';
import type { Operation } from '../contract/load';
import { isObject } from '../contract/refs';
import type { QueryPair } from '../model/case';
import { jsonOf, type Exchange } from '../model/exchange';

/** A list is read at most this many pages deep; a longer one is incomplete, and only the run's own ids are then changed. */
export const MAX_PAGES = 200;

/** One page as it was asked for and answered: its items, or undefined when the answer was no list. */
export interface Page {
  query: QueryPair[];
  exchange: Exchange;
  items: unknown[] | undefined;
}

/** What reading a list found: every item of its pages, whether it was read to its end, and the item looked for, if met. */
export interface Listing {
  pages: Page[];
  items: unknown[];
  /** Read to its end: a page came back empty, or the list has no offset and no limit could have cut it. */
  ended: boolean;
  /** The item `until` stopped at. */
  found?: Record<string, unknown>;
}

export interface PaginateOptions {
  /** Query pairs every page carries (a filter). */
  query?: QueryPair[];
  /** Ask for pages of the limit's documented default, as the snapshot does; else leave the limit out. */
  pageSize?: boolean;
  /** Stop at the first page holding an item this accepts. */
  until?: (item: Record<string, unknown>) => boolean;
  /** Stop once the items read so far are enough (they hold every item looked for). */
  enough?: (items: readonly unknown[]) => boolean;
}

const idOf = (item: unknown) => (isObject(item) && (typeof item.id === 'string' || typeof item.id === 'number') ? String(item.id) : undefined);

/**
 * Reads a list page after page, by its offset parameter (found from the schemas), until a page is
 * empty, the item looked for is met (or the items read are `enough`), or the list cannot be read further: a page that is no list, a
 * page that shows nothing new (an offset ignored), or MAX_PAGES read. Without an offset there is one
 * page. `fetch` sends each page's request (and records it); the caller judges the pages.
 */
export async function paginate(lister: Operation, fetch: (query: QueryPair[]) => Promise<Exchange>, options: PaginateOptions = {}): Promise<Listing> {
  const paging = pagingOf(lister);
  const listing: Listing = { pages: [], items: [], ended: false };
  if (!paging) return listing;
  const size = options.pageSize && paging.limit ? integerDefault(paging.limit) : undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: QueryPair[] = [...(options.query ?? [])];
    if (paging.offset) query.push([paging.offset.name, String(listing.items.length)]);
    if (size !== undefined) query.push([paging.limit!.name, String(size)]);
    const exchange = await fetch(query);
    const value = exchange.response?.status === 200 ? jsonOf(exchange.response)?.value : undefined;
    const items = Array.isArray(value) ? value : undefined;
    listing.pages.push({ query, exchange, items });
    if (!items) return listing;
    listing.items.push(...items);
    listing.found = options.until ? items.find((item): item is Record<string, unknown> => isObject(item) && options.until!(item)) : undefined;
    // Without an offset there is one page: whole only when no limit could have cut it.
    if (!paging.offset) return { ...listing, ended: !paging.limit };
    if (items.length === 0) return { ...listing, ended: true };
    if (listing.found || options.enough?.(listing.items)) return listing;
    const fresh = items.map(idOf).filter((id) => id !== undefined && !seen.has(id));
    if (fresh.length === 0) return listing;
    for (const id of fresh) seen.add(id!);
  }
  return listing;
}

/** The ids of a list's items. */
export const idsOf = (items: readonly unknown[]) => items.flatMap((item) => (idOf(item) === undefined ? [] : [idOf(item)!]));
