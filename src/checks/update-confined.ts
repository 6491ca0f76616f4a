import { isObject } from '../contract/refs';
import { fieldsDiffering, listedItem, resourceStep, successBody } from './read-back';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const updateConfined: Check = {
  name: 'update_confined',
  reason: 'An update changes only the resource it names: another resource the run made reads back as it was.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-other-after-update');
    if (!step?.expected || Object.keys(step.expected).length === 0) return 'not-applicable';
    const item = step.listed ? listedItem(step) : successBody(ctx);
    if (!isObject(item)) return 'not-applicable';
    return fieldsDiffering(item, step.expected).map((f) => ({ ...f, message: `${f.location} of another resource changed when this one was updated` }));
  },
};
