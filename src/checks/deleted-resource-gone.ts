import { listedItem, resourceStep } from './read-back';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const deletedResourceGone: Check = {
  name: 'deleted_resource_gone',
  reason: 'A resource deleted with success is gone: its list no longer shows it.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-listed-after-delete');
    if (!step?.listed) return 'not-applicable';
    if (listedItem(step) === undefined) return [];
    return [{ message: 'A deleted resource is still listed', received: `id ${step.resourceId} listed`, documented: 'gone after a successful delete', location: 'list' }];
  },
};
