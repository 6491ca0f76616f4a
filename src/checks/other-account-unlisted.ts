import { isObject } from '../contract/refs';
import { accountStep, intruderOf } from './account-step';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const otherAccountUnlisted: Check = {
  name: 'other_account_unlisted',
  reason: "A list shows only its own account's resources: never one another account made.",
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = accountStep(ctx, 'account-listed');
    if (!step?.foreign || !step.listed || ctx.exchange.response?.status !== 200) return 'not-applicable';
    const foreign = new Set(step.foreign);
    const shown = step.listed.filter((item) => isObject(item) && (typeof item.id === 'string' || typeof item.id === 'number') && foreign.has(String(item.id))).map((item) => String((item as { id: unknown }).id));
    return shown.map((id) => ({ message: `The list for ${intruderOf(step)} shows a resource the other account made`, received: `id ${id} listed`, documented: "only this account's resources", location: 'id' }));
  },
};
