import { createdKey, show } from './created-key';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

export const createdAtRecent: Check = {
  name: 'created_at_recent',
  reason: 'created_at of a key just created is now, within the configured clock tolerance.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const created = createdKey(ctx);
    const value = created?.received.created_at;
    // Without an offset the instant is unknown (the schema check reports that); judging it in this
    // machine's timezone would make the verdict depend on where the suite runs.
    if (!created || typeof value !== 'string' || !HAS_OFFSET.test(value) || Number.isNaN(Date.parse(value))) return 'not-applicable';
    // Against when the answer arrived, not when it is judged (after the phase and any shrinking).
    const arrived = ctx.exchange.receivedAt;
    const skew = Math.abs(Date.parse(value) - arrived);
    if (skew <= ctx.run.clockToleranceMs) return [];
    return [{ message: `created_at is ${Math.round(skew / 1000)} s away from this machine's clock`, received: show(value), documented: `within ${ctx.run.clockToleranceMs / 1000} s of ${new Date(arrived).toISOString()}`, location: 'created_at' }];
  },
};
