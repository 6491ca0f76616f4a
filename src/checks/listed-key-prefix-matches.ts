import { listedItem, resourceStep } from './read-back';
import { listedKeys } from './listed-keys';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const listedKeyPrefixMatches: Check = {
  name: 'listed_key_prefix_matches',
  reason: 'The list tells keys apart by their prefix: a key just created is listed with the key_prefix its create answered.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-listed');
    // A key missing from the list is created_resource_listed's finding.
    const item = step && listedKeys(ctx) && listedItem(step);
    const created = item && ctx.run.ledger.keys.find((k) => k.id === step.resourceId)?.shown.key_prefix;
    if (!item || typeof created !== 'string') return 'not-applicable';
    if (item.key_prefix === created) return [];
    return [{ message: 'The new key is listed with another key_prefix', received: String(item.key_prefix), documented: `key_prefix ${created}, as its create answered`, location: 'key_prefix' }];
  },
};
