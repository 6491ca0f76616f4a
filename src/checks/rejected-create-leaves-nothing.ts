import { listedKeys } from './listed-keys';
import { LIVE_ONLY, type Check } from './types';

export const rejectedCreateLeavesNothing: Check = {
  name: 'rejected_create_leaves_nothing',
  reason: 'A create that was rejected made no key: the list holds only keys the run received in a 200 (or had before it).',
  targets: LIVE_ONLY,
  judge(ctx) {
    const items = listedKeys(ctx);
    if (ctx.testCase.step?.name !== 'list-after-negatives' || !items) return 'not-applicable';
    const known = new Set([...ctx.run.ledger.keys.map((k) => k.id), ...ctx.run.ledger.preexisting]);
    const strays = items.filter((i) => !known.has(String(i.id)));
    if (strays.length === 0) return [];
    return [{ message: `${strays.length} key(s) in the list were never returned by a successful create`, received: strays.slice(0, 3).map((i) => `${i.id} (${i.key_prefix})`).join(', '), documented: 'no key from a rejected create', location: 'list' }];
  },
};
