import { keyHoldsScope, scopeStep } from './scope-step';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const scopeEnforced: Check = {
  name: 'scope_enforced',
  reason: 'A key is created with scopes: a request needing a scope the key lacks must not succeed (a read-only key never writes).',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = scopeStep(ctx, 'scope-probe');
    const response = ctx.exchange.response;
    if (!step || !response || keyHoldsScope(step)) return 'not-applicable';
    if (response.status < 200 || response.status >= 300) return [];
    return [{ message: `A key without ${step.required} was answered with success`, received: `${response.status} for a key with scopes [${step.keyScopes.join(', ')}]`, documented: `a refusal: ${step.required} is required`, location: step.required! }];
  },
};
