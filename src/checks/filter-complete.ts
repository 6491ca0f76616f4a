import { limitParameter, offsetParameter } from '../contract/paging';
import { listedItem, resourceStep } from './read-back';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';
import { unpinnedParts } from './unpinned';

export const filterComplete: Check = {
  name: 'filter_complete',
  reason: 'A filter set to a resource\'s own value, or a flag that widens the answer, still lists that resource: filters are complete as well as sound.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-filtered');
    // A list whose words exclude the resource's state, or one not read whole, cannot show it missing.
    // A filter value frameworks read differently pins no answer.
    if (!step?.listed || step.expectListed !== true || !step.listed.complete || unpinnedParts(ctx).length > 0) return 'not-applicable';
    if (listedItem(step) !== undefined) return [];
    const paging = [offsetParameter(ctx.operation)?.name, limitParameter(ctx.operation)?.name];
    const filters = (ctx.testCase.queryParams ?? []).filter(([name]) => !paging.includes(name));
    const shown = filters.map(([name, value]) => `${name}=${value}`).join('&');
    return [{ message: 'A resource that matches the filter is missing from its answer', received: `${step.listed.items.length} item(s) without id ${step.resourceId} (${shown})`, documented: `id ${step.resourceId} listed: it holds the value filtered on`, location: `query:${filters.map(([name]) => name).join('&')}` }];
  },
};
