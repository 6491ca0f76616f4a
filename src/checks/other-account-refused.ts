import { accountStep, intruderOf } from './account-step';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const otherAccountRefused: Check = {
  name: 'other_account_refused',
  reason: "One account's resource is not readable, changeable or deletable with another account's credential or its keys (broken object-level authorization).",
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = accountStep(ctx, 'account-probe');
    const response = ctx.exchange.response;
    if (!step || !response) return 'not-applicable';
    if (response.status < 200 || response.status >= 300) return [];
    return [{ message: `Another account's resource was answered with success for ${intruderOf(step)}`, received: `${response.status} for ${ctx.testCase.method} of ${step.probedId}`, documented: 'the 404 of a resource that does not exist for this account, or a documented refusal', location: step.probedId }];
  },
};
