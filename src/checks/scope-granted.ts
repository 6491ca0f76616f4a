import { keyHoldsScope, REFUSED_STATUSES, scopeStep } from './scope-step';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const scopeGranted: Check = {
  name: 'scope_granted',
  reason: 'A key created with the scope an operation needs is not refused it: the scopes asked for are the scopes held.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = scopeStep(ctx, 'scope-probe');
    const response = ctx.exchange.response;
    if (!step || !response || step.required === null || !keyHoldsScope(step)) return 'not-applicable';
    if (!REFUSED_STATUSES.includes(response.status)) return [];
    return [{ message: `A key holding ${step.required} was refused`, received: `${response.status} for a key with scopes [${step.keyScopes.join(', ')}]`, documented: `${step.required} is what the operation needs`, location: step.required }];
  },
};
