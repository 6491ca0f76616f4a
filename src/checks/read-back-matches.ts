import { fieldsDiffering, resourceStep, successBody } from './read-back';
import { isObject } from '../contract/refs';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const readBackMatches: Check = {
  name: 'read_back_matches',
  reason: 'A resource just created can be read by its id, and holds what it was created with.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-read');
    if (!step || !ctx.exchange.response) return 'not-applicable';
    const body = successBody(ctx);
    if (!isObject(body)) return [{ message: 'The resource just created could not be read by its id', received: String(ctx.exchange.response.status), documented: 'a 2xx with the resource', location: 'read' }];
    return fieldsDiffering(body, step.expected ?? {});
  },
};
