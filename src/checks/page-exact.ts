import { limitParameter, offsetParameter } from '../contract/paging';
import { isObject } from '../contract/refs';
import { show } from './created-key';
import { queryValue } from './shapes';
import { resourceStep, successBody } from './read-back';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

const idOf = (item: unknown) => (isObject(item) && item.id !== undefined ? String(item.id) : '(no id)');

export const pageExact: Check = {
  name: 'page_exact',
  reason: 'A page at offset k of size n is exactly items k to k+n-1 of the list read just before it, with no write in between.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-paged');
    const page = successBody(ctx);
    const offset = offsetParameter(ctx.operation);
    const limit = limitParameter(ctx.operation);
    const k = offset && Number(queryValue(ctx, offset.name));
    const n = limit && Number(queryValue(ctx, limit.name));
    if (!step?.listed || !Array.isArray(page) || !Number.isInteger(k) || !Number.isInteger(n)) return 'not-applicable';
    const whole = step.listed.items;
    // Only a reference that reaches past the page, or is the whole list, says what the page holds.
    if (whole.length < (k as number) + (n as number) && !step.listed.complete) return 'not-applicable';
    const expected = whole.slice(k as number, (k as number) + (n as number)).map(idOf);
    const received = page.map(idOf);
    if (show(expected) === show(received)) return [];
    return [{ message: `The page at ${offset!.name}=${k}, ${limit!.name}=${n} is not that slice of the list`, received: `ids ${show(received)}`, documented: `ids ${show(expected)} (items ${k} to ${(k as number) + (n as number) - 1} of the list read just before)`, location: 'page' }];
  },
};
