import { LIVE_ONLY, type Check } from './types';

export const revokeMissingIs404: Check = {
  name: 'revoke_missing_is_404',
  reason: 'Revoking a key that is already revoked, or never existed, answers the documented 404, not a silent 204.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = ctx.testCase.step?.name;
    const response = ctx.exchange.response;
    if ((step !== 'revoke-again' && step !== 'revoke-unknown') || !response) return 'not-applicable';
    if (!ctx.operation.responses.some((r) => r.status === '404')) return 'not-applicable';
    if (response.status === 404) return [];
    return [{ message: step === 'revoke-again' ? 'Revoking a revoked key did not answer 404' : 'Revoking an id that never existed did not answer 404', received: String(response.status), documented: '404', location: step }];
  },
};
