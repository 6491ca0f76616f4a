import { integerDefault, limitParameter } from '../contract/paging';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const documentedDefaultHolds: Check = {
  name: 'documented_default_holds',
  reason: 'A list read without its page-size parameter pages by the documented default: a page that holds fewer is the last with any item.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = ctx.testCase.step;
    const limit = limitParameter(ctx.operation);
    const size = limit && integerDefault(limit);
    const pages = step?.resourceId !== undefined ? step.listed?.pages : undefined;
    const sent = (ctx.testCase.queryParams ?? []).some(([name]) => name === limit?.name);
    // One page alone cannot show a short page: only a page followed by one with items can.
    if (size === undefined || !pages || pages.length < 2 || sent) return 'not-applicable';
    const short = pages.findIndex((count, i) => count < size && pages.slice(i + 1).some((later) => later > 0));
    if (short === -1) return [];
    return [{ message: `A page held ${pages[short]} items, not the default ${size}, and more came after it`, received: `pages of ${pages.join(', ')} items`, documented: `${limit!.name} defaults to ${size}: full pages of ${size} until the last with items`, location: `query:${limit!.name}` }];
  },
};
