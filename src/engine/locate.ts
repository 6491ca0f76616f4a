import { fieldOf } from '../contract/filters';
import type { Operation } from '../contract/load';
import { isObject } from '../contract/refs';
import type { Resource } from '../contract/resources';
import type { Case } from '../model/case';
import { jsonOf, type Exchange } from '../model/exchange';
import { pagingOf } from './snapshot';
/** A list is read at most this many pages deep to find one resource in it. */
export const MAX_PAGES = 40;

/** What reading one resource back found: the request and answer that decided it, and the item (null: gone; undefined: unreadable). */
export interface Located {
  operation: Operation;
  testCase: Case;
  exchange: Exchange;
  item: Record<string, unknown> | null | undefined;
}

export interface LocateDeps {
  /** Sends a case and records it (not judged: the caller judges the last exchange, with its step). */
  send: (testCase: Case) => Promise<Exchange>;
  /** Judges a page read on the way (every page but the last). */
  judgePage: (operation: Operation, testCase: Case, exchange: Exchange) => void;
  /** The plain case for an operation: a valid request with a credential, `partial` on top. */
  caseFor: (operation: Operation, label: string, partial?: Partial<Case>) => Case;
}

/**
 * A resource as one credential reads it now: by id where the contract can, else found in its list,
 * page after page. `partial` says whose credential reads (its `account`).
 */
export async function locate(deps: LocateDeps, resource: Resource, id: string, label: string, partial: Partial<Case> = {}): Promise<Located | undefined> {
  const read = resource.consumers.find((op) => op.method === 'GET');
  const lister = resource.lister;
  const paging = lister && pagingOf(lister);
  if (read) {
    const testCase = deps.caseFor(read, label, { ...partial, pathParams: { [resource.idParameter!]: id } });
    const exchange = await deps.send(testCase);
    const body = exchange.response?.status === 200 ? jsonOf(exchange.response)?.value : undefined;
    return { operation: read, testCase, exchange, item: exchange.response?.status === 404 ? null : isObject(body) ? body : undefined };
  }
  if (!lister || !paging) return undefined;
  let seen = 0;
  for (let page = 0; ; page++) {
    const testCase = deps.caseFor(lister, label, { ...partial, queryParams: paging.offset ? [[paging.offset.name, String(seen)]] : [] });
    const exchange = await deps.send(testCase);
    const value = exchange.response?.status === 200 ? jsonOf(exchange.response)?.value : undefined;
    const items = Array.isArray(value) ? value : [];
    seen += items.length;
    const item = items.find((i): i is Record<string, unknown> => isObject(i) && String(i.id) === id);
    const end = items.length === 0 || !paging.offset;
    if (item || end || !Array.isArray(value) || page === MAX_PAGES - 1) return { operation: lister, testCase, exchange, item: item ?? (Array.isArray(value) && end ? null : undefined) };
    deps.judgePage(lister, testCase, exchange);
  }
}

/** The fields a refused write's body would change, as `before` held them: what must read back the same. */
export function fieldsAtStake(body: Case['body'], before: Record<string, unknown>): Record<string, unknown> {
  const names = body.kind === 'json' && isObject(body.value) ? Object.keys(body.value) : [];
  return Object.fromEntries(names.flatMap((n) => {
    const held = fieldOf(before, n);
    return held ? [[n, held.value]] : [];
  }));
}
