import { isObject } from '../contract/refs';
import { fieldsDiffering, listedItem, resourceStep, successBody } from './read-back';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const sequenceStateMatches: Check = {
  name: 'sequence_state_matches',
  reason: 'After every command of a random sequence, each resource it made reads back, by id or in its list, holding what the model of what was sent says.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-held');
    if (!step?.expected || step.resourceId === '') return 'not-applicable';
    if (step.listed) {
      const item = listedItem(step);
      if (item) return fieldsDiffering(item, step.expected);
      if (!step.listed.complete) return 'not-applicable';
      return [{ message: 'A resource the sequence made and did not delete is missing from its list', received: `${step.listed.items.length} item(s) without id ${step.resourceId}`, documented: `id ${step.resourceId} listed`, location: 'list' }];
    }
    const body = successBody(ctx);
    if (isObject(body)) return fieldsDiffering(body, step.expected);
    const status = ctx.exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    return [{ message: 'A resource the sequence made and did not delete could not be read by its id', received: String(status), documented: 'a 2xx with the resource', location: 'read' }];
  },
};
