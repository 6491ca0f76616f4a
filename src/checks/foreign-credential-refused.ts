import { authRejectionStatuses, documentedRefusal } from './statuses';
import { LIVE_ONLY, responseOf } from './types';
import type { Check } from '../model/check';

export const foreignCredentialRefused: Check = {
  name: 'foreign_credential_refused',
  reason: 'An operation opens only to the schemes its security names: a valid credential of another scheme of the contract must be refused (401).',
  // The mock accepts any credential of the right shape: only a real server knows whose a credential is.
  targets: LIVE_ONLY,
  judge(ctx) {
    const response = responseOf(ctx);
    const auth = ctx.testCase.auth;
    if (!response || auth.kind !== 'foreign-credential') return 'not-applicable';
    if (authRejectionStatuses(ctx.operation).includes(String(response.status))) return [];
    const how = response.status >= 400 && response.status < 500 ? `was refused ${response.status}, not as the contract refuses a credential it does not take` : 'was not refused';
    return [{ message: `A credential of scheme ${auth.of}, which this operation does not accept, ${how}`, received: String(response.status), documented: documentedRefusal(ctx.operation), location: `authorization: ${auth.of}` }];
  },
};
