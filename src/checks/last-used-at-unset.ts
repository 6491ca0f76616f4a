import { createdKey, show } from './created-key';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const lastUsedAtUnset: Check = {
  name: 'last_used_at_unset',
  reason: 'A key that was just created has never been used: last_used_at is null or absent.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const created = createdKey(ctx);
    if (!created) return 'not-applicable';
    const value = created.received.last_used_at;
    if (value === null || value === undefined) return [];
    return [{ message: 'last_used_at is set on a key just created', received: show(value), documented: 'null or absent', location: 'last_used_at' }];
  },
};
