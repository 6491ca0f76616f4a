import { accountStep } from './account-step';
import { fieldsDiffering } from './read-back';
import { scopeStep } from './scope-step';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const refusedWriteChangesNothing: Check = {
  name: 'refused_write_changes_nothing',
  reason: "A write refused (for a missing scope, or as another account's) changes nothing: the resource reads back, with its owner's credential, as it was.",
  targets: LIVE_ONLY,
  judge(ctx) {
    const step = scopeStep(ctx, 'scope-after-refusal') ?? accountStep(ctx, 'account-after-refusal');
    if (!step?.expected) return 'not-applicable';
    const found = step.readBack;
    if (found === undefined) return 'not-applicable';
    if (found === null) return [{ message: 'The resource is gone after a delete that was refused', received: "not found with its owner's credential", documented: 'the resource, unchanged', location: 'deleted' }];
    return fieldsDiffering(found, step.expected).map((f) => ({ ...f, message: `${f.location} changed though the write was refused` }));
  },
};
