import { inputRejectionStatuses } from './statuses';
import { ANY_TARGET, responseOf } from './types';
import type { Check } from '../model/check';
import { isUnpinned } from './unpinned';

export const negativeDataRejection: Check = {
  name: 'negative_data_rejection',
  reason: 'A request the schema forbids must get the documented rejection, not success and not another error.',
  targets: ANY_TARGET,
  judge(ctx) {
    const response = responseOf(ctx);
    // A break that some framework reads as a valid value may be accepted by a correct server: no verdict.
    if (!response || ctx.testCase.expectation !== 'reject-input' || isUnpinned(ctx, ctx.testCase.field ?? '')) return 'not-applicable';
    const rejections = inputRejectionStatuses(ctx.operation);
    if (rejections.length === 0) return 'not-applicable';
    if (rejections.includes(String(response.status))) return [];
    const accepted = response.status >= 200 && response.status < 300;
    return [{
      message: accepted ? 'An invalid request was accepted' : 'An invalid request got a rejection the contract does not document',
      received: String(response.status),
      documented: rejections.join(', '),
      location: ctx.testCase.field ?? '',
    }];
  },
};
