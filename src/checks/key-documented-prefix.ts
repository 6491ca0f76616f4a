import { createdKey, show } from './created-key';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const keyDocumentedPrefix: Check = {
  name: 'key_documented_prefix',
  reason: 'The bearer scheme documents that keys are prefixed with the key prefix; a new key must carry it.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const created = createdKey(ctx);
    const prefix = ctx.run.facts.keyPrefix;
    // A contract whose words state no prefix promises none (a contract note says so).
    if (!created || !prefix) return 'not-applicable';
    const key = created.received[ctx.run.roles.secretProperty];
    if (typeof key === 'string' && key.startsWith(prefix)) return [];
    return [{ message: `The new key does not start with the documented prefix ${prefix}`, received: typeof key === 'string' ? '[Filtered] (a key without the prefix; no part of it is shown)' : show(key), documented: `${prefix}…`, location: ctx.run.roles.secretProperty }];
  },
};
