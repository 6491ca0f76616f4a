import { ANY_TARGET } from './types';
import type { Check } from '../model/check';

export const targetResponds: Check = {
  name: 'target_responds',
  reason: 'Every request gets an HTTP answer within the timeout; a hang, refusal or reset is a failure, never retried away.',
  targets: ANY_TARGET,
  protocol: true,
  judge(ctx) {
    const failure = ctx.exchange.failure;
    if (!failure) return [];
    // A request the run held back was never the target's to answer.
    if (failure.kind === 'not-sent') return 'not-applicable';
    // One identity however the failure showed (timeout, reset, refused): the target stopped answering once.
    return [{ message: `No HTTP answer: ${failure.message}`, received: failure.kind, documented: 'an HTTP response', location: 'no answer' }];
  },
};
