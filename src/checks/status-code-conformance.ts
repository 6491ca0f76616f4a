import { documentedResponse } from '../contract/load';
import { ANY_TARGET, documentedStatuses, responseOf } from './types';
import type { Check } from '../model/check';

export const statusCodeConformance: Check = {
  name: 'status_code_conformance',
  reason: 'Clients handle only the statuses the contract documents for the operation.',
  targets: ANY_TARGET,
  protocol: true,
  judge(ctx) {
    const response = responseOf(ctx);
    if (!response) return 'not-applicable';
    if (documentedResponse(ctx.operation, response.status)) return [];
    return [{ message: 'The status is not documented for this operation', received: String(response.status), documented: documentedStatuses(ctx.operation), location: '' }];
  },
};
