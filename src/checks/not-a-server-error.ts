import { ANY_TARGET, responseOf } from './types';
import type { Check } from '../model/check';

export const notAServerError: Check = {
  name: 'not_a_server_error',
  reason: 'A 5xx means the server failed on input it should have handled, whatever the contract documents.',
  targets: ANY_TARGET,
  protocol: true,
  judge(ctx) {
    const response = responseOf(ctx);
    if (!response) return 'not-applicable';
    if (response.status < 500) return [];
    return [{ message: 'The server answered with a server error', received: String(response.status), documented: 'no 5xx', location: '' }];
  },
};
