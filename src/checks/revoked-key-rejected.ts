import { authRejectionStatuses, documentedRefusal } from './statuses';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const revokedKeyRejected: Check = {
  name: 'revoked_key_rejected',
  reason: 'The contract says requests using a revoked key stop working immediately: used as a credential after its delete it gets 401.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const response = ctx.exchange.response;
    if (ctx.testCase.step?.name !== 'resource-used-after-delete' || !response) return 'not-applicable';
    const documented = authRejectionStatuses(ctx.operation);
    if (documented.includes(String(response.status))) return [];
    return [{ message: 'A revoked key still opens the API', received: String(response.status), documented: documentedRefusal(ctx.operation), location: 'revoked key as credential' }];
  },
};
