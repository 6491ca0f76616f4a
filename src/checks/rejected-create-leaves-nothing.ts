import { isObject } from '../contract/refs';
import { resourceStep } from './read-back';
import { listedKeys } from './listed-keys';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const rejectedCreateLeavesNothing: Check = {
  name: 'rejected_create_leaves_nothing',
  reason: 'A create that was rejected made no key: the list holds only keys the run received in a success (or had before it).',
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = resourceStep(ctx, 'resource-listed-before');
    const collection = ctx.run.roles.resource?.collection;
    if (!step?.listed?.complete || !listedKeys(ctx) || collection === undefined) return 'not-applicable';
    // Without the whole list from before the run, old keys cannot be told from strays; nor from a list not read to its end.
    const before = ctx.run.preexisting(collection);
    if (!before) return 'not-applicable';
    const { ledger } = ctx.run;
    const items = step.listed.items.filter(isObject);
    const strays = items.filter((i) => !before.has(String(i.id)) && !ledger.issuedToRun(String(i.id)));
    if (strays.length === 0) return [];
    return [{ message: `${strays.length} key(s) in the list were never returned by a successful create`, received: strays.slice(0, 3).map((i) => `${i.id} (${i.key_prefix})`).join(', '), documented: 'no key from a rejected create', location: 'list' }];
  },
};
