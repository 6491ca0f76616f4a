import { resourceStep } from './read-back';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const useAfterDelete404: Check = {
  name: 'use_after_delete_404',
  reason: 'After a successful delete, reading, updating or deleting the resource again answers the documented 404; so does deleting an id never issued.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-read-after-delete', 'resource-updated-after-delete', 'resource-deleted-again', 'resource-deleted-unknown');
    const response = ctx.exchange.response;
    if (!step || !response || !ctx.operation.responses.some((r) => r.status === '404')) return 'not-applicable';
    if (response.status === 404) return [];
    return [{ message: step.name === 'resource-deleted-unknown' ? 'A delete of an id never issued was answered as if it existed' : 'A deleted resource was answered as if it still existed', received: String(response.status), documented: '404', location: step.name.replace('resource-', '') }];
  },
};
