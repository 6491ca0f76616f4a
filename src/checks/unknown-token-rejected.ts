import { authRejectionStatuses, documentedRefusal } from './statuses';
import { LIVE_ONLY, responseOf } from './types';
import type { Check } from '../model/check';

export const unknownTokenRejected: Check = {
  name: 'unknown_token_rejected',
  reason: 'A well-formed token the server never issued must not open the API (401).',
  // Prism accepts any bearer token: only a real server can answer this.
  targets: LIVE_ONLY,
  judge(ctx) {
    const response = responseOf(ctx);
    if (!response || ctx.testCase.auth.kind !== 'unknown-token') return 'not-applicable';
    const documented = authRejectionStatuses(ctx.operation);
    if (documented.includes(String(response.status))) return [];
    return [{ message: 'An unknown token was not rejected with 401', received: String(response.status), documented: documentedRefusal(ctx.operation), location: 'authorization: unknown token' }];
  },
};
