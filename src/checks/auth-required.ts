import { documentedResponse } from '../contract/load';
import { jsonOf } from '../model/exchange';
import { authRejectionStatuses, documentedRefusal } from './statuses';
import { ANY_TARGET, responseOf } from './types';
import type { Check } from '../model/check';

export const authRequired: Check = {
  name: 'auth_required',
  reason: 'The operation is guarded by bearer auth: a request without a usable bearer credential must get 401 and its documented body.',
  targets: ANY_TARGET,
  judge(ctx) {
    const response = responseOf(ctx);
    const auth = ctx.testCase.auth;
    // Unknown tokens, other schemes' credentials and revoked keys have their own checks: only a real server knows whose a token is.
    if (!response || ctx.testCase.expectation !== 'reject-auth' || auth.kind === 'unknown-token' || auth.kind === 'foreign-credential' || ctx.testCase.step) return 'not-applicable';
    const documented = authRejectionStatuses(ctx.operation);
    // One identity per operation and status, whichever unusable credential showed it: a server that
    // answers 403 to every one of them has one discrepancy, not four.
    const location = 'authorization';
    if (!documented.includes(String(response.status))) {
      return [{ message: 'A request without a usable credential was not answered 401', received: String(response.status), documented: documentedRefusal(ctx.operation), location }];
    }
    const media = documentedResponse(ctx.operation, response.status)?.content[0];
    if (!media) return [];
    const parsed = jsonOf(response);
    if (!parsed) return [{ message: 'The 401 body is not the documented error body', received: response.body || '(empty body)', documented: media.pointer, location: `${location} (body)` }];
    const errors = ctx.oracle.validate(media.pointer, parsed.value);
    return errors.length === 0 ? [] : [{ message: `The 401 body breaks its schema: ${errors[0].message}`, received: response.body, documented: media.pointer, location: `${location} (body)` }];
  },
};
