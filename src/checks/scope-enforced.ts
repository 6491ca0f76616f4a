import { keyHoldsScope, scopeStep } from './scope-step';
import { scopeRefusalStatus } from './statuses';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const scopeEnforced: Check = {
  name: 'scope_enforced',
  reason: 'A key is created with scopes: a request needing a scope the key lacks must not succeed (a read-only key never writes), and is refused with the status the words give a missing permission.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = scopeStep(ctx, 'scope-probe');
    const response = ctx.exchange.response;
    if (!step || !response || keyHoldsScope(step)) return 'not-applicable';
    if (response.status < 200 || response.status >= 300) {
      // Where the words give the two refusals different meanings, a key without the scope gets the 403 they give it.
      const owed = scopeRefusalStatus(ctx.operation);
      if (!owed || String(response.status) === owed || (response.status !== 401 && response.status !== 403)) return [];
      return [{ message: `A key without ${step.required} was refused ${response.status}, which the contract gives to a missing or invalid credential`, received: String(response.status), documented: `${owed}: ${ctx.operation.responses.find((r) => r.status === owed)!.description}`, location: step.required! }];
    }
    return [{ message: `A key without ${step.required} was answered with success`, received: `${response.status} for a key with scopes [${step.keyScopes.join(', ')}]`, documented: `a refusal: ${step.required} is required`, location: step.required! }];
  },
};
