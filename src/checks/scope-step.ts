import type { ScopeStep, ScopeStepName } from '../model/case';
import type { CheckContext } from '../model/check';

/** The scope probe step this exchange is, when it is one of `names`. */
export function scopeStep(ctx: CheckContext, ...names: ScopeStepName[]): ScopeStep | undefined {
  const step = ctx.testCase.step;
  return step && 'keyScopes' in step && names.includes(step.name) ? step : undefined;
}

/** Whether the key holds the scope the operation needs (an operation that names none needs none). */
export const keyHoldsScope = (step: ScopeStep) => step.required === null || step.keyScopes.includes(step.required);

export const REFUSED_STATUSES = [401, 403];
