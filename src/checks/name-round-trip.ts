import { createdKey, show } from './created-key';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';
import { isUnpinned } from './unpinned';

export const nameRoundTrip: Check = {
  name: 'name_round_trip',
  reason: 'The name is the caller\'s label for the key: it must come back exactly as sent, not trimmed or cut.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const created = createdKey(ctx);
    if (!created || typeof created.sent.name !== 'string' || isUnpinned(ctx, '/name')) return 'not-applicable';
    if (created.received.name === created.sent.name) return [];
    return [{ message: 'The name came back changed', received: show(created.received.name), documented: `as sent: ${show(created.sent.name)}`, location: 'name' }];
  },
};
