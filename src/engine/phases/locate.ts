import { fieldOf } from '../../contract/filters';
import { readOf } from '../../contract/lifecycle';
import type { Operation } from '../../contract/load';
import { isObject } from '../../contract/refs';
import type { Resource } from '../../contract/resources';
import type { Case } from '../../model/case';
import { jsonOf, type Exchange } from '../../model/exchange';
import { paginate } from '../../transport/paginate';

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
 * page after page until it is met. `partial` says whose credential reads (its `account`).
 */
export async function locate(deps: LocateDeps, resource: Resource, id: string, label: string, partial: Partial<Case> = {}): Promise<Located | undefined> {
  const read = readOf(resource);
  const lister = resource.lister;
  if (read) {
    const testCase = deps.caseFor(read, label, { ...partial, pathParams: { [resource.idParameter!]: id } });
    const exchange = await deps.send(testCase);
    const body = exchange.response?.status === 200 ? jsonOf(exchange.response)?.value : undefined;
    return { operation: read, testCase, exchange, item: exchange.response?.status === 404 ? null : isObject(body) ? body : undefined };
  }
  if (!lister) return undefined;
  const pageCase = (query: Case['queryParams']) => deps.caseFor(lister, label, { ...partial, queryParams: query });
  const listing = await paginate(lister, (query) => deps.send(pageCase(query)), { until: (item) => String(item.id) === id });
  const last = listing.pages.at(-1);
  if (!last) return undefined;
  for (const page of listing.pages.slice(0, -1)) deps.judgePage(lister, pageCase(page.query), page.exchange);
  return { operation: lister, testCase: pageCase(last.query), exchange: last.exchange, item: listing.found ?? (last.items !== undefined && listing.ended ? null : undefined) };
}

/** The fields a refused write's body would change, as `before` held them: what must read back the same. */
export function fieldsAtStake(body: Case['body'], before: Record<string, unknown>): Record<string, unknown> {
  const names = body.kind === 'json' && isObject(body.value) ? Object.keys(body.value) : [];
  return Object.fromEntries(names.flatMap((n) => {
    const held = fieldOf(before, n);
    return held ? [[n, held.value]] : [];
  }));
}
