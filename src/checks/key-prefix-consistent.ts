import { createdKey, show } from './created-key';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

/** Where a display prefix stops being the key: a mask such as `...`, `…` or `*`. */
const MASK = /\.\.\.|…|\*/;

export const keyPrefixConsistent: Check = {
  name: 'key_prefix_consistent',
  reason: 'key_prefix identifies a key in lists, so its unmasked part must be the start of the key and say more than the shared prefix.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const created = createdKey(ctx);
    if (!created) return 'not-applicable';
    const secretProperty = ctx.run.roles.secretProperty;
    const key = created.received[secretProperty];
    const display = created.received.key_prefix;
    if (typeof display !== 'string' || typeof key !== 'string') {
      const missing = typeof display !== 'string' ? 'key_prefix' : secretProperty;
      return [{ message: `${missing} is missing from the new key`, received: typeof display !== 'string' ? show(display) : '(no key)', documented: `key_prefix, a prefix of ${secretProperty}`, location: missing }];
    }
    const visible = display.split(MASK)[0];
    if (key.startsWith(visible) && visible.length > ctx.run.facts.keyPrefix.length) return [];
    return [{ message: 'key_prefix is not a prefix of the key longer than the documented prefix', received: display, documented: `the start of the key, longer than ${ctx.run.facts.keyPrefix}`, location: 'key_prefix' }];
  },
};
