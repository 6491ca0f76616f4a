import { listedKeys } from './listed-keys';
import { LIVE_ONLY, type Check } from './types';

export const rejectedCreateLeavesNothing: Check = {
  name: 'rejected_create_leaves_nothing',
  reason: 'A create that was rejected made no key: the list holds only keys the run received in a 200 (or had before it).',
  targets: LIVE_ONLY,
  judge(ctx) {
    const items = listedKeys(ctx);
    // Without the list from before the run, old keys cannot be told from strays.
    if (ctx.testCase.step?.name !== 'list-after-negatives' || !items || !ctx.run.ledger.preexistingKnown) return 'not-applicable';
    const { ledger } = ctx.run;
    const strays = items.filter((i) => !ledger.preexisting.has(String(i.id)) && !ledger.issuedToRun(String(i.id)));
    if (strays.length === 0) return [];
    return [{ message: `${strays.length} key(s) in the list were never returned by a successful create`, received: strays.slice(0, 3).map((i) => `${i.id} (${i.key_prefix})`).join(', '), documented: 'no key from a rejected create', location: 'list' }];
  },
};
