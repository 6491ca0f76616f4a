import type { Operation, ParameterSpec } from '../contract/load';
import { integerDefault, limitParameter, offsetParameter } from '../contract/paging';
import { isObject } from '../contract/refs';
import type { Resource } from '../contract/resources';
import type { QueryPair } from '../model/case';
/** A list is read at most this many pages deep; a longer one is incomplete, and only the run's own ids are then changed. */
export const MAX_SNAPSHOT_PAGES = 200;

/** What one list of the snapshot showed: its ids, and whether it was read to its end. */
export interface ListedIds {
  ids: string[];
  complete: boolean;
}

/**
 * How a list is paged, read from its parameters' schemas: the integer query parameter that defaults
 * to 0 skips items (an offset); one that defaults to more bounds the page (a limit). Undefined when a
 * required query parameter leaves the whole list out of reach.
 */
export function pagingOf(lister: Operation): { offset?: ParameterSpec; limit?: ParameterSpec } | undefined {
  const query = lister.parameters.filter((p) => p.in === 'query');
  if (query.some((p) => p.required)) return undefined;
  return { offset: offsetParameter(lister), limit: limitParameter(lister) };
}

/**
 * Every id a resource's list shows, page after page until a page is empty. A list that cannot be
 * paged (a limit but no offset), that answers anything but an array, that repeats a page (an offset
 * ignored) or that runs past MAX_SNAPSHOT_PAGES is incomplete.
 */
export async function listAllIds(resource: Resource, fetchPage: (query: QueryPair[]) => Promise<unknown>): Promise<ListedIds> {
  const paging = resource.lister && pagingOf(resource.lister);
  if (!paging) return { ids: [], complete: false };
  const seen = new Set<string>();
  const limit = paging.limit;
  const pageSize = limit && integerDefault(limit);
  let offset = 0;
  for (let page = 0; page < MAX_SNAPSHOT_PAGES; page++) {
    const query: QueryPair[] = [];
    if (paging.offset) query.push([paging.offset.name, String(offset)]);
    if (limit) query.push([limit.name, String(pageSize)]);
    const items = await fetchPage(query);
    if (!Array.isArray(items)) return { ids: [...seen], complete: false };
    const ids = items.filter((item) => isObject(item) && (typeof item.id === 'string' || typeof item.id === 'number')).map((item) => String((item as { id: unknown }).id));
    const fresh = ids.filter((id) => !seen.has(id));
    for (const id of fresh) seen.add(id);
    // Without an offset there is one page: whole only when no limit could have cut it.
    if (!paging.offset) return { ids: [...seen], complete: !limit };
    if (items.length === 0) return { ids: [...seen], complete: true };
    if (fresh.length === 0) return { ids: [...seen], complete: false };
    offset += items.length;
  }
  return { ids: [...seen], complete: false };
}
