import { boundDates, fieldsOf, filtersOf, leaf, type FilterReading } from '../contract/filters';
import { isObject, mainType } from '../contract/refs';
import { show } from './created-key';
import { acceptedBody, queryValue, shapesOf } from './shapes';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';
import type { Finding } from '../model/finding';
import { isUnpinned } from './unpinned';

interface Reading {
  /** Whether one item's fields admit the filter value; an item is flagged only when no reading admits it. */
  admits(item: Record<string, unknown>): boolean;
  documented: string;
}

/** How a filter sent with this text is read against an item; undefined when it reads no field of the items. */
function readingOf(filter: FilterReading, text: string): Reading | undefined {
  if (filter.kind === 'bound') {
    const bound = Date.parse(text);
    if (Number.isNaN(bound)) return undefined;
    return {
      admits: (item) => boundDates(filter, item).some((v) => (filter.lower ? Date.parse(v) >= bound : Date.parse(v) <= bound)),
      documented: `a date ${filter.lower ? 'at or after' : 'at or before'} ${text}`,
    };
  }
  if (filter.kind !== 'equals') return undefined;
  const wanted = filter.boolean ? (text === 'true' ? [true] : text === 'false' ? [false] : undefined) : filter.several ? text.split(',').map((v) => v.trim()).filter(Boolean) : [text];
  if (!wanted || wanted.length === 0) return undefined;
  return {
    admits: (item) => fieldsOf(item).some(([path, v]) => leaf(path) === filter.field && wanted.includes(v as never)),
    documented: `${filter.field} ${wanted.length > 1 ? `one of ${show(wanted)}` : `= ${show(wanted[0])}`}`,
  };
}

export const filteredListMatches: Check = {
  name: 'filtered_list_matches',
  reason: 'Every item a filtered list answers satisfies the filter as the contract words it.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const items = acceptedBody(ctx);
    const { success } = shapesOf(ctx.contract, ctx.operation);
    if (!Array.isArray(items) || !success || mainType(success) !== 'array') return 'not-applicable';
    const findings: Finding[] = [];
    let judged = false;
    for (const filter of filtersOf(ctx.contract, ctx.operation)) {
      const { param } = filter;
      const text = queryValue(ctx, param.name);
      // A value frameworks read differently (empty, blank, padded...) is no filter the contract pins down.
      const reading = text === undefined || isUnpinned(ctx, `query:${param.name}`) ? undefined : readingOf(filter, text);
      if (!reading) continue;
      judged = true;
      const index = items.findIndex((item) => isObject(item) && !reading.admits(item));
      if (index !== -1) findings.push({ message: `An item the ${param.name} filter excludes was listed`, received: `item ${index}: ${show(items[index]).slice(0, 200)}`, documented: reading.documented, location: `query:${param.name}` });
    }
    return judged ? findings : 'not-applicable';
  },
};
