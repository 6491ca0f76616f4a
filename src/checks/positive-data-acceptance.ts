import { refusedAsWorded } from './prose-refusal';
import { acceptanceStatuses } from './statuses';
import { ANY_TARGET, responseOf } from './types';
import type { Check } from '../model/check';
import { unpinnedParts } from './unpinned';

export const positiveDataAcceptance: Check = {
  name: 'positive_data_acceptance',
  reason: 'A request the schema allows, sent with a valid credential, must be accepted with a documented success.',
  targets: ANY_TARGET,
  judge(ctx) {
    const response = responseOf(ctx);
    // A value frameworks read differently may be refused by a correct server: no verdict on acceptance.
    if (!response || ctx.testCase.expectation !== 'accept' || unpinnedParts(ctx).length > 0) return 'not-applicable';
    const accepted = acceptanceStatuses(ctx.operation);
    if (accepted.includes(String(response.status)) || refusedAsWorded(ctx, response.status)) return [];
    return [{ message: 'A valid request was rejected', received: String(response.status), documented: accepted.join(', '), location: ctx.testCase.phase === 'auth' ? 'authorization' : '' }];
  },
};
