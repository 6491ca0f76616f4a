import { fieldsBroughtBy } from '../contract/prose';
import { isObject } from '../contract/refs';
import { acceptedBody, queryValue } from './shapes';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';
import type { Finding } from '../model/finding';

export const wideningFlagApplied: Check = {
  name: 'widening_flag_applied',
  reason: 'A flag whose words bring a field into the answer (only present when `flag=true`) brings it: sent true, every answered object holds it.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const body = acceptedBody(ctx);
    const objects = Array.isArray(body) ? body : [body];
    const flags = ctx.operation.parameters.filter((p) => p.in === 'query' && queryValue(ctx, p.name) === 'true');
    const findings: Finding[] = [];
    let judged = false;
    for (const flag of flags) {
      for (const field of fieldsBroughtBy(ctx.contract, ctx.operation, flag.name)) {
        if (!objects.every(isObject)) continue;
        judged = true;
        const index = objects.findIndex((o) => !(field in (o as object)));
        if (index !== -1) findings.push({ message: `${flag.name}=true did not bring ${field} into the answer`, received: `${Array.isArray(body) ? `item ${index}` : 'the answer'} without ${field}`, documented: `${field} present when ${flag.name}=true`, location: field });
      }
    }
    return judged ? findings : 'not-applicable';
  },
};
