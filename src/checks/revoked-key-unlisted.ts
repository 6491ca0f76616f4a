import { listedKeys } from './listed-keys';
import { LIVE_ONLY, type Check } from './types';

export const revokedKeyUnlisted: Check = {
  name: 'revoked_key_unlisted',
  reason: 'Revoking deletes the key: after a 204 it is gone from the list.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const keyId = ctx.testCase.step?.keyId;
    const items = listedKeys(ctx);
    if (ctx.testCase.step?.name !== 'list-after-revoke' || !items || !keyId) return 'not-applicable';
    if (!items.some((i) => String(i.id) === keyId)) return [];
    return [{ message: 'A revoked key is still listed', received: `id ${keyId} listed`, documented: 'gone after 204', location: 'id' }];
  },
};
