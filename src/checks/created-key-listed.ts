import { listedKeys } from './listed-keys';
import { LIVE_ONLY, type Check } from './types';

export const createdKeyListed: Check = {
  name: 'created_key_listed',
  reason: 'The list shows all of the caller\'s keys: a key just created appears with its id and prefix.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const keyId = ctx.testCase.step?.keyId;
    const items = listedKeys(ctx);
    if (ctx.testCase.step?.name !== 'list-after-create' || !items || !keyId) return 'not-applicable';
    const key = ctx.run.ledger.keys.find((k) => k.id === keyId);
    const item = items.find((i) => String(i.id) === keyId);
    if (item && (!key?.keyPrefix || item.key_prefix === key.keyPrefix)) return [];
    return [{
      message: item ? 'The new key is listed with another key_prefix' : 'The new key is not in the list',
      received: item ? String(item.key_prefix) : `${items.length} item(s) without id ${keyId}`,
      documented: `id ${keyId} with key_prefix ${key?.keyPrefix}`,
      location: item ? 'key_prefix' : 'id',
    }];
  },
};
