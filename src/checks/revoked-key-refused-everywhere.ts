import { REFUSED_STATUSES, scopeStep } from './scope-step';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const revokedKeyRefusedEverywhere: Check = {
  name: 'revoked_key_refused_everywhere',
  reason: 'A revoked key is refused on every route that accepted it before, data routes included, not only on the key routes.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = scopeStep(ctx, 'scope-revoked-key');
    const response = ctx.exchange.response;
    if (!step || !response) return 'not-applicable';
    if (REFUSED_STATUSES.includes(response.status)) return [];
    return [{ message: 'A revoked key was not refused', received: String(response.status), documented: '401', location: 'revoked key' }];
  },
};
