import { isObject } from '../contract/refs';
import { fieldsDiffering, listedItem, resourceStep, successBody } from './read-back';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const updateApplied: Check = {
  name: 'update_applied',
  reason: 'An update answered with success is applied: reading the resource back, by id or in its list, shows it.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-read-after-update', 'resource-listed-after-update');
    if (!step?.expected) return 'not-applicable';
    const item = step.name === 'resource-read-after-update' ? successBody(ctx) : listedItem(step);
    return isObject(item) ? fieldsDiffering(item, step.expected) : 'not-applicable';
  },
};
