import { isObject } from '../contract/refs';
import { show } from './created-key';
import { acceptedBody, queryValue } from './shapes';
import { limitParameter } from '../contract/paging';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';
import { isUnpinned } from './unpinned';

export const listLimitRespected: Check = {
  name: 'list_limit_respected',
  reason: 'A list\'s page-size parameter bounds how many items it answers, its documented default when it is left out.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const limit = limitParameter(ctx.operation);
    const items = acceptedBody(ctx);
    if (!limit || !Array.isArray(items) || isUnpinned(ctx, `query:${limit.name}`)) return 'not-applicable';
    const sent = queryValue(ctx, limit.name);
    const absent = !(ctx.testCase.queryParams ?? []).some(([n]) => n === limit.name);
    // Only a canonical, non-negative integer says how many: the contract is silent on the rest.
    const bound = absent ? (isObject(limit.schema) ? (limit.schema.default as number) : undefined) : sent !== undefined && /^\d+$/.test(sent) ? Number(sent) : undefined;
    if (bound === undefined) return 'not-applicable';
    if (items.length <= bound) return [];
    return [{ message: `The list answered more items than ${limit.name} allows`, received: `${items.length} items`, documented: `at most ${bound} (${limit.name}=${absent ? `${show(bound)}, its default` : sent})`, location: `query:${limit.name}` }];
  },
};
